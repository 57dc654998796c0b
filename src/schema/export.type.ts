import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** The formats a campaign exports to (GraphQL enum values; the route uses the file extensions). */
export enum ExportFormatEnum {
  MARKDOWN = 'MARKDOWN',
  CSV = 'CSV',
  JSON = 'JSON',
}

registerEnumType(ExportFormatEnum, {
  name: 'ExportFormat',
  description: 'The file format of a campaign export.',
  valuesConfig: {
    MARKDOWN: { description: 'Markdown a client reads as a deliverable (`.md`).' },
    CSV: { description: 'RFC 4180 CSV, one row per variant, formula-looking cells neutralised (`.csv`).' },
    JSON: { description: 'The whole snapshot as JSON, for programs (`.json`).' },
  },
});

@ObjectType('ExportFile', { description: 'A campaign rendered as a file: its name, media type and content.' })
export class ExportFileType {
  @Field(() => String, { description: 'A file name made from the campaign name, e.g. `spring-launch.csv`.' })
  filename!: string;

  @Field(() => String, { description: 'The media type, with its charset, e.g. `text/csv; charset=utf-8`.' })
  contentType!: string;

  @Field(() => String, { description: 'The file itself, as text.' })
  content!: string;
}
