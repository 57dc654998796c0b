import http from 'node:http';
import type { AddressInfo } from 'node:net';
import DataLoader from 'dataloader';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLNullableType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import pg from 'pg';
import { hashSecret, parseBearer } from '../src/services/auth/api-key.secret';
import { PLATFORMS } from './seed';

/**
 * The baseline: what the same read costs without a framework. graphql-js with a hand-written schema, graphql-http,
 * node:http, pg and dataloader over Copydesk's tables, with the same per-request work as the app (one API-key
 * lookup joined to its workspace, one page query, one batched query per relation).
 */

interface CampaignRow {
  id: string;
  name: string;
}
interface VariantRow {
  campaign_id: string;
  platform: string;
  body: string;
  hashtags: string[];
}
interface JobRow {
  campaign_id: string;
  status: string;
}
interface PlatformGroup {
  platform: string;
  variants: VariantRow[];
}

/** A type alias, not an interface: graphql-http wants a context assignable to Record<PropertyKey, unknown>. */
type BareContext = {
  workspaceId: string;
  query: <Row extends pg.QueryResultRow>(text: string, values: unknown[]) => Promise<Row[]>;
  contents: DataLoader<string, PlatformGroup[]>;
  latestJob: DataLoader<string, JobRow | null>;
};

const nonNull = <T extends GraphQLNullableType>(type: T) => new GraphQLNonNull(type);
const enumOf = (name: string, values: string[]) =>
  new GraphQLEnumType({ name, values: Object.fromEntries(values.map((value) => [value, { value }])) });

const Platform = enumOf('Platform', PLATFORMS);
const JobStatus = enumOf('JobStatus', ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
const ContentVariant = new GraphQLObjectType<VariantRow, BareContext>({
  name: 'ContentVariant',
  fields: {
    body: { type: nonNull(GraphQLString) },
    hashtags: { type: nonNull(new GraphQLList(nonNull(GraphQLString))) },
  },
});
const PlatformContent = new GraphQLObjectType<PlatformGroup, BareContext>({
  name: 'PlatformContent',
  fields: {
    platform: { type: nonNull(Platform) },
    variants: { type: nonNull(new GraphQLList(nonNull(ContentVariant))) },
  },
});
const GenerationJob = new GraphQLObjectType<JobRow, BareContext>({
  name: 'GenerationJob',
  fields: { status: { type: nonNull(JobStatus) } },
});
const Campaign = new GraphQLObjectType<CampaignRow, BareContext>({
  name: 'Campaign',
  fields: {
    id: { type: nonNull(GraphQLID) },
    name: { type: nonNull(GraphQLString) },
    contents: {
      type: nonNull(new GraphQLList(nonNull(PlatformContent))),
      resolve: (campaign, _args, ctx) => ctx.contents.load(campaign.id),
    },
    latestJob: { type: GenerationJob, resolve: (campaign, _args, ctx) => ctx.latestJob.load(campaign.id) },
  },
});
const CampaignEdge = new GraphQLObjectType<{ node: CampaignRow }, BareContext>({
  name: 'CampaignEdge',
  fields: { node: { type: nonNull(Campaign) } },
});
const CampaignConnection = new GraphQLObjectType<{ edges: { node: CampaignRow }[] }, BareContext>({
  name: 'CampaignConnection',
  fields: { edges: { type: nonNull(new GraphQLList(nonNull(CampaignEdge))) } },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, BareContext>({
    name: 'Query',
    fields: {
      campaigns: {
        type: nonNull(CampaignConnection),
        args: { first: { type: nonNull(GraphQLInt), defaultValue: 20 } },
        resolve: async (_root, args: { first: number }, ctx) => {
          if (args.first < 1 || args.first > 100) throw new GraphQLError('first must be between 1 and 100');
          const rows = await ctx.query<CampaignRow>(
            'select id, name from campaign where workspace_id = $1 order by created_at desc, id desc limit $2',
            [ctx.workspaceId, args.first],
          );
          return { edges: rows.map((node) => ({ node })) };
        },
      },
    },
  }),
});

/** Groups a campaign's variants by platform, in the schema's platform order (as the app does). */
function groupContents(rows: VariantRow[]): PlatformGroup[] {
  const byPlatform = new Map<string, VariantRow[]>();
  for (const row of rows) {
    const list = byPlatform.get(row.platform);
    if (list) list.push(row);
    else byPlatform.set(row.platform, [row]);
  }
  return PLATFORMS.flatMap((platform) => {
    const variants = byPlatform.get(platform);
    return variants ? [{ platform, variants }] : [];
  });
}

function loaders(query: BareContext['query'], workspaceId: string): Pick<BareContext, 'contents' | 'latestJob'> {
  return {
    contents: new DataLoader(async (ids) => {
      const rows = await query<VariantRow>(
        `select campaign_id, platform, body, hashtags from content_variant
         where workspace_id = $1 and campaign_id = any($2) order by platform, position, created_at`,
        [workspaceId, ids],
      );
      const byCampaign = new Map<string, VariantRow[]>();
      for (const row of rows) {
        const list = byCampaign.get(row.campaign_id);
        if (list) list.push(row);
        else byCampaign.set(row.campaign_id, [row]);
      }
      return ids.map((id) => groupContents(byCampaign.get(id) ?? []));
    }),
    latestJob: new DataLoader(async (ids) => {
      const rows = await query<JobRow>(
        `select distinct on (campaign_id) campaign_id, status from generation_job
         where workspace_id = $1 and campaign_id = any($2) order by campaign_id, created_at desc, id desc`,
        [workspaceId, ids],
      );
      const byCampaign = new Map(rows.map((row) => [row.campaign_id, row]));
      return ids.map((id) => byCampaign.get(id) ?? null);
    }),
  };
}

const unauthenticated = (message: string) =>
  [
    JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }),
    { status: 401, statusText: 'Unauthorized', headers: { 'content-type': 'application/json; charset=utf-8' } },
  ] as const;

export interface BareServer {
  url: string;
  httpServer: http.Server;
  /** SQL statements sent so far. */
  statements(): number;
  close(): Promise<void>;
}

/** Starts the baseline on 127.0.0.1 and a free port, with a pool as large as the app's. */
export async function startBareServer(options: { databaseUrl: string; poolMax: number }): Promise<BareServer> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax });
  let statements = 0;
  const query: BareContext['query'] = async (text, values) => {
    statements++;
    return (await pool.query(text, values)).rows;
  };
  const handler = createHandler<BareContext>({
    schema,
    context: async (req) => {
      const secret = parseBearer(req.raw.headers.authorization ?? '');
      if (!secret) return unauthenticated('An API key is required: send Authorization: Bearer <key>');
      const [key] = await query<{ workspace_id: string; revoked_at: Date | null; expires_at: Date | null }>(
        `select k.id, k.role, k.revoked_at, k.expires_at, k.workspace_id, w.name
         from api_key k join workspace w on w.id = k.workspace_id where k.hash = $1`,
        [hashSecret(secret)],
      );
      if (!key || key.revoked_at || (key.expires_at && key.expires_at.getTime() <= Date.now())) {
        return unauthenticated('Invalid API key');
      }
      return { workspaceId: key.workspace_id, query, ...loaders(query, key.workspace_id) };
    },
  });
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/graphql')) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    httpServer: server,
    statements: () => statements,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
