import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect, it } from 'vitest';
import {
  chiSquareIndependence,
  holm,
  relativeUplift,
  requiredSampleSizePerArm,
  sampleRatioMismatch,
  twoProportionZTest,
  wilsonInterval,
} from '../src/services/analytics/statistics';

/*
 * Reference values. Unless a case says otherwise, each expected number was computed twice, independently of the
 * code under test: (a) from the textbook formula in 40-digit arithmetic with mpmath 1.3 (Φ via mpmath.ncdf, Φ⁻¹ via
 * erfinv, the chi-square upper tail via the regularised upper incomplete gamma Q(k/2, x/2)), and (b) with SciPy 1.17
 * (`scipy.stats.binomtest(x, n).proportion_ci(method='wilson')`, `scipy.stats.chi2_contingency(table,
 * correction=False)`, `scipy.stats.chisquare`). (a) and (b) agree to at least 13 significant digits. They are the
 * values R prints for `binom::binom.wilson`, `prop.test(…, correct = FALSE)`, `chisq.test(…, correct = FALSE)` and
 * `p.adjust(…, "holm")` (same formulas); R itself was not run.
 */

describe('the stdlib distribution functions (sanity of the imports)', () => {
  it('give the textbook critical values', () => {
    // Φ(1.959964) = 0.975 and Φ⁻¹(0.975) = 1.959964 (any normal table).
    expect(normalCdf(1.959964, 0, 1)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975, 0, 1)).toBeCloseTo(1.959964, 6);
    // χ²(3) critical value at α = 0.05 is 7.814728 (any chi-square table).
    expect(1 - chisquareCdf(7.814728, 3)).toBeCloseTo(0.05, 6);
  });
});

describe('wilsonInterval', () => {
  it('matches Newcombe (1998), Statistics in Medicine 17:857–872, table of worked examples (method 3)', () => {
    // Newcombe prints 4 decimals: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611, 1/29 → 0.0061–0.1718.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const interval = wilsonInterval(x, n);
      expect(interval.low).toBeCloseTo(low, 4);
      expect(interval.high).toBeCloseTo(high, 4);
    }
  });

  it('matches the reference values to 1e-6 (mpmath and scipy proportion_ci(method="wilson"))', () => {
    const cases: [number, number, number, number, number][] = [
      // successes, trials, confidence, low, high
      [0, 10, 0.95, 0, 0.2775327999],
      [81, 263, 0.95, 0.2552885199, 0.366209577],
      [15, 148, 0.95, 0.0623863995, 0.1604872417],
      [0, 20, 0.95, 0, 0.1611251581],
      [1, 29, 0.95, 0.0061132143, 0.1717552188],
      [10, 10, 0.95, 0.7224672001, 1],
      [50, 100, 0.95, 0.4038315304, 0.5961684696],
      [7, 40, 0.9, 0.0977604431, 0.2934192985],
      [120, 5000, 0.99, 0.0190236769, 0.0302379333],
    ];
    for (const [x, n, confidence, low, high] of cases) {
      const interval = wilsonInterval(x, n, confidence);
      expect(interval.low).toBeCloseTo(low, 6);
      expect(interval.high).toBeCloseTo(high, 6);
    }
  });

  it('is exactly 0 / 1 at the edges, symmetric at one half, and [0, 1] with no trials', () => {
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
    const half = wilsonInterval(50, 100);
    expect(half.low + half.high).toBeCloseTo(1, 12);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('widens with the confidence level', () => {
    const narrow = wilsonInterval(30, 200, 0.8);
    const wide = wilsonInterval(30, 200, 0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('rejects impossible input', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(RangeError);
  });
});

describe('twoProportionZTest', () => {
  // z from the pooled formula in mpmath; p = 2Φ(−|z|). Cross-check: scipy chi2_contingency(correction=False) on the
  // 2×2 table gives X² = z² and the same p-value (as R's prop.test(c(s1, s2), c(n1, n2), correct = FALSE) does).
  const cases: [number, number, number, number, number, number][] = [
    // s1, n1, s2, n2, z, p
    [200, 10000, 250, 10000, 2.383995132840505, 0.017125828872195],
    [30, 1000, 45, 1000, 1.765469659009499, 0.0774848651326447],
    [45, 1000, 30, 1000, -1.765469659009499, 0.0774848651326447],
    [120, 4000, 95, 3500, -0.739762985235582, 0.45944382242017],
    [480, 24000, 600, 24000, 3.693269378772327, 0.000221389287316339],
  ];

  it('matches the reference z and p-values to 1e-6', () => {
    for (const [s1, n1, s2, n2, z, p] of cases) {
      const result = twoProportionZTest(s1, n1, s2, n2);
      expect(result.z).toBeCloseTo(z, 6);
      expect(result.pValue).toBeCloseTo(p, 6);
    }
  });

  it('keeps relative precision in the tail (p from 2Φ(−|z|), not 1 − …)', () => {
    const result = twoProportionZTest(480, 24000, 600, 24000);
    expect(result.pValue / 0.000221389287316339).toBeCloseTo(1, 9);
  });

  it('gives X² = z² and the same p-value as the 2×2 chi-square test', () => {
    const z = twoProportionZTest(200, 10000, 250, 10000);
    const chi = chiSquareIndependence([
      { successes: 200, trials: 10000 },
      { successes: 250, trials: 10000 },
    ]);
    expect(chi.statistic).toBeCloseTo(z.z * z.z, 9);
    expect(chi.pValue).toBeCloseTo(z.pValue, 9);
  });

  it('returns z 0 and p 1 for equal rates and degenerate input', () => {
    expect(twoProportionZTest(5, 50, 5, 50)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 100, 0, 100)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(100, 100, 50, 50)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 0, 5, 50)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(5, 50, 0, 0)).toEqual({ z: 0, pValue: 1 });
  });

  it('rejects impossible counts', () => {
    expect(() => twoProportionZTest(51, 50, 5, 50)).toThrow(RangeError);
    expect(() => twoProportionZTest(5, 50, -1, 50)).toThrow(RangeError);
    expect(() => twoProportionZTest(5, Number.POSITIVE_INFINITY, 5, 50)).toThrow(RangeError);
  });
});

describe('requiredSampleSizePerArm', () => {
  // n = (z_{1−α/2}·√(2p̄q̄) + z_power·√(p1q1 + p2q2))² / (p2 − p1)², Fleiss, Levin & Paik (2003) ch. 4, without
  // continuity correction; the same n that R's power.prop.test(p1 = 0.02, p2 = 0.025, power = 0.8) solves for.
  // Exact values (mpmath, 40 digits) before rounding up: 13808.9249, 14750.7905, 15464.6510, 1564.6721.
  it('needs 13,809 per arm to detect 2 % → 2.5 % at alpha 0.05, power 0.8', () => {
    // "About 13,800". With z rounded to 1.96 and 0.84 the same formula gives ≈ 13,793, hence figures like 13,791.
    expect(requiredSampleSizePerArm(0.02, 0.25, 0.05, 0.8)).toBe(13809);
  });

  it('matches the other reference values', () => {
    expect(requiredSampleSizePerArm(0.1, 0.1, 0.05, 0.8)).toBe(14751);
    expect(requiredSampleSizePerArm(0.05, 0.2, 0.01, 0.9)).toBe(15465);
    expect(requiredSampleSizePerArm(0.5, 0.1, 0.05, 0.8)).toBe(1565);
  });

  it('grows with power and with a stricter alpha, and shrinks with a larger effect', () => {
    const base = requiredSampleSizePerArm(0.02, 0.25, 0.05, 0.8);
    expect(requiredSampleSizePerArm(0.02, 0.25, 0.05, 0.9)).toBeGreaterThan(base);
    expect(requiredSampleSizePerArm(0.02, 0.25, 0.01, 0.8)).toBeGreaterThan(base);
    expect(requiredSampleSizePerArm(0.02, 0.5, 0.05, 0.8)).toBeLessThan(base);
  });

  it('throws a RangeError on invalid input', () => {
    const invalid: [number, number, number, number][] = [
      [0, 0.25, 0.05, 0.8],
      [1, 0.25, 0.05, 0.8],
      [-0.1, 0.25, 0.05, 0.8],
      [0.02, 0, 0.05, 0.8],
      [0.02, -0.1, 0.05, 0.8],
      [0.02, Number.POSITIVE_INFINITY, 0.05, 0.8],
      [0.5, 1, 0.05, 0.8], // p2 = 1
      [0.6, 1, 0.05, 0.8], // p2 > 1
      [0.02, 0.25, 0, 0.8],
      [0.02, 0.25, 1, 0.8],
      [0.02, 0.25, 0.05, 0],
      [0.02, 0.25, 0.05, 1],
      [Number.NaN, 0.25, 0.05, 0.8],
    ];
    for (const args of invalid) {
      expect(() => requiredSampleSizePerArm(...args)).toThrow(RangeError);
    }
  });
});

describe('chiSquareIndependence', () => {
  // X², p and the smallest expected count from mpmath; scipy chi2_contingency(correction=False) gives the same
  // statistic, p-value, dof and expected_freq.min() (R: chisq.test(matrix(c(s1, f1, s2, f2, …), nrow = 2))).
  it('matches the reference for three arms', () => {
    const result = chiSquareIndependence([
      { successes: 200, trials: 10000 },
      { successes: 250, trials: 10000 },
      { successes: 230, trials: 10000 },
    ]);
    expect(result.statistic).toBeCloseTo(5.71783965973838, 6);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeCloseTo(0.0573306536914316, 6);
    expect(result.minExpected).toBeCloseTo(226.666666666667, 6);
    // df 2: the chi-square upper tail is exactly exp(−x/2).
    expect(result.pValue).toBeCloseTo(Math.exp(-result.statistic / 2), 12);
  });

  it('matches the reference for unequal arms', () => {
    const result = chiSquareIndependence([
      { successes: 30, trials: 1000 },
      { successes: 45, trials: 1000 },
      { successes: 38, trials: 900 },
    ]);
    expect(result.statistic).toBeCloseTo(3.37384308873302, 6);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeCloseTo(0.185088434394538, 6);
    expect(result.minExpected).toBeCloseTo(35.0689655172414, 6);
  });

  it('matches the reference for four arms', () => {
    const result = chiSquareIndependence([
      { successes: 12, trials: 100 },
      { successes: 20, trials: 100 },
      { successes: 25, trials: 100 },
      { successes: 18, trials: 100 },
    ]);
    expect(result.statistic).toBeCloseTo(5.69435897435897, 6);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.pValue).toBeCloseTo(0.127465057523926, 6);
    expect(result.minExpected).toBeCloseTo(18.75, 6);
  });

  it('reports a small expected count so callers can refuse the test', () => {
    const result = chiSquareIndependence([
      { successes: 1, trials: 100 },
      { successes: 4, trials: 100 },
      { successes: 2, trials: 100 },
    ]);
    expect(result.minExpected).toBeCloseTo(7 / 3, 9);
  });

  it('handles degenerate tables', () => {
    const none = chiSquareIndependence([
      { successes: 0, trials: 100 },
      { successes: 0, trials: 200 },
    ]);
    expect(none).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1, minExpected: 0 });
    const all = chiSquareIndependence([
      { successes: 100, trials: 100 },
      { successes: 200, trials: 200 },
    ]);
    expect(all).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1, minExpected: 0 });
    const empty = chiSquareIndependence([
      { successes: 0, trials: 0 },
      { successes: 0, trials: 0 },
    ]);
    expect(empty).toEqual({ statistic: 0, degreesOfFreedom: 0, pValue: 1, minExpected: 0 });
  });

  it('leaves an arm without trials out of the statistic and df, but reports minExpected 0', () => {
    const withEmpty = chiSquareIndependence([
      { successes: 200, trials: 10000 },
      { successes: 250, trials: 10000 },
      { successes: 0, trials: 0 },
    ]);
    expect(withEmpty.statistic).toBeCloseTo(5.68343279340722, 6);
    expect(withEmpty.degreesOfFreedom).toBe(1);
    expect(withEmpty.pValue).toBeCloseTo(0.017125828872195, 6);
    expect(withEmpty.minExpected).toBe(0);
  });

  it('rejects fewer than two arms and impossible counts', () => {
    expect(() => chiSquareIndependence([])).toThrow(RangeError);
    expect(() => chiSquareIndependence([{ successes: 1, trials: 10 }])).toThrow(RangeError);
    expect(() =>
      chiSquareIndependence([
        { successes: 11, trials: 10 },
        { successes: 1, trials: 10 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('holm', () => {
  // Worked by hand from Holm (1979): sort ascending, multiply the i-th smallest by m − i + 1, take the running
  // maximum, cap at 1 (what R's p.adjust(p, "holm") returns).
  it('adjusts [0.01, 0.04, 0.03] to [0.03, 0.06, 0.06] in input order', () => {
    const adjusted = holm([0.01, 0.04, 0.03]);
    expect(adjusted).toHaveLength(3);
    [0.03, 0.06, 0.06].forEach((expected, i) => {
      expect(adjusted[i]).toBeCloseTo(expected, 12);
    });
  });

  it('enforces monotonicity (running maximum)', () => {
    // Raw products 0.05, 0.08, 0.09, 0.08, 0.05 → 0.05, 0.08, 0.09, 0.09, 0.09.
    const adjusted = holm([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((expected, i) => {
      expect(adjusted[i]).toBeCloseTo(expected, 12);
    });
    const shuffled = holm([0.04, 0.01, 0.05, 0.03, 0.02]);
    [0.09, 0.05, 0.09, 0.09, 0.08].forEach((expected, i) => {
      expect(shuffled[i]).toBeCloseTo(expected, 12);
    });
  });

  it('caps at 1', () => {
    expect(holm([0.4, 0.5, 0.9])).toEqual([1, 1, 1]);
    const adjusted = holm([0.3, 0.6, 0.02]);
    [0.6, 0.6, 0.06].forEach((expected, i) => {
      expect(adjusted[i]).toBeCloseTo(expected, 12);
    });
    expect(Math.max(...holm([0.7, 0.8, 0.9, 1]))).toBe(1);
  });

  it('handles ties, one value and none', () => {
    const tied = holm([0.02, 0.02, 0.5]);
    [0.06, 0.06, 0.5].forEach((expected, i) => {
      expect(tied[i]).toBeCloseTo(expected, 12);
    });
    expect(holm([0.3])).toEqual([0.3]);
    expect(holm([])).toEqual([]);
  });

  it('never lowers a p-value and keeps the order of the raw values', () => {
    const raw = [0.001, 0.2, 0.04, 0.013, 0.5, 0.03];
    const adjusted = holm(raw);
    raw.forEach((p, i) => {
      expect(adjusted[i]).toBeGreaterThanOrEqual(p);
      raw.forEach((q, j) => {
        if (p < q) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]!);
      });
    });
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => holm([0.1, 1.2])).toThrow(RangeError);
    expect(() => holm([-0.1])).toThrow(RangeError);
    expect(() => holm([Number.NaN])).toThrow(RangeError);
  });
});

describe('sampleRatioMismatch', () => {
  // X² = Σ (O − E)²/E against the intended split; p from mpmath, same as scipy.stats.chisquare and R's
  // chisq.test(counts, p = shares). The check itself: Kohavi, Tang & Xu (2020), "Trustworthy Online Controlled
  // Experiments", ch. 3 and ch. 21.
  it('detects a 50/50 plan that got 10,000 vs 10,600', () => {
    const result = sampleRatioMismatch([10000, 10600]);
    // X² = 2·300²/10300.
    expect(result.statistic).toBeCloseTo(17.4757281553398, 6);
    expect(result.pValue).toBeCloseTo(2.90999211157643e-5, 9);
    expect(result.pValue).toBeLessThan(0.001);
  });

  it('accepts 10,000 vs 10,050', () => {
    const result = sampleRatioMismatch([10000, 10050]);
    expect(result.statistic).toBeCloseTo(0.124688279301746, 6);
    expect(result.pValue).toBeCloseTo(0.724004270209415, 6);
    expect(result.pValue).toBeGreaterThan(0.05);
  });

  it('reproduces the SRM example in Kohavi, Tang & Xu (2020) ch. 3: 821,588 vs 815,482 → p ≈ 1.8e-6', () => {
    const result = sampleRatioMismatch([821588, 815482]);
    expect(result.statistic).toBeCloseTo(22.7743688418944, 6);
    expect(result.pValue).toBeCloseTo(1.82179287261919e-6, 9);
  });

  it('uses the intended split, normalised', () => {
    // 5000/2600/2400 against 50/25/25: X² = 0 + 100²/2500 + 100²/2500 = 8; df 2 → p = exp(−4).
    const weights = sampleRatioMismatch([5000, 2600, 2400], [2, 1, 1]);
    const shares = sampleRatioMismatch([5000, 2600, 2400], [0.5, 0.25, 0.25]);
    expect(weights.statistic).toBeCloseTo(8, 9);
    expect(weights.pValue).toBeCloseTo(Math.exp(-4), 9);
    expect(shares.statistic).toBeCloseTo(weights.statistic, 9);
    expect(shares.pValue).toBeCloseTo(weights.pValue, 9);
  });

  it('defaults to an equal split over k arms (df = k − 1)', () => {
    const result = sampleRatioMismatch([1000, 1000, 1050]);
    expect(result.statistic).toBeCloseTo(1.63934426229508, 6);
    expect(result.pValue).toBeCloseTo(0.440576082002494, 6);
    expect(sampleRatioMismatch([500, 500])).toEqual({ statistic: 0, pValue: 1 });
  });

  it('handles no units and rejects bad input', () => {
    expect(sampleRatioMismatch([0, 0])).toEqual({ statistic: 0, pValue: 1 });
    expect(() => sampleRatioMismatch([10])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, -1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, 10], [1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, 10], [1, 0])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, 10], [1, Number.NaN])).toThrow(RangeError);
  });
});

describe('relativeUplift', () => {
  it('is (arm − control) / control', () => {
    expect(relativeUplift(0.02, 0.025)).toBeCloseTo(0.25, 12);
    expect(relativeUplift(0.04, 0.03)).toBeCloseTo(-0.25, 12);
    expect(relativeUplift(0.1, 0.1)).toBe(0);
  });

  it('is null when control is 0', () => {
    expect(relativeUplift(0, 0.01)).toBeNull();
    expect(relativeUplift(0, 0)).toBeNull();
  });
});
