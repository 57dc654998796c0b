import { Campaign, CampaignStatus } from '../../entities';
import { AppError } from '../../errors';
import type { DomainEvents } from '../events/domain-events';
import { findOwned, getOwned, selectRows, workspaceOf } from '../scoped-data';
import type { Scope } from '../viewer';
import { validateCampaignChanges, validateNewCampaign } from './brief.validation';
import { CAMPAIGN_LIMITS } from './campaign.limits';
import { decodeCursor, encodeCursor } from './cursor';

export interface CampaignListArgs {
  first: number;
  after?: string | null;
  status?: CampaignStatus | null;
  search?: string | null;
}

/**
 * A campaign as a page serves it: a plain row, not a managed entity (a page only reads them, and building entities
 * was a share of its CPU time, bench/run.ts). Every field a Campaign answers with is here.
 */
export type CampaignRow = Pick<Campaign, 'id' | 'name' | 'status' | 'brief' | 'outline' | 'createdAt' | 'updatedAt'>;

const CAMPAIGN_ROW_SELECT = `select c.id, c.name, c.status, c.brief, c.outline, c.created_at as "createdAt",
  c.updated_at as "updatedAt" from campaign c`;

/** A page's conditions: SQL on `campaign c` with its parameters (`?`), the workspace's first. */
export interface CampaignFilter {
  sql: string;
  params: unknown[];
}

export interface CampaignPage {
  edges: { cursor: string; node: CampaignRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  /** The filter of the page, so `totalCount` is computed only when a client asks for it. */
  where: CampaignFilter;
}

const { maxPageSize: MAX_PAGE, maxSearchLength: MAX_SEARCH } = CAMPAIGN_LIMITS;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export class CampaignService {
  constructor(private readonly events: DomainEvents) {}

  /** The campaign with this id in the caller's workspace, or null (another workspace's id is unknown here). */
  async find(scope: Scope, id: string): Promise<Campaign | null> {
    return findOwned(scope, Campaign, id);
  }

  /** Like `find`, but NOT_FOUND when missing. */
  async get(scope: Scope, id: string): Promise<Campaign> {
    return getOwned(scope, Campaign, id, 'Campaign');
  }

  /** Creates a DRAFT campaign from a validated brief. */
  async create(scope: Scope, input: { name: unknown; brief: unknown }): Promise<Campaign> {
    const { name, brief } = validateNewCampaign(input);
    const workspaceId = scope.viewer.workspace.id;
    return this.events.transaction(scope.em, async (tx, emit) => {
      const campaign = tx.create(Campaign, { workspace: workspaceId, name, brief });
      emit('campaign.created', workspaceId, { campaignId: campaign.id, name });
      return campaign;
    });
  }

  /** Replaces the name and/or brief; an archived campaign is CONFLICT. */
  async update(scope: Scope, id: string, input: { name?: unknown; brief?: unknown }): Promise<Campaign> {
    const { name, brief } = validateCampaignChanges(input);
    const campaign = await this.get(scope, id);
    if (campaign.status === CampaignStatus.ARCHIVED) {
      throw new AppError('CONFLICT', 'An archived campaign cannot be changed');
    }
    const changed: ('name' | 'brief')[] = [];
    if (name !== undefined) {
      campaign.name = name;
      changed.push('name');
    }
    if (brief !== undefined) {
      campaign.brief = brief;
      changed.push('brief');
    }
    if (changed.length === 0) return campaign;
    await this.events.transaction(scope.em, async (_tx, emit) =>
      emit('campaign.updated', scope.viewer.workspace.id, { campaignId: campaign.id, changed }),
    );
    return campaign;
  }

  /** Archives a campaign; archiving an archived one is a no-op. */
  async archive(scope: Scope, id: string): Promise<Campaign> {
    const campaign = await this.get(scope, id);
    if (campaign.status === CampaignStatus.GENERATING) {
      throw new AppError('CONFLICT', 'Cancel the running generation before archiving this campaign');
    }
    if (campaign.status === CampaignStatus.ARCHIVED) return campaign;
    await this.events.transaction(scope.em, async (_tx, emit) => {
      campaign.status = CampaignStatus.ARCHIVED;
      emit('campaign.archived', scope.viewer.workspace.id, { campaignId: campaign.id });
    });
    return campaign;
  }

  /**
   * Newest first, keyset-paginated on (createdAt, id), so pages stay stable while campaigns are added. The page is
   * one fixed statement (a query builder per request was a share of the read path's CPU, bench:read), scoped to the
   * workspace of the EntityManager's filter like every read.
   */
  async list(scope: Scope, args: CampaignListArgs): Promise<CampaignPage> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE) {
      throw AppError.badInput([{ path: 'first', message: `must be between 1 and ${MAX_PAGE}` }]);
    }
    const where = this.filter(scope, args);
    const after = args.after ? decodeCursor(args.after) : undefined;
    const page = after
      ? { sql: `${where.sql} and (c.created_at, c.id) < (?, ?)`, params: [...where.params, after.createdAt, after.id] }
      : where;
    const rows = await selectRows<CampaignRow>(
      scope.em,
      `${CAMPAIGN_ROW_SELECT} where ${page.sql} order by c.created_at desc, c.id desc limit ?`,
      [...page.params, args.first + 1],
      ['createdAt', 'updatedAt'],
    );
    const hasNextPage = rows.length > args.first;
    const edges = rows.slice(0, args.first).map((node) => ({ cursor: encodeCursor(node), node }));
    const endCursor = edges.at(-1)?.cursor ?? null;
    // Forward-only paging: after a cursor, its own campaign precedes the page (PageInfo.hasPreviousPage: caveat).
    const pageInfo = { hasNextPage, endCursor, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null };
    return { edges, pageInfo, where };
  }

  /** How many campaigns match a page's filter, regardless of the cursor. */
  async count(scope: Scope, where: CampaignFilter): Promise<number> {
    const [row] = await selectRows<{ count: number }>(
      scope.em,
      `select count(*)::int as count from campaign c where ${where.sql}`,
      where.params,
    );
    return row?.count ?? 0;
  }

  /** The page's conditions as SQL on `campaign c`: its workspace first, then the status and the search. */
  private filter(scope: Scope, args: CampaignListArgs): CampaignFilter {
    const conditions = ['c.workspace_id = ?'];
    const params: unknown[] = [workspaceOf(scope.em)];
    if (args.status) {
      conditions.push('c.status = ?');
      params.push(args.status);
    }
    const search = args.search?.trim();
    if (search) {
      if (search.length > MAX_SEARCH) {
        throw AppError.badInput([{ path: 'search', message: `must be at most ${MAX_SEARCH} characters` }]);
      }
      const pattern = `%${escapeLike(search)}%`;
      conditions.push(`(c.name ilike ? or c.brief->>'productName' ilike ?)`);
      params.push(pattern, pattern);
    }
    return { sql: conditions.join(' and '), params };
  }
}
