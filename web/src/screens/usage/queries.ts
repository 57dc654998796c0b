import { graphql } from '../../graphql';

export const UsageKeysQuery = graphql(`
  query UsageKeys {
    apiKeys {
      id
      name
      prefix
      role
      revokedAt
    }
  }
`);

export const UsageReportQuery = graphql(`
  query UsageReport($period: UsagePeriod!, $apiKeyId: ID) {
    usage(period: $period, apiKeyId: $apiKeyId) {
      period
      from
      to
      requests
      generations
      variants
      reservedTokens
      reservedCostUsd
      calls
      cacheHits
      cacheHitRatio
      usage {
        promptTokens
        completionTokens
        cachedTokens
        costUsd
      }
      byApiKey {
        key
        label
        requests
        calls
        cacheHits
        usage {
          promptTokens
          completionTokens
          costUsd
        }
      }
      byModel {
        key
        label
        requests
        calls
        cacheHits
        usage {
          promptTokens
          completionTokens
          costUsd
        }
      }
      byDay {
        date
        requests
        calls
        cacheHits
        usage {
          promptTokens
          completionTokens
          costUsd
        }
      }
    }
  }
`);

export const UsageLimitsQuery = graphql(`
  query UsageLimits($apiKeyId: ID) {
    usageLimits(apiKeyId: $apiKeyId) {
      apiKeyId
      requestsPerDay
      tokensPerDay
      tokensPerMonth
      costPerDayUsd
      costPerMonthUsd
    }
  }
`);

export const SetUsageLimitsMutation = graphql(`
  mutation SetUsageLimits($input: UsageLimitsInput!) {
    setUsageLimits(input: $input) {
      apiKeyId
      requestsPerDay
      tokensPerDay
      tokensPerMonth
      costPerDayUsd
      costPerMonthUsd
    }
  }
`);
