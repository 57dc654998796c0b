import { describe, expect, it } from 'vitest';
import { costOf, priceFor } from '../src/services/generation/pricing';

const usage = (model: string, promptTokens: number, cachedTokens: number, completionTokens: number) => ({
  model,
  promptTokens,
  cachedTokens,
  completionTokens,
});

describe('pricing', () => {
  it('bills cached prompt tokens at the cached rate and the rest at the input rate', () => {
    const cost = costOf(usage('gpt-4o-mini', 1_000_000, 400_000, 1_000_000));

    expect(cost).toMatchObject({ known: true, source: 'built-in' });
    expect(cost.costUsd).toBeCloseTo(0.6 * 0.15 + 0.4 * 0.075 + 0.6, 10);
  });

  it('prices a dated snapshot as its model', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(priceFor('gpt-4o-mini'));
    expect(costOf(usage('gpt-4o-2024-08-06', 1_000_000, 0, 0)).costUsd).toBeCloseTo(2.5, 10);
  });

  it('prefers a price table passed in over the built-in prices', () => {
    const overrides = { 'gpt-4o-mini': { input: 1, cachedInput: 0.5, output: 2 } };
    const cost = costOf(usage('gpt-4o-mini', 1_000_000, 1_000_000, 1_000_000), overrides);

    expect(cost).toEqual({ costUsd: 2.5, known: true, source: 'override' });
  });

  it('bills cached tokens at the input price when a price has no cached rate', () => {
    const overrides = { 'llama3.1': { input: 1, output: 2 } };

    expect(costOf(usage('llama3.1', 1_000_000, 500_000, 0), overrides).costUsd).toBeCloseTo(1, 10);
  });

  it("uses gpt-tokenizer's price data for models outside the built-in table", () => {
    const cost = costOf(usage('gpt-3.5-turbo', 1_000_000, 0, 1_000_000));

    expect(cost.source).toBe('gpt-tokenizer');
    expect(cost.costUsd).toBeCloseTo(0.5 + 1.5, 10);
  });

  it('reports an unknown model as costing 0 with known false', () => {
    expect(costOf(usage('llama3.1:8b', 5_000, 0, 500))).toEqual({ costUsd: 0, known: false, source: 'unknown' });
  });

  it('charges nothing for the offline writer', () => {
    expect(costOf(usage('offline', 0, 0, 0))).toEqual({ costUsd: 0, known: true, source: 'offline' });
  });
});
