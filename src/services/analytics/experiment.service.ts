import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ArmResult,
  Campaign,
  ContentVariant,
  Experiment,
  ExperimentMetric,
  ExperimentStatus,
  type Platform,
  PostStatus,
} from '../../entities';
import { AppError } from '../../errors';
import type { DomainEvents, Emit } from '../events/domain-events';
import type { DurableSubscriber } from '../events/outbox-dispatcher';
import { getOwned, isUuid } from '../scoped-data';
import type { Scope } from '../viewer';
import {
  chiSquareIndependence,
  holm,
  relativeUplift,
  requiredSampleSizePerArm,
  sampleRatioMismatch,
  twoProportionZTest,
  wilsonInterval,
} from './statistics';

/**
 * The baseline rate assumed for the sample size when the control has too little data of its own (fewer than
 * MIN_BASELINE_IMPRESSIONS impressions or no success yet): typical organic figures, deliberately on the low side
 * (a lower baseline asks for more impressions, never fewer). CLICK_RATE 2 %, CONVERSION_RATE 1 %, ENGAGEMENT_RATE 3 %.
 */
export const DEFAULT_BASELINE: Record<ExperimentMetric, number> = {
  [ExperimentMetric.CLICK_RATE]: 0.02,
  [ExperimentMetric.CONVERSION_RATE]: 0.01,
  [ExperimentMetric.ENGAGEMENT_RATE]: 0.03,
};
export const MIN_BASELINE_IMPRESSIONS = 1_000;
/** The guard of the chi-square and z approximations: every arm expects at least this many successes. */
export const MIN_EXPECTED_SUCCESSES = 5;
/** A sample-ratio mismatch is flagged below this p-value (Kohavi et al. 2020 use 0.001: few false alarms). */
export const SRM_P_THRESHOLD = 0.001;
/** Arms whose first posts are further apart than this are not a randomised comparison. */
const OBSERVATIONAL_GAP_MS = 86_400_000;
const MAX_ARMS = 5;

export interface CreateExperimentInput {
  campaignId: string;
  platform: Platform;
  variantIds: string[];
  metric: ExperimentMetric;
  minimumDetectableEffect?: number | null;
  alpha?: number | null;
  power?: number | null;
}

/** One arm as the API shows it. */
export interface ArmView {
  variant: { id: string };
  isControl: boolean;
  impressions: number;
  successes: number;
  rate: number;
  ciLow: number;
  ciHigh: number;
  relativeUplift: number | null;
  pValueVsControl: number | null;
}

interface Counts {
  variantId: string;
  impressions: number;
  successes: number;
}

/** What counts as a success of each metric, in SQL over `engagement` (capped at the impressions: a proportion). */
const SUCCESS_SQL: Record<ExperimentMetric, string> = {
  [ExperimentMetric.CLICK_RATE]: 'clicks',
  [ExperimentMetric.CONVERSION_RATE]: 'conversions',
  [ExperimentMetric.ENGAGEMENT_RATE]: 'least(impressions, clicks + reactions + comments + shares)',
};

export function testName(arms: number): string {
  return arms === 2
    ? 'two-proportion z-test (pooled, two-sided)'
    : `chi-square test of independence (${arms} arms), then two-proportion z-tests against the control with Holm correction`;
}

function rangeCheck(value: number, path: string, low: number, high: number, inclusive = false): void {
  const ok = Number.isFinite(value) && (inclusive ? value >= low && value <= high : value > low && value < high);
  if (!ok) throw AppError.badInput([{ path, message: `must be between ${low} and ${high}` }]);
}

export interface ExperimentOptions {
  events: DomainEvents;
  now?: () => Date;
}

/**
 * A/B(/n) tests with a fixed horizon (README "Experiments"): the sample size is computed when the experiment is
 * created, and the test runs once, when every arm has reached it — the `experiment-decider` subscriber looks after
 * each `engagement.recorded`. Before that, the arms' figures are shown but labelled not decisive.
 */
export class ExperimentService {
  constructor(private readonly options: ExperimentOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The arms' impressions and successes, from every engagement row of their variants. */
  async counts(em: EntityManager, experiment: Pick<Experiment, 'variantIds' | 'metric'>): Promise<Counts[]> {
    const rows = await em.getConnection().execute<{ variant_id: string; impressions: string; successes: string }[]>(
      `select variant_id, sum(impressions) as impressions, sum(${SUCCESS_SQL[experiment.metric]}) as successes
       from engagement where variant_id = any(?::uuid[]) group by variant_id`,
      [`{${experiment.variantIds.join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    const byId = new Map(rows.map((row) => [row.variant_id, row]));
    return experiment.variantIds.map((variantId) => ({
      variantId,
      impressions: Number(byId.get(variantId)?.impressions ?? 0),
      successes: Number(byId.get(variantId)?.successes ?? 0),
    }));
  }

  /**
   * A collecting experiment's counts for one request: `arms`, `winner` and `note` all need them, and the entity
   * object belongs to the request's EntityManager, so keying on it shares one query per experiment and request.
   */
  private readonly liveCounts = new WeakMap<Experiment, Promise<Counts[]>>();

  private countsNow(scope: Scope, experiment: Experiment): Promise<Counts[]> {
    let counts = this.liveCounts.get(experiment);
    if (!counts) {
      counts = this.counts(scope.em, experiment);
      this.liveCounts.set(experiment, counts);
    }
    return counts;
  }

  /** The arms as they stand: frozen at the decision, else computed now. */
  async arms(scope: Scope, experiment: Experiment): Promise<ArmView[]> {
    const counts: (Counts & { pValueVsControl?: number | null })[] =
      experiment.result ?? (await this.countsNow(scope, experiment));
    const confidence = 1 - experiment.alpha;
    const [control] = counts;
    const controlRate = control && control.impressions > 0 ? control.successes / control.impressions : 0;
    const live = experiment.result ? null : pairwise(counts);
    return counts.map((arm, index) => {
      const rate = arm.impressions > 0 ? arm.successes / arm.impressions : 0;
      const interval = wilsonInterval(arm.successes, arm.impressions, confidence);
      return {
        variant: { id: arm.variantId },
        isControl: index === 0,
        impressions: arm.impressions,
        successes: arm.successes,
        rate,
        ciLow: interval.low,
        ciHigh: interval.high,
        relativeUplift: index === 0 ? null : relativeUplift(controlRate, rate),
        pValueVsControl: index === 0 ? null : (arm.pValueVsControl ?? live?.[index] ?? null),
      };
    });
  }

  /** The experiment's note: decided notes are stored; while collecting, how far along it is. */
  async note(scope: Scope, experiment: Experiment): Promise<string | null> {
    if (experiment.status !== ExperimentStatus.COLLECTING) return experiment.note ?? null;
    const counts = await this.countsNow(scope, experiment);
    const least = Math.min(...counts.map((arm) => arm.impressions));
    const progress = `Collecting: the smallest arm has ${least.toLocaleString('en-US')} of ${experiment.requiredImpressionsPerArm.toLocaleString('en-US')} impressions; the figures so far are not decisive.`;
    return [progress, experiment.note].filter(Boolean).join(' ');
  }

  async create(scope: Scope, input: CreateExperimentInput): Promise<Experiment> {
    const mde = input.minimumDetectableEffect ?? 0.2;
    const alpha = input.alpha ?? 0.05;
    const power = input.power ?? 0.8;
    rangeCheck(mde, 'minimumDetectableEffect', 0, 10);
    rangeCheck(alpha, 'alpha', 0, 0.5);
    rangeCheck(power, 'power', 0.5, 0.9999, true);
    if (!Object.values(ExperimentMetric).includes(input.metric)) {
      throw AppError.badInput([{ path: 'metric', message: 'must be CLICK_RATE, CONVERSION_RATE or ENGAGEMENT_RATE' }]);
    }
    const ids = Array.isArray(input.variantIds) ? input.variantIds : [];
    if (ids.length < 2 || ids.length > MAX_ARMS) {
      throw AppError.badInput([
        { path: 'variantIds', message: `must name 2–${MAX_ARMS} variants (the first is the control)` },
      ]);
    }
    if (new Set(ids).size !== ids.length) {
      throw AppError.badInput([{ path: 'variantIds', message: 'must not name a variant twice' }]);
    }
    const campaign = await getOwned(scope, Campaign, input.campaignId, 'Campaign');
    const variants = ids.every(isUuid) ? await scope.em.find(ContentVariant, { id: { $in: ids } }) : [];
    const byId = new Map(variants.map((variant) => [variant.id, variant]));
    for (const id of ids) {
      const variant = byId.get(id);
      if (!variant || variant.campaign.id !== campaign.id) throw AppError.notFound(`Variant ${id.slice(0, 60)}`);
      if (variant.platform !== input.platform) {
        throw AppError.badInput([
          { path: 'variantIds', message: `variant ${id} is for ${variant.platform}, not ${input.platform}` },
        ]);
      }
    }
    const metric = input.metric;
    const [control] = await this.counts(scope.em, { variantIds: [ids[0] as string], metric });
    const own = control && control.impressions >= MIN_BASELINE_IMPRESSIONS && control.successes > 0;
    const baselineRate = own ? control.successes / control.impressions : DEFAULT_BASELINE[metric];
    // Several arms are compared with the control: the sample size uses alpha / (arms − 1) (Bonferroni), which the
    // Holm procedure of the decision never needs more than.
    let required: number;
    try {
      required = requiredSampleSizePerArm(baselineRate, mde, alpha / (ids.length - 1), power);
    } catch (error) {
      throw AppError.badInput([
        {
          path: 'minimumDetectableEffect',
          message: `cannot be detected from a baseline of ${(baselineRate * 100).toFixed(2)} %: ${(error as Error).message}`,
        },
      ]);
    }
    if (!Number.isSafeInteger(required) || required > 2_000_000_000) {
      throw AppError.badInput([
        { path: 'minimumDetectableEffect', message: 'needs more impressions than can be counted' },
      ]);
    }
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      const experiment = tx.create(Experiment, {
        workspace: scope.viewer.workspace.id,
        campaign: campaign.id,
        platform: input.platform,
        variantIds: ids,
        metric,
        alpha,
        power,
        minimumDetectableEffect: mde,
        baselineRate,
        baselineSource: own
          ? `the control's own data (${control.successes} of ${control.impressions} impressions)`
          : `the default for ${metric} (${DEFAULT_BASELINE[metric] * 100} %): the control has fewer than ${MIN_BASELINE_IMPRESSIONS} impressions or no success yet`,
        requiredImpressionsPerArm: required,
        test: testName(ids.length),
        note: await observational(tx, ids),
        createdBy: scope.viewer.apiKeyId,
        createdAt: this.now(),
      });
      await tx.flush();
      emit('experiment.created', scope.viewer.workspace.id, {
        experimentId: experiment.id,
        campaignId: campaign.id,
        platform: input.platform,
        variantIds: ids,
        by: scope.viewer.apiKeyId,
      });
      await this.decide(tx, experiment, emit);
      return experiment;
    });
  }

  async stop(scope: Scope, id: string): Promise<Experiment> {
    const found = await getOwned(scope, Experiment, id, 'Experiment');
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      const experiment = await tx.findOneOrFail(
        Experiment,
        { id: found.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (experiment.status === ExperimentStatus.STOPPED) return experiment;
      if (experiment.status !== ExperimentStatus.COLLECTING) {
        throw new AppError('CONFLICT', `Experiment ${experiment.id} is already ${experiment.status.toLowerCase()}`);
      }
      experiment.status = ExperimentStatus.STOPPED;
      experiment.decidedAt = this.now();
      experiment.result = (await this.counts(tx, experiment)).map((arm) => ({ ...arm, pValueVsControl: null }));
      experiment.note = [experiment.note, 'Stopped before its horizon: no winner.'].filter(Boolean).join(' ');
      await tx.flush();
      emit('experiment.stopped', scope.viewer.workspace.id, {
        experimentId: experiment.id,
        campaignId: experiment.campaign.id,
        by: scope.viewer.apiKeyId,
      });
      return experiment;
    });
  }

  /**
   * Decides a COLLECTING experiment (locked by the caller's transaction) when every arm has reached the horizon;
   * otherwise leaves it alone. Decided once: a decided experiment is never looked at again.
   */
  async decide(tx: EntityManager, experiment: Experiment, emit: Emit): Promise<boolean> {
    if (experiment.status !== ExperimentStatus.COLLECTING) return false;
    const counts = await this.counts(tx, experiment);
    if (counts.some((arm) => arm.impressions < experiment.requiredImpressionsPerArm)) return false;

    const notes: string[] = [];
    const observed = await observational(tx, experiment.variantIds);
    if (observed) notes.push(observed);
    const srm = sampleRatioMismatch(counts.map((arm) => arm.impressions));
    if (srm.pValue < SRM_P_THRESHOLD) {
      notes.push(
        `Sample ratio mismatch: the arms got ${counts.map((arm) => arm.impressions).join(' / ')} impressions, not the equal split planned (chi-square p = ${srm.pValue.toExponential(2)}); check how traffic was split before trusting the result.`,
      );
    }
    const trials = counts.reduce((sum, arm) => sum + arm.impressions, 0);
    const successes = counts.reduce((sum, arm) => sum + arm.successes, 0);
    const pooled = trials > 0 ? successes / trials : 0;
    const minExpected = Math.min(...counts.map((arm) => pooled * arm.impressions));
    const minExpectedFailures = Math.min(...counts.map((arm) => (1 - pooled) * arm.impressions));

    let status: ExperimentStatus.DECIDED | ExperimentStatus.INCONCLUSIVE = ExperimentStatus.INCONCLUSIVE;
    let pValue: number | null = null;
    let winner: Counts | null = null;
    const perArm: (number | null)[] = counts.map(() => null);
    if (minExpected < MIN_EXPECTED_SUCCESSES || minExpectedFailures < MIN_EXPECTED_SUCCESSES) {
      notes.push(
        `Too few successes to test: every arm needs at least ${MIN_EXPECTED_SUCCESSES} expected successes and failures (the smallest expected is ${minExpected.toFixed(1)}).`,
      );
    } else if (counts.length === 2) {
      const [a, b] = counts as [Counts, Counts];
      const z = twoProportionZTest(a.successes, a.impressions, b.successes, b.impressions);
      pValue = z.pValue;
      perArm[1] = z.pValue;
      if (z.pValue < experiment.alpha) {
        status = ExperimentStatus.DECIDED;
        winner = b.successes / b.impressions > a.successes / a.impressions ? b : a;
      }
    } else {
      const chi = chiSquareIndependence(counts.map((arm) => ({ successes: arm.successes, trials: arm.impressions })));
      pValue = chi.pValue;
      const [control, ...others] = counts as [Counts, ...Counts[]];
      const raw = others.map(
        (arm) => twoProportionZTest(control.successes, control.impressions, arm.successes, arm.impressions).pValue,
      );
      const adjusted = holm(raw);
      adjusted.forEach((p, index) => {
        perArm[index + 1] = p;
      });
      if (chi.pValue < experiment.alpha) {
        const controlRate = control.successes / control.impressions;
        const better = others.filter(
          (arm, index) =>
            (adjusted[index] as number) < experiment.alpha && arm.successes / arm.impressions > controlRate,
        );
        const worse = others.filter(
          (arm, index) =>
            (adjusted[index] as number) < experiment.alpha && arm.successes / arm.impressions < controlRate,
        );
        if (better.length > 0) {
          winner = better.reduce((best, arm) =>
            arm.successes / arm.impressions > best.successes / best.impressions ? arm : best,
          );
        } else if (worse.length === others.length) {
          winner = control;
        }
        if (winner) status = ExperimentStatus.DECIDED;
        else notes.push('The arms differ overall, but no arm differs from the control after Holm correction.');
      }
    }
    experiment.status = status;
    experiment.pValue = pValue;
    experiment.winnerVariantId = winner?.variantId ?? null;
    experiment.result = counts.map((arm, index): ArmResult => ({ ...arm, pValueVsControl: perArm[index] ?? null }));
    experiment.decidedAt = this.now();
    experiment.note = notes.length > 0 ? notes.join(' ') : null;
    await tx.flush();
    const [control] = counts as [Counts];
    const rate = (arm: Counts) => (arm.impressions > 0 ? arm.successes / arm.impressions : 0);
    emit('experiment.decided', experiment.workspace.id, {
      experimentId: experiment.id,
      campaignId: experiment.campaign.id,
      platform: experiment.platform,
      metric: experiment.metric,
      status,
      test: experiment.test,
      pValue,
      winnerVariantId: winner?.variantId ?? null,
      relativeUplift: winner && winner !== control ? relativeUplift(rate(control), rate(winner)) : null,
      note: experiment.note ?? null,
    });
    return true;
  }
}

/** Live p-values of every arm against the control (shown while collecting; Holm-adjusted with 3+ arms). */
function pairwise(counts: Counts[]): (number | null)[] {
  const [control, ...others] = counts;
  if (!control || control.impressions === 0) return counts.map(() => null);
  const raw = others.map((arm) =>
    arm.impressions === 0
      ? 1
      : twoProportionZTest(control.successes, control.impressions, arm.successes, arm.impressions).pValue,
  );
  const adjusted = raw.length > 1 ? holm(raw) : raw;
  return [null, ...adjusted];
}

/**
 * "Observational" when the arms' first posts went out more than a day apart: then time, not the copy, may explain
 * the difference, and the comparison is not a randomised test.
 */
async function observational(em: EntityManager, variantIds: string[]): Promise<string | null> {
  const rows = await em.getConnection().execute<{ variant_id: string; first: Date | null }[]>(
    `select variant_id, min(coalesce(published_at, scheduled_at)) as first from scheduled_post
     where variant_id = any(?::uuid[]) and status in (?, ?, ?) group by variant_id`,
    [`{${variantIds.join(',')}}`, PostStatus.PUBLISHED, PostStatus.PUBLISHING, PostStatus.SCHEDULED],
    'all',
    em.getTransactionContext(),
  );
  const times = rows.map((row) => (row.first ? new Date(row.first).getTime() : Number.NaN)).filter(Number.isFinite);
  if (times.length < 2) return null;
  const spread = Math.max(...times) - Math.min(...times);
  if (spread <= OBSERVATIONAL_GAP_MS) return null;
  return `Observational: the arms were first posted ${(spread / 3_600_000).toFixed(0)} hours apart, so this is not a randomised test; time of posting may explain a difference.`;
}

/**
 * The `experiment-decider` durable subscriber (wired in the composition root): after engagement is recorded, every
 * COLLECTING experiment of those campaigns that has one of those variants is looked at, locked, and decided if its
 * arms have all reached the horizon.
 */
export function experimentSubscriber(service: ExperimentService, events: DomainEvents): DurableSubscriber {
  return {
    name: 'experiment-decider',
    events: ['engagement.recorded'],
    async handle(event, receipt) {
      if (event.name !== 'engagement.recorded') return;
      const { campaignIds, variantIds } = event.payload;
      const touched = new Set(variantIds);
      await events.transaction(receipt, async (tx, emit) => {
        const experiments = await tx.find(
          Experiment,
          { campaign: { $in: campaignIds }, status: ExperimentStatus.COLLECTING },
          { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } },
        );
        for (const experiment of experiments) {
          if (experiment.variantIds.some((id) => touched.has(id))) await service.decide(tx, experiment, emit);
        }
      });
    },
  };
}
