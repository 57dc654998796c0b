/**
 * A generation job as the campaign page follows it: `generationProgress` events folded into one state. Pure (no
 * React, no DOM), so the rules are unit-tested: the SNAPSHOT rebuilds what a reader who joined late has missed, TOKEN
 * deltas append to their variant's text (a `reset` drops the platform's text), VARIANT_READY moves a variant from
 * "writing" to "ready", and stage and progress never go back.
 */

export const STAGES = ['QUEUED', 'OUTLINE', 'COPY', 'REVIEW', 'DONE'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  QUEUED: 'Queued',
  OUTLINE: 'Outline',
  COPY: 'Copy',
  REVIEW: 'Review',
  DONE: 'Done',
};

/** The words a summary uses for what the job does at a stage. */
const STAGE_DOING: Record<Stage, string> = {
  QUEUED: 'Waiting for a worker',
  OUTLINE: 'Writing the outline',
  COPY: 'Writing the copy',
  REVIEW: 'Checking the copy',
  DONE: 'Finished',
};

export interface ReadyVariant {
  id: string;
  platform: string;
  title?: string | null;
  body: string;
}

/** The fields of a GenerationEvent the page reads. */
export interface ProgressEventLike {
  type: string;
  stage: string;
  progress: number;
  platform?: string | null;
  variantIndex?: number | null;
  delta?: string | null;
  reset?: boolean | null;
  variant?: ReadyVariant | null;
  variants?: readonly ReadyVariant[] | null;
  partials?: readonly { platform: string; variantIndex: number; text: string }[] | null;
  message?: string | null;
}

export type JobOutcome = 'running' | 'completed' | 'failed' | 'cancelled';

export interface StreamSlot {
  platform: string;
  index: number;
  text: string;
}

export interface ProgressState {
  jobId: string;
  /** False until the SNAPSHOT arrives: what is shown before it may be stale. */
  synced: boolean;
  outcome: JobOutcome;
  stage: Stage;
  progress: number;
  /** The text so far of each variant still being written, keyed `PLATFORM:index`, in the order they started. */
  streams: Record<string, StreamSlot>;
  order: string[];
  /** The variants the job has finished, in the order they were finished. */
  ready: ReadyVariant[];
  message: string | null;
}

export function slotKey(platform: string, index: number): string {
  return `${platform}:${index}`;
}

export function initialProgress(jobId: string, from?: { stage?: string; progress?: number }): ProgressState {
  return {
    jobId,
    synced: false,
    outcome: 'running',
    stage: asStage(from?.stage) ?? 'QUEUED',
    progress: from?.progress ?? 0,
    streams: {},
    order: [],
    ready: [],
    message: null,
  };
}

function asStage(value: string | null | undefined): Stage | undefined {
  return STAGES.find((stage) => stage === value);
}

/** The later of two stages in the job's order (an event never moves the page backwards). */
export function laterStage(a: Stage, b: string): Stage {
  const other = asStage(b);
  if (!other) return a;
  return STAGES.indexOf(other) > STAGES.indexOf(a) ? other : a;
}

/** Where `stage` is relative to the job's current stage: behind it, the current one, or still to come. */
export function stageState(stage: Stage, current: Stage, outcome: JobOutcome): 'done' | 'current' | 'todo' {
  const at = STAGES.indexOf(current);
  const here = STAGES.indexOf(stage);
  if (outcome === 'completed') return 'done';
  if (here < at) return 'done';
  if (here === at) return 'current';
  return 'todo';
}

function withStream(state: ProgressState, platform: string, index: number, text: string): ProgressState {
  const key = slotKey(platform, index);
  const order = state.order.includes(key) ? state.order : [...state.order, key];
  return { ...state, order, streams: { ...state.streams, [key]: { platform, index, text } } };
}

function withoutPlatform(state: ProgressState, platform: string): ProgressState {
  const streams: Record<string, StreamSlot> = {};
  for (const [key, slot] of Object.entries(state.streams)) if (slot.platform !== platform) streams[key] = slot;
  return { ...state, streams, order: state.order.filter((key) => key in streams) };
}

/** The state after one more event of the job. Events of another job are ignored. */
export function applyProgressEvent(state: ProgressState, event: ProgressEventLike): ProgressState {
  let next: ProgressState = {
    ...state,
    stage: laterStage(state.stage, event.stage),
    progress: Math.max(state.progress, event.progress),
  };
  switch (event.type) {
    case 'SNAPSHOT': {
      next = {
        ...next,
        // The snapshot is the job as it is: the stage and progress it reports, and its texts, replace what we had.
        stage: asStage(event.stage) ?? next.stage,
        progress: event.progress,
        synced: true,
        streams: {},
        order: [],
        ready: [...(event.variants ?? [])],
      };
      for (const partial of event.partials ?? []) {
        next = withStream(next, partial.platform, partial.variantIndex, partial.text);
      }
      return next;
    }
    case 'TOKEN': {
      if (!event.platform) return next;
      if (event.reset) return withoutPlatform(next, event.platform);
      const index = event.variantIndex ?? 0;
      const before = next.streams[slotKey(event.platform, index)]?.text ?? '';
      return withStream(next, event.platform, index, before + (event.delta ?? ''));
    }
    case 'VARIANT_READY': {
      const variant = event.variant;
      if (event.platform != null && event.variantIndex != null) {
        const key = slotKey(event.platform, event.variantIndex);
        const streams = { ...next.streams };
        delete streams[key];
        next = { ...next, streams, order: next.order.filter((k) => k !== key) };
      }
      if (!variant || next.ready.some((v) => v.id === variant.id)) return next;
      return { ...next, ready: [...next.ready, variant] };
    }
    case 'COMPLETED':
      return { ...next, outcome: 'completed', stage: 'DONE', progress: 1 };
    case 'FAILED':
      return { ...next, outcome: 'failed', message: event.message ?? null };
    case 'CANCELLED':
      return { ...next, outcome: 'cancelled', message: event.message ?? null };
    default:
      return next;
  }
}

/** Folds a list of events (the unit tests, and a page that replays what it has). */
export function progressFrom(jobId: string, events: readonly ProgressEventLike[]): ProgressState {
  return events.reduce(applyProgressEvent, initialProgress(jobId));
}

/** The streams still being written, in the order they started. */
export function openStreams(state: ProgressState): StreamSlot[] {
  return state.order.map((key) => state.streams[key]).filter((slot): slot is StreamSlot => slot !== undefined);
}

/**
 * One sentence for screen readers (aria-live): the stage and how many variants are ready. It changes with the
 * stage and each finished variant, not with every token.
 */
export function progressSummary(state: ProgressState): string {
  const ready = state.ready.length;
  const readyWords = ready === 1 ? '1 variant ready' : `${ready} variants ready`;
  switch (state.outcome) {
    case 'completed':
      return `Generation finished: ${readyWords}.`;
    case 'failed':
      return `Generation failed${state.message ? `: ${state.message}` : '.'}`;
    case 'cancelled':
      return 'Generation cancelled; the earlier content is kept.';
    default:
      return `${STAGE_DOING[state.stage]}: ${readyWords}.`;
  }
}

/** A job status that is still going: the page follows it live. */
export function isLiveJob(status: string | null | undefined): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}
