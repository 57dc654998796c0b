import { describe, expect, it } from 'vitest';
import {
  dayRange,
  decisionInWords,
  experimentProgress,
  formatRoi,
  interactionChart,
  intervalScale,
  letter,
  percent,
  scalePercent,
  variantLabels,
} from '../src/screens/analytics/logic';
import { closeness, closenessWords, limitMeters, parseLimits } from '../src/screens/usage/logic';

const labels = new Map([
  ['a', 'Variant A'],
  ['b', 'Variant B'],
  ['c', 'Variant C'],
]);
const label = (id: string) => labels.get(id) ?? id;

function arm(id: string, impressions: number, successes: number, isControl = false) {
  const rate = impressions > 0 ? successes / impressions : 0;
  return { variant: { id }, isControl, impressions, successes, rate, ciLow: rate * 0.8, ciHigh: rate * 1.2 };
}

describe('experiment decision in words', () => {
  const base = { metric: 'CLICK_RATE', alpha: 0.05, requiredImpressionsPerArm: 3100 };

  it('names the winner, both rates, the confidence and the day', () => {
    const words = decisionInWords(
      {
        ...base,
        status: 'DECIDED',
        decidedAt: '2027-03-12T10:00:00.000Z',
        arms: [arm('a', 3100, 99.2, true), arm('b', 3100, 127.1)],
        winner: { variant: { id: 'b' } },
      },
      label,
    );
    expect(words).toBe('Variant B wins: CTR 4.1 % vs 3.2 %, 95 % sure; decided on 12 Mar 2027.');
  });

  it('compares a winning control with the best other arm, by name when there are several', () => {
    const words = decisionInWords(
      {
        ...base,
        metric: 'CONVERSION_RATE',
        alpha: 0.01,
        status: 'DECIDED',
        decidedAt: '2027-03-12T10:00:00.000Z',
        arms: [arm('a', 1000, 50, true), arm('b', 1000, 20), arm('c', 1000, 30)],
        winner: { variant: { id: 'a' } },
      },
      label,
    );
    expect(words).toBe(
      'Variant A wins: conversion rate 5.0 % vs 3.0 % (Variant C), 99 % sure; decided on 12 Mar 2027.',
    );
  });

  it('says how far collecting has got, by the smallest arm', () => {
    const words = decisionInWords(
      { ...base, status: 'COLLECTING', arms: [arm('a', 1240, 40, true), arm('b', 1500, 60)] },
      label,
    );
    expect(words).toBe('Collecting: 1,240 of 3,100 impressions per arm (40 %).');
    expect(experimentProgress({ arms: [arm('a', 5000, 1)], requiredImpressionsPerArm: 3100 }).ratio).toBe(1);
  });

  it('says there is no winner when stopped or inconclusive', () => {
    expect(
      decisionInWords(
        { ...base, status: 'STOPPED', decidedAt: '2027-03-01T00:00:00.000Z', arms: [arm('a', 10, 1, true)] },
        label,
      ),
    ).toBe('No winner: stopped on 1 Mar 2027.');
    expect(
      decisionInWords(
        {
          ...base,
          status: 'INCONCLUSIVE',
          decidedAt: '2027-03-02T00:00:00.000Z',
          arms: [arm('a', 1000, 32, true), arm('b', 1000, 33)],
        },
        label,
      ),
    ).toBe('No winner: CTR 3.2 % vs 3.3 % could not be told apart from noise at 95 %; decided on 2 Mar 2027.');
  });
});

describe('chart and interval shaping', () => {
  it('stacks clicks, reactions, comments and shares per row', () => {
    const rows = [
      {
        name: 'LinkedIn',
        impressions: 100,
        clicks: 4,
        reactions: 3,
        comments: 2,
        shares: 1,
        conversions: 0,
        revenueUsd: 0,
        engagementRate: 0.1,
      },
      {
        name: 'X',
        impressions: 50,
        clicks: 1,
        reactions: 0,
        comments: 0,
        shares: 5,
        conversions: 0,
        revenueUsd: 0,
        engagementRate: 0.12,
      },
    ];
    expect(interactionChart(rows, (row) => row.name)).toEqual({
      labels: ['LinkedIn', 'X'],
      datasets: [
        { label: 'Clicks', data: [4, 1] },
        { label: 'Reactions', data: [3, 0] },
        { label: 'Comments', data: [2, 0] },
        { label: 'Shares', data: [1, 5] },
      ],
    });
  });

  it('names variants by platform and letter in the campaign order', () => {
    const names = variantLabels([
      { platform: 'LINKEDIN', variants: [{ id: '1' }, { id: '2' }] },
      { platform: 'TWITTER', variants: [{ id: '3' }] },
    ]);
    expect([...names.values()]).toEqual(['LinkedIn A', 'LinkedIn B', 'X A']);
    expect([letter(0), letter(25), letter(26)]).toEqual(['A', 'Z', 'AA']);
  });

  it('puts every interval on one scale a little above the highest end', () => {
    const max = intervalScale([arm('a', 1000, 32), arm('b', 1000, 41)]);
    expect(max).toBeGreaterThan(0.041 * 1.2);
    expect(max).toBeLessThanOrEqual(0.06);
    expect(scalePercent(0.03, 0.06)).toBeCloseTo(50);
    expect(scalePercent(2, 1)).toBe(100);
    expect(intervalScale([])).toBe(0.01);
  });

  it('formats rates, ROI and an inclusive day range as [from, to) instants', () => {
    expect(percent(0.0412)).toBe('4.1 %');
    expect(formatRoi(2.5)).toBe('+250 %');
    expect(formatRoi(null)).toBe('—');
    expect(dayRange('2027-03-01', '2027-03-31')).toEqual({
      from: '2027-03-01T00:00:00.000Z',
      to: '2027-04-01T00:00:00.000Z',
    });
    expect(dayRange('', '')).toEqual({});
  });
});

describe('limit closeness', () => {
  const day = {
    requests: 90,
    usage: { promptTokens: 600, completionTokens: 400, costUsd: 0.5 },
    reservedTokens: 200,
    reservedCostUsd: 0,
  };
  const month = {
    requests: 900,
    usage: { promptTokens: 6000, completionTokens: 4000, costUsd: 5 },
    reservedTokens: 200,
    reservedCostUsd: 0,
  };

  it('grades a use against its limit', () => {
    expect(closeness(10, null)).toBe('none');
    expect(closeness(10, 100)).toBe('ok');
    expect(closeness(80, 100)).toBe('near');
    expect(closeness(100, 100)).toBe('reached');
    expect(closeness(101, 100)).toBe('over');
    expect(closeness(0, 0)).toBe('reached');
    expect(closenessWords('over')).toBe('Over the limit');
  });

  it('makes one meter per limit from the day and month reports, counting what generations hold', () => {
    const meters = limitMeters(
      { requestsPerDay: 100, tokensPerDay: 1000, tokensPerMonth: null, costPerDayUsd: 2, costPerMonthUsd: 4 },
      day,
      month,
    );
    expect(meters.map((m) => [m.name, m.used, m.closeness])).toEqual([
      ['requestsPerDay', 90, 'near'],
      ['tokensPerDay', 1200, 'over'],
      ['tokensPerMonth', 10200, 'none'],
      ['costPerDayUsd', 0.5, 'ok'],
      ['costPerMonthUsd', 5, 'over'],
    ]);
    expect(meters[0]?.text).toBe('90 of 100 requests (90 %)');
    expect(meters[1]?.held).toBe(200);
    expect(meters[2]?.text).toBe('10,200 tokens, no limit');
    expect(meters[4]?.ratio).toBeCloseTo(1.25);
  });

  it('reads the limits form: empty clears, words and fractions of whole-number limits are field errors', () => {
    expect(
      parseLimits({
        requestsPerDay: '1,000',
        tokensPerDay: '',
        tokensPerMonth: '2.5',
        costPerDayUsd: '$1.50',
        costPerMonthUsd: 'lots',
      }),
    ).toEqual({
      input: { requestsPerDay: 1000, tokensPerDay: null, costPerDayUsd: 1.5 },
      errors: [
        { path: 'tokensPerMonth', message: 'must be a whole number' },
        { path: 'costPerMonthUsd', message: 'must be a number (or empty: no limit)' },
      ],
    });
    expect(
      parseLimits({
        requestsPerDay: '-5',
        tokensPerDay: '',
        tokensPerMonth: '',
        costPerDayUsd: '',
        costPerMonthUsd: '',
      }).input.requestsPerDay,
    ).toBe(-5);
  });
});
