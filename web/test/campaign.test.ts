import { describe, expect, it } from 'vitest';
import {
  applyProgressEvent,
  initialProgress,
  laterStage,
  openStreams,
  type ProgressEventLike,
  progressFrom,
  progressSummary,
  STAGES,
  stageState,
} from '../src/screens/campaign/progress';
import {
  comparisonBase,
  diffSegments,
  diffStats,
  parseHashtags,
  timeZoneChoices,
  versionText,
  wallClockToIso,
} from '../src/screens/campaign/versions';

const event = (e: Partial<ProgressEventLike> & { type: string }): ProgressEventLike => ({
  stage: 'COPY',
  progress: 0.2,
  ...e,
});

describe('generation progress as the campaign page folds it', () => {
  it('rebuilds the texts from the SNAPSHOT, then appends each TOKEN delta to its variant', () => {
    const state = progressFrom('job-1', [
      event({
        type: 'SNAPSHOT',
        stage: 'COPY',
        progress: 0.3,
        variants: [{ id: 'v1', platform: 'TWITTER', body: 'Done already' }],
        partials: [{ platform: 'LINKEDIN', variantIndex: 0, text: 'Skip the ' }],
      }),
      event({ type: 'TOKEN', platform: 'LINKEDIN', variantIndex: 0, delta: 'traffic' }),
      event({ type: 'TOKEN', platform: 'LINKEDIN', variantIndex: 1, delta: 'Second 🚀' }),
      event({ type: 'TOKEN', platform: 'LINKEDIN', variantIndex: 0, delta: ' today.' }),
    ]);
    expect(state.synced).toBe(true);
    expect(openStreams(state).map((s) => [s.platform, s.index, s.text])).toEqual([
      ['LINKEDIN', 0, 'Skip the traffic today.'],
      ['LINKEDIN', 1, 'Second 🚀'],
    ]);
    expect(state.ready.map((v) => v.id)).toEqual(['v1']);
  });

  it('a SNAPSHOT replaces what was there (a reload or a reconnect starts from the job as it is)', () => {
    let state = progressFrom('job-1', [
      event({ type: 'SNAPSHOT', partials: [] }),
      event({ type: 'TOKEN', platform: 'BLOG', variantIndex: 0, delta: 'stale' }),
    ]);
    state = applyProgressEvent(
      state,
      event({ type: 'SNAPSHOT', partials: [{ platform: 'BLOG', variantIndex: 0, text: 'fresh' }], variants: [] }),
    );
    expect(openStreams(state).map((s) => s.text)).toEqual(['fresh']);
  });

  it('a TOKEN with reset drops the platform’s texts only', () => {
    const state = progressFrom('job-1', [
      event({ type: 'SNAPSHOT' }),
      event({ type: 'TOKEN', platform: 'BLOG', variantIndex: 0, delta: 'one' }),
      event({ type: 'TOKEN', platform: 'BLOG', variantIndex: 1, delta: 'two' }),
      event({ type: 'TOKEN', platform: 'EMAIL', variantIndex: 0, delta: 'mail' }),
      event({ type: 'TOKEN', platform: 'BLOG', reset: true }),
      event({ type: 'TOKEN', platform: 'BLOG', variantIndex: 0, delta: 'again' }),
    ]);
    expect(openStreams(state).map((s) => `${s.platform}:${s.index}=${s.text}`)).toEqual([
      'EMAIL:0=mail',
      'BLOG:0=again',
    ]);
  });

  it('VARIANT_READY moves a variant from writing to ready, once', () => {
    const ready = event({
      type: 'VARIANT_READY',
      platform: 'X',
      variantIndex: 0,
      variant: { id: 'v9', platform: 'X', body: 'Final' },
    });
    const state = progressFrom('job-1', [
      event({ type: 'SNAPSHOT' }),
      event({ type: 'TOKEN', platform: 'X', variantIndex: 0, delta: 'Fin' }),
      ready,
      ready,
    ]);
    expect(openStreams(state)).toEqual([]);
    expect(state.ready).toEqual([{ id: 'v9', platform: 'X', body: 'Final' }]);
    expect(progressSummary(state)).toBe('Writing the copy: 1 variant ready.');
  });

  it('never moves the stage or the progress back, and ends on the final event', () => {
    let state = progressFrom('job-1', [
      event({ type: 'SNAPSHOT', stage: 'OUTLINE', progress: 0.02 }),
      event({ type: 'STAGE_STARTED', stage: 'COPY', progress: 0.1 }),
      event({ type: 'TOKEN', stage: 'OUTLINE', progress: 0.05, platform: 'BLOG', variantIndex: 0, delta: 'a' }),
    ]);
    expect(state.stage).toBe('COPY');
    expect(state.progress).toBe(0.1);
    expect(state.outcome).toBe('running');
    state = applyProgressEvent(state, event({ type: 'COMPLETED', stage: 'DONE', progress: 1 }));
    expect(state).toMatchObject({ outcome: 'completed', stage: 'DONE', progress: 1 });
    expect(progressSummary(state)).toBe('Generation finished: 0 variants ready.');
    const failed = applyProgressEvent(initialProgress('j'), event({ type: 'FAILED', message: 'Model down' }));
    expect(progressSummary(failed)).toBe('Generation failed: Model down');
    const cancelled = applyProgressEvent(initialProgress('j'), event({ type: 'CANCELLED' }));
    expect(cancelled.outcome).toBe('cancelled');
  });

  it('orders the stages QUEUED → OUTLINE → COPY → REVIEW → DONE and marks the current one', () => {
    expect(STAGES).toEqual(['QUEUED', 'OUTLINE', 'COPY', 'REVIEW', 'DONE']);
    expect(laterStage('COPY', 'OUTLINE')).toBe('COPY');
    expect(laterStage('OUTLINE', 'REVIEW')).toBe('REVIEW');
    expect(laterStage('COPY', 'NONSENSE')).toBe('COPY');
    expect(STAGES.map((s) => stageState(s, 'COPY', 'running'))).toEqual(['done', 'done', 'current', 'todo', 'todo']);
    expect(STAGES.map((s) => stageState(s, 'DONE', 'completed'))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(initialProgress('j', { stage: 'REVIEW', progress: 0.95 })).toMatchObject({ stage: 'REVIEW', synced: false });
  });
});

describe('version diffs', () => {
  it('cuts a word diff into same, added and removed runs that spell both texts', () => {
    const before = 'Skip the traffic on a rocket.';
    const after = 'Skip the morning traffic on an Acme rocket.';
    const segments = diffSegments(before, after);
    const spelled = (kinds: string[]) =>
      segments
        .filter((s) => kinds.includes(s.kind))
        .map((s) => s.text)
        .join('');
    expect(spelled(['same', 'added'])).toBe(after);
    expect(spelled(['same', 'removed'])).toBe(before);
    expect(segments.filter((s) => s.kind === 'added').map((s) => s.text.trim())).toContain('morning');
    expect(segments.filter((s) => s.kind === 'removed').map((s) => s.text.trim())).toContain('a');
    expect(diffStats(segments)).toEqual({ added: 3, removed: 1 });
    expect(diffSegments('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
  });

  it('compares the title, body and hashtags of a version', () => {
    expect(versionText({ title: 'Hello', body: 'Body', hashtags: ['#a', '#b'] })).toBe('Hello\n\nBody\n\n#a #b');
    expect(versionText({ title: null, body: 'Body', hashtags: [] })).toBe('Body');
  });

  it('picks the previous or the current version to compare with', () => {
    const versions = [
      { id: 'a', number: 1 },
      { id: 'b', number: 2 },
      { id: 'c', number: 3 },
    ];
    expect(comparisonBase(versions, 'c', 'previous', 'c')).toEqual({ older: versions[1], newer: versions[2] });
    expect(comparisonBase(versions, 'a', 'previous', 'c')).toBeNull();
    expect(comparisonBase(versions, 'a', 'current', 'c')).toEqual({ older: versions[0], newer: versions[2] });
    expect(comparisonBase(versions, 'c', 'current', 'c')).toBeNull();
    expect(comparisonBase(versions, 'zz', 'previous', 'c')).toBeNull();
  });
});

describe('form values', () => {
  it('reads hashtags as typed', () => {
    expect(parseHashtags('#a, b  #c\n')).toEqual(['#a', '#b', '#c']);
    expect(parseHashtags('  ')).toEqual([]);
  });

  it('turns a wall-clock time in a zone into an instant, across daylight saving', () => {
    expect(wallClockToIso('2030-07-01T09:00', 'Europe/Berlin')).toBe('2030-07-01T07:00:00.000Z');
    expect(wallClockToIso('2030-01-01T09:00', 'Europe/Berlin')).toBe('2030-01-01T08:00:00.000Z');
    expect(wallClockToIso('2030-01-01T09:00', 'America/New_York')).toBe('2030-01-01T14:00:00.000Z');
    expect(wallClockToIso('', 'UTC')).toBeNull();
    expect(wallClockToIso('not a time', 'UTC')).toBeNull();
  });

  it('offers the browser’s zones with its own and UTC', () => {
    expect(timeZoneChoices(['Europe/Berlin', 'Asia/Tokyo'], 'Etc/Unknown')).toEqual([
      'Asia/Tokyo',
      'Etc/Unknown',
      'Europe/Berlin',
      'UTC',
    ]);
  });
});
