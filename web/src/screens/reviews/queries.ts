import { graphql, type ResultOf } from '../../graphql';

/** One page of the review queue: each approval with the exact version it is about, its variant and campaign. */
export const ReviewQueueQuery = graphql(`
  query ReviewQueue($status: ApprovalStatus!, $first: Int, $after: String) {
    reviewQueue(status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          status
          comment
          requestedAt
          decidedAt
          decidedBy
          reviewerName
          campaign {
            id
            name
          }
          variant {
            id
            platform
            status
            characterCount
          }
          version {
            id
            number
            title
            body
            hashtags
            source
            createdBy
            createdAt
            moderation {
              verdict
              findings {
                rule
                severity
                start
                end
                message
                suggestion
              }
            }
            quality {
              score
              components {
                name
                score
                reason
                weight
              }
              suggestions
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type QueueItem = ResultOf<typeof ReviewQueueQuery>['reviewQueue']['edges'][number]['node'];

export const ReviewPreviewQuery = graphql(`
  query ReviewPreview($input: PreviewInput!) {
    preview(input: $input) {
      html
      truncated
      visibleText
      limit
    }
  }
`);

export const ReviewContentMutation = graphql(`
  mutation ReviewContent($input: ReviewInput!) {
    reviewContent(input: $input) {
      id
      status
      comment
      decidedAt
    }
  }
`);
