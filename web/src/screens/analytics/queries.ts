import { graphql } from '../../graphql';

export const AnalyticsCampaignsQuery = graphql(`
  query AnalyticsCampaigns {
    campaigns(first: 100) {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const AnalyticsCampaignQuery = graphql(`
  query AnalyticsCampaign($id: ID!) {
    campaign(id: $id) {
      id
      name
      contents {
        platform
        variants {
          id
          platform
          body
        }
      }
    }
  }
`);

export const CampaignAnalyticsQuery = graphql(`
  query CampaignAnalytics($id: ID!, $from: DateTime, $to: DateTime) {
    campaignAnalytics(id: $id, from: $from, to: $to) {
      impressions
      clicks
      reactions
      comments
      shares
      conversions
      revenueUsd
      generationCostUsd
      roi
      engagementRate
      byPlatform {
        platform
        impressions
        clicks
        reactions
        comments
        shares
        conversions
        revenueUsd
        engagementRate
      }
      byVariant {
        platform
        impressions
        clicks
        reactions
        comments
        shares
        conversions
        revenueUsd
        engagementRate
        variant {
          id
        }
      }
    }
  }
`);

export const ExperimentsQuery = graphql(`
  query Experiments($campaignId: ID) {
    experiments(campaignId: $campaignId) {
      id
      platform
      metric
      status
      alpha
      power
      minimumDetectableEffect
      baselineRate
      baselineSource
      requiredImpressionsPerArm
      test
      pValue
      decidedAt
      createdAt
      note
      arms {
        variant {
          id
        }
        isControl
        impressions
        successes
        rate
        ciLow
        ciHigh
        relativeUplift
        pValueVsControl
      }
      winner {
        variant {
          id
        }
      }
    }
  }
`);

export const RecordEngagementMutation = graphql(`
  mutation RecordEngagement($input: [EngagementInput!]!) {
    recordEngagement(input: $input) {
      accepted
      replaced
      rejected {
        row
        message
      }
    }
  }
`);

export const ImportEngagementCsvMutation = graphql(`
  mutation ImportEngagementCsv($csv: String!) {
    importEngagementCsv(csv: $csv) {
      accepted
      replaced
      rejected {
        row
        message
      }
    }
  }
`);

export const CreateExperimentMutation = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      id
    }
  }
`);

export const StopExperimentMutation = graphql(`
  mutation StopExperiment($id: ID!) {
    stopExperiment(id: $id) {
      id
      status
    }
  }
`);
