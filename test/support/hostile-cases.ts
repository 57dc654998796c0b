import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/** One hostile value and how a failure report names it. */
export interface Hostile {
  label: string;
  value: unknown;
}

/** One request of the sweep: a root field with every argument valid except one leaf. */
export interface HostileCase {
  operation: 'query' | 'mutation';
  field: string;
  /** Dotted from the argument: `input.brief.features.0`. */
  leaf: string;
  /** Where the varied value sits in the schema: `Mutation.createCampaign.input` or `BriefInput.features`. */
  coordinate: string;
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Valid values to start from, by coordinate: `Query.template.key` (an argument), `BriefInput.features` (an input
 * field), `BriefInput` (a whole input object), or a bare name (`campaignId`) for that name anywhere.
 */
export type BaseValues = Readonly<Record<string, unknown>>;

/** Input fields that exclude each other (give one or the other): the base keeps the first, a variation its own. */
export type ExclusiveFields = Readonly<Record<string, readonly string[]>>;

export interface SweepSchema {
  schema: GraphQLSchema;
  base: BaseValues;
  exclusive: ExclusiveFields;
}

const STRINGS: Hostile[] = [
  { label: 'empty string', value: '' },
  { label: '200,000 characters', value: 'x'.repeat(200_000) },
  { label: 'NUL', value: 'a\u0000b' },
  { label: 'lone surrogate', value: '\ud800' },
  { label: 'SQL fragment', value: "'; drop table campaign; --" },
  { label: 'HTML fragment', value: '<script>alert(1)</script>' },
];
const INTS: Hostile[] = [
  { label: 'largest Int', value: 2_147_483_647 },
  { label: 'smallest Int', value: -2_147_483_648 },
  { label: 'Int out of range', value: 2_147_483_648 },
];
const FLOATS: Hostile[] = [
  { label: 'huge Float', value: 1e308 },
  { label: 'huge negative Float', value: -1e308 },
];
const DATES: Hostile[] = [
  { label: 'not a date', value: 'not-a-date' },
  { label: 'impossible date', value: '9999-99-99T99:99:99Z' },
];
const LIST_LENGTH = 1_000;

/** The hostile values for a leaf of this type. */
function hostileFor(type: GraphQLNamedType): Hostile[] {
  if (isEnumType(type)) return [{ label: 'unknown enum value', value: 'NOT_A_VALUE' }];
  switch (type.name) {
    case 'Int':
      return INTS;
    case 'Float':
      return FLOATS;
    case 'DateTime':
      return DATES;
    case 'Boolean':
      return [{ label: 'string for Boolean', value: 'true' }];
    default:
      // String, ID and any other scalar: strings are what a client can always send.
      return STRINGS;
  }
}

function scalarBase(type: GraphQLNamedType): unknown {
  if (isEnumType(type)) return type.getValues()[0]?.name;
  const values: Record<string, unknown> = {
    Int: 1,
    Float: 1.5,
    Boolean: true,
    DateTime: '2030-01-01T00:00:00.000Z',
  };
  return type.name in values ? values[type.name] : 'Sweep value';
}

/** A valid value of `type` at `owner.name`, from the base values where they say, otherwise made up. */
function baseValue(sweep: SweepSchema, type: GraphQLInputType, owner: string, name: string): unknown {
  const { base } = sweep;
  const coordinate = `${owner}.${name}`;
  if (coordinate in base) return base[coordinate];
  if (name in base) return base[name];
  if (isNonNullType(type)) return baseValue(sweep, type.ofType, owner, name);
  if (isListType(type)) return [baseValue(sweep, type.ofType, owner, name)];
  if (isInputObjectType(type)) {
    if (type.name in base) return base[type.name];
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      value[field.name] = baseValue(sweep, field.type, type.name, field.name);
    }
    return keepOne(sweep, type.name, value, undefined);
  }
  return scalarBase(type);
}

/** Drops the fields that exclude `keep` (or, without `keep`, all but the first of each group). */
function keepOne(
  sweep: SweepSchema,
  typeName: string,
  value: Record<string, unknown>,
  keep: string | undefined,
): Record<string, unknown> {
  const group = sweep.exclusive[typeName];
  if (!group) return value;
  const kept = keep !== undefined && group.includes(keep) ? keep : group[0];
  return Object.fromEntries(Object.entries(value).filter(([key]) => key === kept || !group.includes(key)));
}

interface Variation {
  leaf: string;
  coordinate: string;
  label: string;
  /** The whole value at this level, with one leaf below it replaced. */
  value: unknown;
}

function join(head: string, tail: string): string {
  return tail === '' ? head : `${head}.${tail}`;
}

/**
 * Every one-leaf variation of `base` (a valid value of `type`, at `coordinate`): hostile leaves, null where allowed,
 * long lists.
 */
function* variations(
  sweep: SweepSchema,
  type: GraphQLInputType,
  base: unknown,
  coordinate: string,
): Generator<Variation> {
  if (!isNonNullType(type)) yield { leaf: '', coordinate, label: 'null', value: null };
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = Array.isArray(base) ? base : [];
    // No coordinate for an item: base values name whole lists.
    const item = items[0] ?? baseValue(sweep, inner.ofType, '', '');
    const long = Array.from({ length: LIST_LENGTH }, () => item);
    yield { leaf: '', coordinate, label: `${LIST_LENGTH} items`, value: long };
    for (const v of variations(sweep, inner.ofType, item, coordinate)) {
      yield { ...v, leaf: join('0', v.leaf), value: [v.value, ...items.slice(1)] };
    }
    return;
  }
  if (isInputObjectType(inner)) {
    const object = (base ?? {}) as Record<string, unknown>;
    for (const field of Object.values(inner.getFields())) {
      const fieldBase = object[field.name] ?? baseValue(sweep, field.type, inner.name, field.name);
      const rest = keepOne(sweep, inner.name, object, field.name);
      for (const v of variations(sweep, field.type, fieldBase, `${inner.name}.${field.name}`)) {
        yield { ...v, leaf: join(field.name, v.leaf), value: { ...rest, [field.name]: v.value } };
      }
    }
    return;
  }
  for (const hostile of hostileFor(inner)) yield { leaf: '', coordinate, ...hostile };
}

/** A selection of the return type's fields that need no arguments, a few levels deep. */
export function selectionOf(type: GraphQLNamedType, depth = 3): string {
  if (isLeafType(type) || !isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values((type as GraphQLObjectType).getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 1) parts.push(`${field.name} ${selectionOf(named, depth - 1)}`);
  }
  return `{ ${parts.length > 0 ? parts.join(' ') : '__typename'} }`;
}

/** The operation text that sends each argument of `field` as a variable. */
export function operationFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${operation} Sweep(${definitions}) { ${field.name}(${args}) ${selectionOf(getNamedType(field.type))} }`;
}

/** The valid arguments of a root field, from which each case varies one leaf. */
export function baseArguments(
  sweep: SweepSchema,
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): Record<string, unknown> {
  const owner = `${operation === 'query' ? 'Query' : 'Mutation'}.${field.name}`;
  return Object.fromEntries(field.args.map((arg) => [arg.name, baseValue(sweep, arg.type, owner, arg.name)]));
}

/** The root fields that take arguments. */
export function sweptFields(
  schema: GraphQLSchema,
): { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root?.getFields() ?? {})
      .filter((field) => field.args.length > 0)
      .map((field) => ({ operation, field })),
  );
}

/** Every case for one root field: each argument's leaves varied one at a time. */
export function hostileCases(
  sweep: SweepSchema,
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): HostileCase[] {
  const query = operationFor(operation, field);
  const base = baseArguments(sweep, operation, field);
  const owner = `${operation === 'query' ? 'Query' : 'Mutation'}.${field.name}`;
  const cases: HostileCase[] = [];
  for (const arg of field.args) {
    for (const v of variations(sweep, arg.type, base[arg.name], `${owner}.${arg.name}`)) {
      cases.push({
        operation,
        field: field.name,
        leaf: join(arg.name, v.leaf),
        coordinate: v.coordinate,
        label: v.label,
        query,
        variables: { ...base, [arg.name]: v.value },
      });
    }
  }
  return cases;
}

/** Every argument of the swept fields and every input field below them, with the named type each holds. */
export function inputCoordinates(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  const found = new Map<string, GraphQLNamedType>();
  const seen = new Set<string>();
  const visitType = (type: GraphQLNamedType) => {
    if (!isInputObjectType(type) || seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      found.set(`${type.name}.${field.name}`, getNamedType(field.type));
      visitType(getNamedType(field.type));
    }
  };
  for (const { operation, field } of sweptFields(schema)) {
    for (const arg of field.args) {
      found.set(`${operation === 'query' ? 'Query' : 'Mutation'}.${field.name}.${arg.name}`, getNamedType(arg.type));
      visitType(getNamedType(arg.type));
    }
  }
  return found;
}
