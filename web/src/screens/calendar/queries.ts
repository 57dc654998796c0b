import { graphql, type ResultOf } from '../../graphql';

export const CalendarQuery = graphql(`
  query Calendar($from: DateTime!, $to: DateTime!) {
    calendar(from: $from, to: $to) {
      id
      platform
      scheduledAt
      timeZone
      localTime
      status
      held
      error
      publishedAt
      externalUrl
      campaign {
        id
        name
      }
      version {
        id
        number
        title
        body
      }
      series {
        id
      }
    }
    schedulingRules {
      minPostGapMinutes
    }
  }
`);

export type CalendarPost = ResultOf<typeof CalendarQuery>['calendar'][number];

export const ReschedulePost = graphql(`
  mutation ReschedulePost($id: ID!, $at: DateTime!) {
    reschedulePost(id: $id, at: $at) {
      id
      scheduledAt
      status
    }
  }
`);

export const CancelPost = graphql(`
  mutation CancelPost($id: ID!) {
    cancelPost(id: $id) {
      id
      status
    }
  }
`);

export const SeriesCampaignsQuery = graphql(`
  query SeriesCampaigns {
    campaigns(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const SeriesVariantsQuery = graphql(`
  query SeriesVariants($id: ID!) {
    campaign(id: $id) {
      id
      contents {
        platform
        variants {
          id
          platform
          title
          body
          currentVersion {
            id
            number
          }
          approval {
            status
            version {
              id
            }
          }
        }
      }
    }
  }
`);

export type SeriesVariant = NonNullable<
  ResultOf<typeof SeriesVariantsQuery>['campaign']
>['contents'][number]['variants'][number];

export const ScheduleSeries = graphql(`
  mutation ScheduleSeries($input: ScheduleSeriesInput!) {
    scheduleSeries(input: $input) {
      id
      posts {
        id
        scheduledAt
      }
    }
  }
`);
