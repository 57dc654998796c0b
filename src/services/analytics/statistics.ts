/**
 * Pure statistics for comparing content variants (A/B/n tests on engagement counts).
 *
 * Every distribution function comes from stdlib (`@stdlib/stats-base-dists-*`); nothing here hand-writes a CDF or
 * a quantile. No I/O, no state: each function maps numbers to numbers.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** A closed interval of proportions, `0 ≤ low ≤ high ≤ 1`. */
export interface ProportionInterval {
  low: number;
  high: number;
}

/** The result of a two-sided two-proportion z-test. */
export interface ZTestResult {
  /** Positive when the second proportion is the larger. */
  z: number;
  pValue: number;
}

/** One arm of an experiment: how many of `trials` were successes. */
export interface ArmCounts {
  successes: number;
  trials: number;
}

/** The result of Pearson's chi-square test of independence on a 2×k table. */
export interface ChiSquareIndependenceResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  /** The smallest expected cell count (successes or failures) over all arms, empty arms included. */
  minExpected: number;
}

/** The result of a chi-square goodness-of-fit test. */
export interface GoodnessOfFitResult {
  statistic: number;
  pValue: number;
}

/** Standard normal CDF Φ. */
function phi(x: number): number {
  return normalCdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹. */
function phiInverse(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Upper tail of the chi-square distribution, clamped to [0, 1]. */
function chiSquareUpperTail(statistic: number, degreesOfFreedom: number): number {
  return clamp01(1 - chisquareCdf(statistic, degreesOfFreedom));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

function assertCounts(successes: number, trials: number, label = ''): void {
  assertCount(`${label}successes`, successes);
  assertCount(`${label}trials`, trials);
  if (successes > trials) {
    throw new RangeError(`${label}successes (${successes}) must not exceed ${label}trials (${trials})`);
  }
}

function assertOpenUnit(name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`${name} must be in (0, 1), got ${value}`);
  }
}

/**
 * Wilson score interval for a binomial proportion, without continuity correction.
 *
 * With p̂ = x/n and z = Φ⁻¹(1 − (1 − confidence)/2):
 *
 *     low, high = ( p̂ + z²/(2n) ∓ z·√( p̂(1 − p̂)/n + z²/(4n²) ) ) / (1 + z²/n)
 *
 * Sources: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical inference",
 * JASA 22:209–212; A. Agresti & B. A. Coull (1998), "Approximate is better than 'exact' for interval estimation of
 * binomial proportions", The American Statistician 52:119–126; R. G. Newcombe (1998), "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Statistics in Medicine 17:857–872 (method 3).
 *
 * `trials` 0 gives the uninformative [0, 1]. The bounds are exactly 0 when `successes` is 0 and exactly 1 when
 * `successes` equals `trials`. Throws a RangeError for negative or non-finite counts, `successes > trials`, or a
 * confidence outside (0, 1).
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  assertCounts(successes, trials);
  assertOpenUnit('confidence', confidence);
  if (trials === 0) return { low: 0, high: 1 };
  const z = phiInverse(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / trials;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return {
    low: successes === 0 ? 0 : clamp01(centre - halfWidth),
    high: successes === trials ? 1 : clamp01(centre + halfWidth),
  };
}

/**
 * Two-sided two-proportion z-test with the pooled standard error (the score test for H₀: p₁ = p₂).
 *
 *     p̂ = (s₁ + s₂)/(n₁ + n₂),   z = (s₂/n₂ − s₁/n₁) / √( p̂(1 − p̂)(1/n₁ + 1/n₂) ),   p-value = 2·Φ(−|z|)
 *
 * z² equals Pearson's chi-square for the 2×2 table without Yates' correction, so the p-value equals R's
 * `prop.test(c(s1, s2), c(n1, n2), correct = FALSE)`. Source: J. L. Fleiss, B. Levin & M. C. Paik (2003),
 * "Statistical Methods for Rates and Proportions", 3rd ed., Wiley, ch. 3 (significance in a fourfold table).
 * The p-value is computed from the lower tail, 2·Φ(−|z|), which keeps precision for tiny p-values.
 *
 * Degenerate input (n₁ or n₂ 0, or a pooled proportion of 0 or 1, where the standard error is 0) gives z 0 and
 * p-value 1. Throws a RangeError for negative or non-finite counts or successes above trials.
 */
export function twoProportionZTest(s1: number, n1: number, s2: number, n2: number): ZTestResult {
  assertCounts(s1, n1, 'first arm ');
  assertCounts(s2, n2, 'second arm ');
  if (n1 === 0 || n2 === 0) return { z: 0, pValue: 1 };
  const pooled = (s1 + s2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return { z: 0, pValue: 1 };
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (s2 / n2 - s1 / n1) / standardError;
  return { z, pValue: Math.min(1, 2 * phi(-Math.abs(z))) };
}

/**
 * Sample size per arm for a two-sided two-proportion test at significance `alpha` with the given `power`,
 * for a relative minimum detectable effect: p₁ = baseline, p₂ = baseline·(1 + minimumDetectableEffect).
 *
 *     n = ( z_{1−α/2}·√(2·p̄(1 − p̄)) + z_{power}·√(p₁(1 − p₁) + p₂(1 − p₂)) )² / (p₂ − p₁)²,   p̄ = (p₁ + p₂)/2
 *
 * rounded up. This is the formula without continuity correction in J. L. Fleiss, B. Levin & M. C. Paik (2003),
 * "Statistical Methods for Rates and Proportions", 3rd ed., Wiley, ch. 4 (sample sizes to detect a difference
 * between two proportions); it is also the n that R's `power.prop.test(p1, p2, sig.level, power)` solves for.
 * S.-C. Chow, J. Shao & H. Wang, "Sample Size Calculations in Clinical Research" (2nd ed. 2008), ch. 4, give the
 * simpler variant with the unpooled variance under H₀ as well, which is slightly smaller.
 *
 * Example: baseline 2 %, relative MDE 25 % (2 % → 2.5 %), alpha 0.05, power 0.8 → 13,809 per arm (13,808.9 rounded
 * up; with z rounded to 1.96 and 0.84, as in many tables, about 13,793).
 *
 * Throws a RangeError when baseline is not in (0, 1), the MDE is not > 0, p₂ ≥ 1, or alpha or power is not in (0, 1).
 */
export function requiredSampleSizePerArm(
  baseline: number,
  minimumDetectableEffect: number,
  alpha: number,
  power: number,
): number {
  assertOpenUnit('baseline', baseline);
  if (!(minimumDetectableEffect > 0) || !Number.isFinite(minimumDetectableEffect)) {
    throw new RangeError(`minimumDetectableEffect must be a finite number > 0, got ${minimumDetectableEffect}`);
  }
  assertOpenUnit('alpha', alpha);
  assertOpenUnit('power', power);
  const p1 = baseline;
  const p2 = baseline * (1 + minimumDetectableEffect);
  if (!(p2 < 1)) {
    throw new RangeError(`baseline·(1 + minimumDetectableEffect) must be < 1, got ${p2}`);
  }
  const pBar = (p1 + p2) / 2;
  const zAlpha = phiInverse(1 - alpha / 2);
  const zPower = phiInverse(power);
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const delta = p2 - p1;
  return Math.ceil((root * root) / (delta * delta));
}

/**
 * Pearson's chi-square test of independence on the 2×k table of successes and failures per arm, without
 * Yates' continuity correction (K. Pearson 1900; see A. Agresti, "Categorical Data Analysis", 3rd ed. 2013, §3.2).
 *
 *     E_ij = rowTotal_i · colTotal_j / N,   X² = Σ (O_ij − E_ij)² / E_ij,   df = k − 1,   p-value = 1 − F_{χ²(df)}(X²)
 *
 * Same statistic and p-value as R's `chisq.test(matrix(c(s1, f1, s2, f2, …), nrow = 2), correct = FALSE)`.
 * `minExpected` is the smallest E_ij, for callers that require e.g. at least 5 expected successes per cell.
 *
 * Arms with 0 trials have expected counts 0 (so `minExpected` is 0), add nothing to X² and are left out of `df`.
 * When fewer than two arms have trials, or no arm (or every trial) succeeded, the statistic is 0 and the
 * p-value 1. Throws a RangeError for fewer than two arms or invalid counts.
 */
export function chiSquareIndependence(arms: readonly ArmCounts[]): ChiSquareIndependenceResult {
  if (arms.length < 2) {
    throw new RangeError(`chiSquareIndependence needs at least two arms, got ${arms.length}`);
  }
  arms.forEach((arm, i) => {
    assertCounts(arm.successes, arm.trials, `arm ${i} `);
  });
  let totalSuccesses = 0;
  let total = 0;
  let nonEmptyArms = 0;
  for (const arm of arms) {
    totalSuccesses += arm.successes;
    total += arm.trials;
    if (arm.trials > 0) nonEmptyArms += 1;
  }
  const totalFailures = total - totalSuccesses;
  const degreesOfFreedom = Math.max(nonEmptyArms - 1, 0);

  let statistic = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  for (const arm of arms) {
    const expectedSuccesses = total === 0 ? 0 : (arm.trials * totalSuccesses) / total;
    const expectedFailures = total === 0 ? 0 : (arm.trials * totalFailures) / total;
    minExpected = Math.min(minExpected, expectedSuccesses, expectedFailures);
    if (expectedSuccesses > 0) statistic += (arm.successes - expectedSuccesses) ** 2 / expectedSuccesses;
    if (expectedFailures > 0) statistic += (arm.trials - arm.successes - expectedFailures) ** 2 / expectedFailures;
  }
  if (nonEmptyArms < 2 || totalSuccesses === 0 || totalFailures === 0) {
    return { statistic: 0, degreesOfFreedom, pValue: 1, minExpected };
  }
  return { statistic, degreesOfFreedom, pValue: chiSquareUpperTail(statistic, degreesOfFreedom), minExpected };
}

/**
 * Holm–Bonferroni adjusted p-values, returned in the input order.
 *
 * With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *
 *     p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎)
 *
 * (step-down, so the adjusted values are monotone in the raw ones and never exceed 1). Rejecting H₍ᵢ₎ when
 * p̃₍ᵢ₎ ≤ α is Holm's procedure, which controls the family-wise error rate at α. Sources: S. Holm (1979),
 * "A simple sequentially rejective multiple test procedure", Scandinavian Journal of Statistics 6:65–70;
 * adjusted p-values as in S. P. Wright (1992), "Adjusted P-values for simultaneous inference", Biometrics
 * 48:1005–1013, and R's `p.adjust(p, "holm")`. Ties keep their input order (a stable sort), which does not
 * change the result. Throws a RangeError for a value outside [0, 1] or NaN.
 */
export function holm(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`pValues[${i}] must be in [0, 1], got ${p}`);
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the observed units per arm against the
 * intended split.
 *
 *     E_i = N·share_i / Σ share,   X² = Σ (O_i − E_i)² / E_i,   df = k − 1,   p-value = 1 − F_{χ²(df)}(X²)
 *
 * A very small p-value (a strict threshold such as 0.001 is customary, as the check runs on every experiment) means
 * assignment or logging is broken and the experiment's results should not be trusted. Source: R. Kohavi, D. Tang & Y. Xu (2020), "Trustworthy Online
 * Controlled Experiments: A Practical Guide to A/B Testing", Cambridge University Press, ch. 3 and ch. 21 (Sample
 * Ratio Mismatch); A. Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments",
 * KDD '19. Same statistic and p-value as R's `chisq.test(counts, p = shares, rescale.p = TRUE)`.
 *
 * `expectedShares` defaults to an equal split and is normalised, so [1, 1] and [0.5, 0.5] mean the same. No units
 * at all gives statistic 0 and p-value 1. Throws a RangeError for fewer than two arms, counts that are negative or
 * non-finite, or shares that are not finite and > 0 or whose length differs from the counts'.
 */
export function sampleRatioMismatch(
  counts: readonly number[],
  expectedShares?: readonly number[],
): GoodnessOfFitResult {
  const k = counts.length;
  if (k < 2) throw new RangeError(`sampleRatioMismatch needs at least two arms, got ${k}`);
  counts.forEach((count, i) => {
    assertCount(`counts[${i}]`, count);
  });
  const shares = expectedShares ?? counts.map(() => 1);
  if (shares.length !== k) {
    throw new RangeError(`expectedShares has ${shares.length} entries, counts has ${k}`);
  }
  shares.forEach((share, i) => {
    if (!(share > 0) || !Number.isFinite(share)) {
      throw new RangeError(`expectedShares[${i}] must be a finite number > 0, got ${share}`);
    }
  });
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return { statistic: 0, pValue: 1 };
  const shareTotal = shares.reduce((sum, share) => sum + share, 0);
  let statistic = 0;
  counts.forEach((count, i) => {
    const expected = (total * shares[i]!) / shareTotal;
    statistic += (count - expected) ** 2 / expected;
  });
  return { statistic, pValue: chiSquareUpperTail(statistic, k - 1) };
}

/**
 * Relative uplift of an arm over control: (arm − control) / control, e.g. 0.02 → 0.025 is 0.25 (+25 %).
 * `null` when the control rate is 0 (the ratio is undefined).
 */
export function relativeUplift(controlRate: number, armRate: number): number | null {
  if (controlRate === 0) return null;
  return (armRate - controlRate) / controlRate;
}
