import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import {
  Approval,
  ApprovalStatus,
  Campaign,
  ContentStatus,
  ContentVariant,
  ContentVersion,
  type Platform,
  PostSeries,
  PostStatus,
  ScheduledPost,
} from '../../entities';
import { AppError } from '../../errors';
import type { DomainEvents, Emit } from '../events/domain-events';
import { getOwned, isUuid, scopedQuery } from '../scoped-data';
import type { Scope } from '../viewer';
import { benchmarkSlots, conflictingPost, type OwnHour, ownSlots, type PostingSlot } from './posting-times';
import { expandSeries, isTimeZone, type SeriesFrequency, seriesRuleText, validateSeries } from './recurrence';

/** Posts that hold a place on the calendar: a new one must keep its distance from them. */
export const ACTIVE_POSTS = [PostStatus.SCHEDULED, PostStatus.PUBLISHING, PostStatus.PUBLISHED];
/** How far ahead a post may be scheduled. */
const MAX_AHEAD_DAYS = 2 * 366;
/** The widest calendar query, and the most posts one answers. */
export const MAX_CALENDAR_DAYS = 366;
export const MAX_CALENDAR_POSTS = 5_000;
const MAX_SERIES_VARIANTS = 20;
const MAX_URL = 2_000;
const MAX_EXTERNAL_ID = 200;

export interface SchedulePostInput {
  variantId: string;
  at?: Date | null;
  timeZone?: string | null;
  auto?: boolean | null;
}

export interface ScheduleSeriesInput {
  variantIds: string[];
  frequency: SeriesFrequency;
  interval?: number | null;
  startDate: string;
  localTime?: string | null;
  timeZone: string;
  count?: number | null;
  until?: string | null;
  skipWeekends?: boolean | null;
}

export interface ScheduleOptions {
  events: DomainEvents;
  /** COPYDESK_MIN_POST_GAP_MINUTES: two posts of one platform closer than this are a CONFLICT. */
  gapMinutes: number;
  now?: () => Date;
  /**
   * The workspace's own best hours on a platform in a zone, from its published posts and their engagement (the
   * analytics feature, wired in the composition root); empty until there is enough data.
   */
  ownHours?: (em: EntityManager, workspaceId: string, platform: Platform, timeZone: string) => Promise<OwnHour[]>;
}

/**
 * A post as reads serve it: an entity, or a plain row of the calendar, which reads hundreds of posts only to show
 * them (relations as `{ id }`, loaded by the request's batch loaders when a client asks for them).
 */
export type PostView = Pick<
  ScheduledPost,
  | 'id'
  | 'platform'
  | 'scheduledAt'
  | 'timeZone'
  | 'status'
  | 'held'
  | 'publishedAt'
  | 'externalUrl'
  | 'externalId'
  | 'error'
  | 'createdAt'
> & { campaign: { id: string }; variant: { id: string }; version: { id: string }; series?: { id: string } | null };

type PostRow = Omit<PostView, 'campaign' | 'variant' | 'version' | 'series'> & {
  campaign: string;
  variant: string;
  version: string;
  series: string | null;
};

const POST_COLUMNS = [
  'p.id',
  'p.campaign',
  'p.variant',
  'p.version',
  'p.series',
  'p.platform',
  'p.scheduledAt',
  'p.timeZone',
  'p.status',
  'p.held',
  'p.publishedAt',
  'p.externalUrl',
  'p.externalId',
  'p.error',
  'p.createdAt',
] as const;

/** Wall-clock formatters per zone: building one is the costly part of formatting a time. */
const LOCAL_TIME_FORMATS = new Map<string, Intl.DateTimeFormat>();

function localTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = LOCAL_TIME_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    LOCAL_TIME_FORMATS.set(timeZone, format);
  }
  return format;
}

/** A post's time on its zone's wall clock, `yyyy-MM-dd HH:mm` (for people: exports, messages). */
export function postLocalDateTime(post: { scheduledAt: Date; timeZone: string }): string {
  return DateTime.fromJSDate(post.scheduledAt, { zone: post.timeZone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The default local time of a series that names none. */
export const DEFAULT_SERIES_TIME = '09:00';

export function postMoment(post: ScheduledPost, by: string) {
  return {
    postId: post.id,
    campaignId: post.campaign.id,
    variantId: post.variant.id,
    versionId: post.version.id,
    platform: post.platform,
    scheduledAt: post.scheduledAt.toISOString(),
    by,
  };
}

/**
 * The variant's status from its posts, when its current version is approved: SCHEDULED while a post waits or
 * publishes, PUBLISHED once one went out and none waits, APPROVED when none is left. A variant whose current version
 * is not approved (edited since) keeps the status the edit or review gave it.
 */
export async function syncVariantStatus(tx: EntityManager, variant: ContentVariant): Promise<void> {
  const approved = [ContentStatus.APPROVED, ContentStatus.SCHEDULED, ContentStatus.PUBLISHED];
  if (!approved.includes(variant.status)) return;
  const posts = await tx.find(
    ScheduledPost,
    { variant: variant.id, status: { $in: ACTIVE_POSTS } },
    { fields: ['status'], filters: false },
  );
  if (posts.some((p) => p.status !== PostStatus.PUBLISHED)) variant.status = ContentStatus.SCHEDULED;
  else if (posts.length > 0) variant.status = ContentStatus.PUBLISHED;
  else variant.status = ContentStatus.APPROVED;
}

/** The approved current version of a variant, or CONFLICT saying what is missing. */
async function approvedVersion(tx: EntityManager, variant: ContentVariant): Promise<ContentVersion> {
  const version = await tx.findOneOrFail(ContentVersion, { variant: variant.id, number: variant.version });
  const approval = await tx.findOne(
    Approval,
    { variant: variant.id, version: version.id },
    { orderBy: { requestedAt: 'desc' } },
  );
  if (approval?.status !== ApprovalStatus.APPROVED) {
    throw new AppError(
      'CONFLICT',
      `Only an approved version can be scheduled: version ${version.number} of variant ${variant.id} is ${
        approval ? approval.status.toLowerCase().replace('_', ' ') : 'not reviewed'
      }`,
    );
  }
  return version;
}

function checkAt(at: Date, now: Date, path: string): void {
  if (Number.isNaN(at.getTime())) throw AppError.badInput([{ path, message: 'must be a date-time' }]);
  if (at.getTime() <= now.getTime()) throw AppError.badInput([{ path, message: 'must be in the future' }]);
  if (at.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) {
    throw AppError.badInput([{ path, message: 'must be within two years' }]);
  }
}

function checkZone(zone: string | null | undefined, path: string): string {
  const value = zone ?? 'UTC';
  if (!isTimeZone(value)) {
    throw AppError.badInput([{ path, message: 'must be an IANA time zone such as Europe/Berlin or America/New_York' }]);
  }
  return value;
}

function conflictError(other: { id: string; scheduledAt: Date; platform: string }, gapMinutes: number): AppError {
  return new AppError(
    'CONFLICT',
    `Post ${other.id} is on ${other.platform} at ${other.scheduledAt.toISOString()}: posts of one platform need ${gapMinutes} minutes between them (or use auto)`,
  );
}

/**
 * Scheduling (README "Scheduling and publishing"): posts of approved versions at a time in the audience's zone,
 * series expanded from RFC 5545 rules, calendar reads and posting-time suggestions. One platform's posts keep
 * COPYDESK_MIN_POST_GAP_MINUTES apart; the check and the insert run under a per-workspace-and-platform advisory
 * lock, so two schedulers racing for one slot cannot both win.
 */
export class ScheduleService {
  constructor(private readonly options: ScheduleOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** COPYDESK_MIN_POST_GAP_MINUTES: the least time between two posts of one platform (the `schedulingRules` query). */
  get gapMinutes(): number {
    return this.options.gapMinutes;
  }

  private get gapMs(): number {
    return this.options.gapMinutes * 60_000;
  }

  /** Serialises scheduling of one platform in one workspace until the transaction ends. */
  private async lockPlatform(tx: EntityManager, workspaceId: string, platform: Platform): Promise<void> {
    // On the transaction's own connection: an xact lock taken on another one would end with that statement.
    await tx
      .getConnection()
      .execute(
        'select pg_advisory_xact_lock(hashtextextended(?, 0))',
        [`schedule:${workspaceId}:${platform}`],
        'all',
        tx.getTransactionContext(),
      );
  }

  /** The platform's active posts from `from` to `to`, widened by the gap on both sides. */
  private async neighbours(
    tx: EntityManager,
    workspaceId: string,
    platform: Platform,
    from: Date,
    to: Date,
    except?: string,
  ): Promise<ScheduledPost[]> {
    return tx.find(
      ScheduledPost,
      {
        workspace: workspaceId,
        platform,
        status: { $in: ACTIVE_POSTS },
        scheduledAt: { $gt: new Date(from.getTime() - this.gapMs), $lt: new Date(to.getTime() + this.gapMs) },
        ...(except ? { id: { $ne: except } } : {}),
      },
      { orderBy: { scheduledAt: 'asc' } },
    );
  }

  /**
   * Free slots: at the workspace's own best hours once it has the data, topped up from the benchmark windows when
   * those hours are taken.
   */
  private async freeSlots(
    em: EntityManager,
    workspaceId: string,
    platform: Platform,
    timeZone: string,
    after: Date,
    count: number,
    taken: readonly ScheduledPost[],
  ): Promise<PostingSlot[]> {
    const isFree = (at: Date) => !conflictingPost(taken, at, this.options.gapMinutes);
    const hours = (await this.options.ownHours?.(em, workspaceId, platform, timeZone)) ?? [];
    const own = hours.length > 0 ? ownSlots({ platform, timeZone, after, count, isFree, hours }) : [];
    if (own.length >= count) return own;
    const chosen = new Set(own.map((slot) => slot.at.getTime()));
    const benchmark = benchmarkSlots({
      platform,
      timeZone,
      after,
      count: count - own.length,
      minScore: 0,
      isFree: (at) => isFree(at) && !chosen.has(at.getTime()),
    });
    return [...own, ...benchmark].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async schedule(scope: Scope, input: SchedulePostInput): Promise<ScheduledPost> {
    const now = this.now();
    const timeZone = checkZone(input.timeZone, 'input.timeZone');
    if (Boolean(input.auto) === Boolean(input.at)) {
      throw AppError.badInput([{ path: 'input.at', message: 'give either at or auto: true' }]);
    }
    if (input.at) checkAt(input.at, now, 'input.at');
    const variantRef = await getOwned(scope, ContentVariant, input.variantId, 'Variant');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      await this.lockPlatform(tx, scope.viewer.workspace.id, variantRef.platform);
      const variant = await tx.findOneOrFail(
        ContentVariant,
        { id: variantRef.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const version = await approvedVersion(tx, variant);
      let at: Date;
      if (input.at) {
        at = input.at;
        const taken = await this.neighbours(tx, scope.viewer.workspace.id, variant.platform, at, at);
        const other = conflictingPost(taken, at, this.options.gapMinutes);
        if (other) throw conflictError(other, this.options.gapMinutes);
      } else {
        const horizonEnd = new Date(now.getTime() + 29 * 86_400_000);
        const taken = await this.neighbours(tx, scope.viewer.workspace.id, variant.platform, now, horizonEnd);
        const [slot] = await this.freeSlots(tx, scope.viewer.workspace.id, variant.platform, timeZone, now, 1, taken);
        if (!slot) throw new AppError('CONFLICT', 'No free posting slot in the next four weeks: pick a time');
        at = slot.at;
      }
      const post = tx.create(ScheduledPost, {
        workspace: scope.viewer.workspace.id,
        campaign: variant.campaign,
        variant,
        version,
        platform: variant.platform,
        scheduledAt: at,
        timeZone,
        createdBy: scope.viewer.apiKeyId,
      });
      variant.status = ContentStatus.SCHEDULED;
      await tx.flush();
      emit('post.scheduled', scope.viewer.workspace.id, {
        ...postMoment(post, scope.viewer.apiKeyId),
        timeZone,
        seriesId: null,
      });
      return post;
    });
  }

  async scheduleSeries(
    scope: Scope,
    input: ScheduleSeriesInput,
  ): Promise<{ series: PostSeries; posts: ScheduledPost[] }> {
    const ids = [...new Set(input.variantIds)];
    if (ids.length === 0 || ids.length > MAX_SERIES_VARIANTS) {
      throw AppError.badInput([{ path: 'input.variantIds', message: `must list 1–${MAX_SERIES_VARIANTS} variants` }]);
    }
    const spec = {
      frequency: input.frequency,
      interval: input.interval ?? 1,
      startDate: input.startDate,
      localTime: input.localTime ?? DEFAULT_SERIES_TIME,
      timeZone: input.timeZone,
      count: input.count ?? null,
      until: input.until ?? null,
      skipWeekends: input.skipWeekends ?? false,
    };
    validateSeries(spec, this.now());
    const instants = expandSeries(spec).filter((at) => at.getTime() > this.now().getTime());
    if (instants.length === 0) {
      throw AppError.badInput([{ path: 'input.startDate', message: 'the series has no post in the future' }]);
    }
    if (!ids.every(isUuid)) throw AppError.notFound('Variant');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      const variants = await tx.find(
        ContentVariant,
        { id: { $in: ids } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } },
      );
      if (variants.length !== ids.length) throw AppError.notFound('Variant');
      const campaigns = new Set(variants.map((v) => v.campaign.id));
      if (campaigns.size > 1) {
        throw AppError.badInput([{ path: 'input.variantIds', message: 'must all be variants of one campaign' }]);
      }
      const ordered = ids.map((id) => variants.find((v) => v.id === id) as ContentVariant);
      const byPlatform = new Map<Platform, { variant: ContentVariant; version: ContentVersion }[]>();
      for (const variant of ordered) {
        const version = await approvedVersion(tx, variant);
        byPlatform.set(variant.platform, [...(byPlatform.get(variant.platform) ?? []), { variant, version }]);
      }
      const first = instants[0] as Date;
      const last = instants.at(-1) as Date;
      const series = tx.create(PostSeries, {
        workspace: scope.viewer.workspace.id,
        campaign: tx.getReference(Campaign, [...campaigns][0] as string),
        rule: seriesRuleText(spec),
        timeZone: spec.timeZone,
        localTime: spec.localTime,
        createdBy: scope.viewer.apiKeyId,
      });
      const posts: ScheduledPost[] = [];
      for (const [platform, entries] of [...byPlatform].sort(([a], [b]) => a.localeCompare(b))) {
        await this.lockPlatform(tx, scope.viewer.workspace.id, platform);
        const taken = await this.neighbours(tx, scope.viewer.workspace.id, platform, first, last);
        instants.forEach((at, index) => {
          const other = conflictingPost(taken, at, this.options.gapMinutes);
          if (other) throw conflictError(other, this.options.gapMinutes);
          // Each occurrence posts the platform's next variant in turn.
          const { variant, version } = entries[index % entries.length] as (typeof entries)[number];
          const post = tx.create(ScheduledPost, {
            workspace: scope.viewer.workspace.id,
            campaign: variant.campaign,
            variant,
            version,
            platform,
            scheduledAt: at,
            timeZone: spec.timeZone,
            series,
            createdBy: scope.viewer.apiKeyId,
          });
          posts.push(post);
          taken.push(post);
        });
        for (const { variant } of entries) variant.status = ContentStatus.SCHEDULED;
      }
      await tx.flush();
      for (const post of posts) {
        emit('post.scheduled', scope.viewer.workspace.id, {
          ...postMoment(post, scope.viewer.apiKeyId),
          timeZone: spec.timeZone,
          seriesId: series.id,
        });
      }
      posts.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
      return { series, posts };
    });
  }

  async reschedule(scope: Scope, id: string, at: Date): Promise<ScheduledPost> {
    checkAt(at, this.now(), 'at');
    const found = await getOwned(scope, ScheduledPost, id, 'Post');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      await this.lockPlatform(tx, scope.viewer.workspace.id, found.platform);
      const post = await tx.findOneOrFail(
        ScheduledPost,
        { id: found.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (post.status !== PostStatus.SCHEDULED && post.status !== PostStatus.FAILED) {
        throw new AppError('CONFLICT', `Post ${post.id} is ${post.status.toLowerCase()}: it can no longer be moved`);
      }
      const taken = await this.neighbours(tx, scope.viewer.workspace.id, post.platform, at, at, post.id);
      const other = conflictingPost(taken, at, this.options.gapMinutes);
      if (other) throw conflictError(other, this.options.gapMinutes);
      const previousAt = post.scheduledAt.toISOString();
      post.scheduledAt = at;
      post.status = PostStatus.SCHEDULED;
      post.error = null;
      const variant = await tx.findOneOrFail(ContentVariant, { id: post.variant.id });
      await syncVariantStatus(tx, variant);
      await tx.flush();
      emit('post.rescheduled', scope.viewer.workspace.id, { ...postMoment(post, scope.viewer.apiKeyId), previousAt });
      return post;
    });
  }

  async cancel(scope: Scope, id: string): Promise<ScheduledPost> {
    const found = await getOwned(scope, ScheduledPost, id, 'Post');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      const post = await tx.findOneOrFail(
        ScheduledPost,
        { id: found.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (post.status === PostStatus.CANCELLED) return post;
      if (post.status !== PostStatus.SCHEDULED && post.status !== PostStatus.FAILED) {
        throw new AppError('CONFLICT', `Post ${post.id} is ${post.status.toLowerCase()}: it cannot be cancelled`);
      }
      post.status = PostStatus.CANCELLED;
      await tx.flush();
      const variant = await tx.findOneOrFail(ContentVariant, { id: post.variant.id });
      await syncVariantStatus(tx, variant);
      await tx.flush();
      emit('post.cancelled', scope.viewer.workspace.id, postMoment(post, scope.viewer.apiKeyId));
      return post;
    });
  }

  /** A connector published the post itself (no webhook answer to go by): PUBLISHED, with where it went. */
  async markPublished(
    scope: Scope,
    id: string,
    externalUrl: string | null | undefined,
    externalId: string | null | undefined,
  ): Promise<ScheduledPost> {
    if (externalUrl != null) {
      let ok = externalUrl.length <= MAX_URL;
      try {
        ok &&= ['http:', 'https:'].includes(new URL(externalUrl).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw AppError.badInput([{ path: 'externalUrl', message: 'must be an http(s) URL' }]);
    }
    if (externalId != null && (externalId.length > MAX_EXTERNAL_ID || externalId.includes('\u0000'))) {
      throw AppError.badInput([{ path: 'externalId', message: `must be at most ${MAX_EXTERNAL_ID} characters` }]);
    }
    const found = await getOwned(scope, ScheduledPost, id, 'Post');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      const post = await tx.findOneOrFail(
        ScheduledPost,
        { id: found.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (post.status === PostStatus.CANCELLED || post.status === PostStatus.SCHEDULED) {
        throw new AppError(
          'CONFLICT',
          `Post ${post.id} is ${post.status.toLowerCase()}: only a due post can be published`,
        );
      }
      post.externalUrl = externalUrl ?? post.externalUrl ?? null;
      post.externalId = externalId ?? post.externalId ?? null;
      if (post.status !== PostStatus.PUBLISHED) {
        post.status = PostStatus.PUBLISHED;
        post.publishedAt = this.now();
        post.error = null;
      }
      await publishedEffects(tx, post, emit, scope.viewer.apiKeyId);
      return post;
    });
  }

  async calendar(scope: Scope, args: { from: Date; to: Date; platforms?: Platform[] | null }): Promise<PostView[]> {
    const { from, to } = args;
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw AppError.badInput([{ path: 'to', message: 'must be after from' }]);
    }
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) {
      throw AppError.badInput([{ path: 'to', message: `the range may span at most ${MAX_CALENDAR_DAYS} days` }]);
    }
    // Plain rows of the posts table alone: `em.find` would join the campaign, variant, version and series of every
    // post for the workspace filter and build an entity per post (bench/scheduling.ts).
    const rows = await scopedQuery(
      scope.em,
      ScheduledPost,
      'p',
      (qb) =>
        qb
          .select([...POST_COLUMNS])
          .where({
            scheduledAt: { $gte: from, $lt: to },
            status: { $ne: PostStatus.CANCELLED },
            ...(args.platforms?.length ? { platform: { $in: args.platforms } } : {}),
          })
          .orderBy([{ scheduledAt: 'asc' }, { id: 'asc' }])
          .limit(MAX_CALENDAR_POSTS + 1),
      (qb) => qb.execute<PostRow[]>('all', true),
    );
    if (rows.length > MAX_CALENDAR_POSTS) {
      throw AppError.badInput([
        { path: 'to', message: `more than ${MAX_CALENDAR_POSTS} posts in the range: ask for a shorter one` },
      ]);
    }
    return rows.map((row) => ({
      ...row,
      campaign: { id: row.campaign },
      variant: { id: row.variant },
      version: { id: row.version },
      series: row.series ? { id: row.series } : null,
    }));
  }

  /** Free slots for a platform in a zone, from the benchmark windows, after `after` (default now). */
  async postingTimes(
    scope: Scope,
    args: { platform: Platform; timeZone: string; count: number; after?: Date | null },
  ): Promise<PostingSlot[]> {
    const timeZone = checkZone(args.timeZone, 'timeZone');
    if (!Number.isInteger(args.count) || args.count < 1 || args.count > 20) {
      throw AppError.badInput([{ path: 'count', message: 'must be 1–20' }]);
    }
    const now = this.now();
    const after = args.after ?? now;
    if (Number.isNaN(after.getTime())) throw AppError.badInput([{ path: 'after', message: 'must be a date-time' }]);
    const start = new Date(Math.max(after.getTime(), now.getTime()));
    const taken = await this.neighbours(
      scope.em,
      scope.viewer.workspace.id,
      args.platform,
      start,
      new Date(start.getTime() + 29 * 86_400_000),
    );
    return this.freeSlots(scope.em, scope.viewer.workspace.id, args.platform, timeZone, start, args.count, taken);
  }

  async posts(scope: Scope, variantId: string): Promise<ScheduledPost[]> {
    return scope.em.find(ScheduledPost, { variant: variantId }, { orderBy: { scheduledAt: 'asc', id: 'asc' } });
  }

  async seriesPosts(scope: Scope, seriesId: string): Promise<ScheduledPost[]> {
    return scope.em.find(ScheduledPost, { series: seriesId }, { orderBy: { scheduledAt: 'asc', id: 'asc' } });
  }

  /** The zone-local wall-clock time of a post, HH:mm. */
  static localTime(post: { scheduledAt: Date; timeZone: string }): string {
    return localTimeFormat(post.timeZone).format(post.scheduledAt);
  }
}

/** After a post became PUBLISHED: the variant's status, and `post.published`. */
export async function publishedEffects(tx: EntityManager, post: ScheduledPost, emit: Emit, by: string): Promise<void> {
  const variant = await tx.findOneOrFail(ContentVariant, { id: post.variant.id }, { filters: false });
  await tx.flush();
  await syncVariantStatus(tx, variant);
  await tx.flush();
  emit('post.published', post.workspace.id, {
    ...postMoment(post, by),
    publishedAt: (post.publishedAt ?? new Date()).toISOString(),
    externalUrl: post.externalUrl ?? null,
    externalId: post.externalId ?? null,
  });
}
