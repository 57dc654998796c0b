import { LockMode } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Approval, ApprovalStatus, ContentVariant, ContentVersion, PostStatus, ScheduledPost } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { DomainEvents } from '../events/domain-events';
import type { DurableSubscriber } from '../events/outbox-dispatcher';
import { postMoment, publishedEffects, syncVariantStatus } from './schedule.service';

/** The most due posts one pass claims. */
const BATCH = 50;
/** Who the events of the scheduler name as `by`. */
export const SCHEDULER = 'scheduler';

export interface PostPublisherOptions {
  orm: MikroORM;
  events: DomainEvents;
  logger: Logger;
  /** How often every process looks for due posts (new posts of other processes show up within this). */
  pollMs: number;
  now?: () => Date;
}

/**
 * The in-process scheduler over the posts table: every worker process looks for due posts every `pollMs`, and sets a
 * timer for the next one due sooner than that. A due post is claimed with FOR UPDATE SKIP LOCKED and moves from
 * SCHEDULED to PUBLISHING in the transaction that writes its `post.publish` event, so with any number of processes it
 * is published once; a process that was down at the due time publishes it on start. A post whose version is no
 * longer the variant's approved current version is held instead (`post.held`) until a new version is approved.
 */
export class PostPublisher {
  private timer?: NodeJS.Timeout;
  private wake?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(private readonly options: PostPublisherOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.wake);
    await this.running;
  }

  /** Looks for due posts now (and once more if a pass is already running). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'publishing pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** One pass: publish (or hold) what is due, then wake up for the next post due before the next poll. */
  async pass(): Promise<number> {
    let handled = 0;
    for (let claimed = BATCH; claimed === BATCH && !this.stopped; ) {
      claimed = await this.publishDue();
      handled += claimed;
    }
    await this.armWake();
    return handled;
  }

  private async armWake(): Promise<void> {
    if (this.stopped) return;
    const [next] = await this.options.orm.em
      .getConnection()
      .execute<{ at: Date | null }[]>(
        `select min(scheduled_at) as at from scheduled_post where status = 'SCHEDULED' and held = false`,
      );
    if (!next?.at) return;
    const delay = new Date(next.at).getTime() - this.now().getTime();
    if (delay >= this.options.pollMs) return;
    clearTimeout(this.wake);
    this.wake = setTimeout(() => this.kick(), Math.max(0, delay));
    this.wake.unref();
  }

  /** Claims up to BATCH due posts and publishes or holds each, in one transaction; how many it claimed. */
  private async publishDue(): Promise<number> {
    const em = this.options.orm.em.fork();
    return this.options.events.transaction(em, async (tx, emit) => {
      const rows = await tx.getConnection().execute<{ id: string }[]>(
        `select id from scheduled_post where status = 'SCHEDULED' and held = false and scheduled_at <= ?
             order by scheduled_at, id limit ${BATCH} for update skip locked`,
        [this.now()],
        'all',
        tx.getTransactionContext(),
      );
      if (rows.length === 0) return 0;
      const posts = await tx.find(
        ScheduledPost,
        { id: { $in: rows.map((r) => r.id) } },
        { filters: false, orderBy: { scheduledAt: 'asc', id: 'asc' } },
      );
      // Three statements for the whole batch, whatever its size: the variants, their current versions, and the
      // approvals of those versions (bench/scheduling.ts: 60 posts due at one instant).
      const variants = await tx.find(
        ContentVariant,
        { id: { $in: [...new Set(posts.map((post) => post.variant.id))] } },
        { filters: false },
      );
      const currents = await tx.find(
        ContentVersion,
        { $or: variants.map((variant) => ({ variant: variant.id, number: variant.version })) },
        { filters: false },
      );
      const currentOf = new Map(currents.map((version) => [version.variant.id, version]));
      const approvals = await tx.find(
        Approval,
        { version: { $in: currents.map((version) => version.id) } },
        { filters: false, orderBy: { requestedAt: 'desc', id: 'desc' } },
      );
      const latestApproval = new Map<string, Approval>();
      for (const approval of approvals) {
        if (!latestApproval.has(approval.version.id)) latestApproval.set(approval.version.id, approval);
      }
      for (const post of posts) {
        const current = currentOf.get(post.variant.id);
        const approval = current ? latestApproval.get(current.id) : undefined;
        if (!current || current.id !== post.version.id || approval?.status !== ApprovalStatus.APPROVED) {
          post.held = true;
          emit('post.held', post.workspace.id, {
            ...postMoment(post, SCHEDULER),
            reason: 'the variant changed since it was scheduled: approve its current version to release the post',
          });
          continue;
        }
        // The post's own version is the approved current one: its text is what goes out.
        post.status = PostStatus.PUBLISHING;
        emit('post.publish', post.workspace.id, {
          ...postMoment(post, SCHEDULER),
          timeZone: post.timeZone,
          title: current.title ?? null,
          body: current.body,
          hashtags: current.hashtags,
          seriesId: post.series?.id ?? null,
        });
      }
      await tx.flush();
      this.options.logger.debug({ posts: posts.length }, 'due posts handed to publishing');
      return rows.length;
    });
  }
}

/**
 * Reactions of posts to the rest of the workflow, as durable subscribers (wired in the composition root):
 * - a webhook delivery of `post.publish` settled: a 2xx makes the post PUBLISHED; a dead letter makes it FAILED;
 * - a new version of a variant holds its waiting posts; approving a version releases them, now pointing at it.
 */
export function postSubscribers(events: DomainEvents): DurableSubscriber[] {
  const settle: DurableSubscriber = {
    name: 'post-settlement',
    events: ['webhook.delivery_settled'],
    async handle(event, receipt) {
      if (event.name !== 'webhook.delivery_settled' || event.payload.event !== 'post.publish') return;
      const { postId, status, error, endpointId } = event.payload;
      if (!postId) return;
      await events.transaction(receipt, async (tx, emit) => {
        const post = await tx.findOne(
          ScheduledPost,
          { id: postId },
          { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (!post) return;
        if (status === 'SUCCEEDED' && (post.status === PostStatus.PUBLISHING || post.status === PostStatus.FAILED)) {
          post.status = PostStatus.PUBLISHED;
          post.publishedAt = new Date(event.occurredAt);
          post.error = null;
          await publishedEffects(tx, post, emit, SCHEDULER);
        } else if (status === 'DEAD' && post.status === PostStatus.PUBLISHING) {
          post.status = PostStatus.FAILED;
          post.error = `The connector at endpoint ${endpointId} did not take the post: ${error ?? 'no answer'}`.slice(
            0,
            500,
          );
          await tx.flush();
          emit('post.failed', post.workspace.id, { ...postMoment(post, SCHEDULER), error: post.error });
        }
      });
    },
  };
  const versions: DurableSubscriber = {
    name: 'post-versions',
    events: ['content.version_created', 'content.approved'],
    async handle(event, receipt) {
      if (event.name !== 'content.version_created' && event.name !== 'content.approved') return;
      const { variantId, versionId } = event.payload;
      await events.transaction(receipt, async (tx, emit) => {
        const waiting = await tx.find(
          ScheduledPost,
          { variant: variantId, status: PostStatus.SCHEDULED, version: { $ne: versionId } },
          { filters: false },
        );
        if (event.name === 'content.version_created') {
          for (const post of waiting.filter((p) => !p.held)) {
            post.held = true;
            emit('post.held', post.workspace.id, {
              ...postMoment(post, event.payload.by),
              reason: `version ${event.payload.number} needs approval before the post goes out`,
            });
          }
          await tx.flush();
          return;
        }
        // Approved: the approved version is the current one (reviewContent approves only that).
        const version = await tx.findOne(ContentVersion, { id: versionId }, { filters: false });
        if (!version) return;
        const held = await tx.find(
          ScheduledPost,
          { variant: variantId, status: PostStatus.SCHEDULED, $or: [{ held: true }, { version: { $ne: versionId } }] },
          { filters: false },
        );
        for (const post of held) {
          post.version = version;
          post.held = false;
          emit('post.released', post.workspace.id, postMoment(post, event.payload.by));
        }
        if (held.length > 0) {
          const variant = await tx.findOneOrFail(ContentVariant, { id: variantId }, { filters: false });
          await syncVariantStatus(tx, variant);
        }
        await tx.flush();
      });
    },
  };
  return [settle, versions];
}
