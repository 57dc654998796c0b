import type { AnyDomainEvent } from '../../src/services/events/event-catalog';
import type { DurableSubscriber } from '../../src/services/events/outbox-dispatcher';

/** A clock the test moves by hand (usage periods are counted in it). */
export function manualClock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(at: string) {
      now = new Date(at);
    },
  };
}

/** A durable subscriber that keeps the usage events it is handed. */
export function usageEventRecorder(): DurableSubscriber & { seen: AnyDomainEvent[] } {
  const seen: AnyDomainEvent[] = [];
  return {
    name: 'test-usage-events',
    events: ['usage.budget_warning', 'usage.limit_reached', 'usage.limits_changed'],
    seen,
    async handle(event) {
      seen.push(event);
    },
  };
}

export const USAGE_LIMITS_FIELDS = 'apiKeyId requestsPerDay tokensPerDay tokensPerMonth costPerDayUsd costPerMonthUsd';
export const SET_LIMITS = `mutation ($input: UsageLimitsInput!) { setUsageLimits(input: $input) { ${USAGE_LIMITS_FIELDS} } }`;
export const GET_LIMITS = `query ($apiKeyId: ID) { usageLimits(apiKeyId: $apiKeyId) { ${USAGE_LIMITS_FIELDS} } }`;
export const USAGE_REPORT = `query ($period: UsagePeriod!, $apiKeyId: ID) {
  usage(period: $period, apiKeyId: $apiKeyId) {
    period from to apiKeyId requests generations variants reservedTokens reservedCostUsd calls cacheHits cacheHitRatio
    usage { promptTokens completionTokens cachedTokens costUsd }
    byApiKey { key label requests calls cacheHits usage { promptTokens completionTokens costUsd } }
    byModel { key requests calls usage { promptTokens completionTokens costUsd } }
    byOperation { key requests calls usage { promptTokens completionTokens costUsd } }
  }
}`;
