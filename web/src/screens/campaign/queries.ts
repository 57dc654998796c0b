import { graphql, type ResultOf } from '../../graphql';

export const CampaignQuery = graphql(`
  query CampaignPage($id: ID!) {
    campaign(id: $id) {
      id
      name
      status
      createdAt
      updatedAt
      brief {
        productName
        description
        features
        audience
        tone
        platforms
        keywords
        callToAction
        url
        language
      }
      outline {
        headline
        keyMessages
        angle
      }
      latestJob {
        id
        status
        stage
        progress
        provider
        degraded
        degradedReason
        error
        createdAt
        finishedAt
        usage {
          promptTokens
          completionTokens
          costUsd
        }
      }
      contents {
        platform
        variants {
          id
          platform
          title
          body
          hashtags
          characterCount
          status
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
          currentVersion {
            id
            number
          }
          versions {
            id
            number
            title
            body
            hashtags
            source
            createdBy
            createdAt
          }
          approval {
            id
            status
            comment
            decidedBy
            reviewerName
            requestedAt
            decidedAt
            version {
              id
              number
            }
          }
          posts {
            id
            scheduledAt
            timeZone
            localTime
            status
            held
            externalUrl
            error
          }
        }
      }
    }
  }
`);

export type CampaignData = NonNullable<ResultOf<typeof CampaignQuery>['campaign']>;
export type VariantData = CampaignData['contents'][number]['variants'][number];
export type VersionData = VariantData['versions'][number];

export const PreviewQuery = graphql(`
  query VariantPreview($input: PreviewInput!) {
    preview(input: $input) {
      html
      truncated
      visibleText
      characterCount
      limit
    }
  }
`);

export const EstimateQuery = graphql(`
  query EstimateGeneration($input: GenerateCampaignInput!) {
    estimateGeneration(input: $input) {
      promptTokens
      completionTokens
      costUsd
      model
      cached
    }
  }
`);

export const GenerateMutation = graphql(`
  mutation GenerateCampaign($input: GenerateCampaignInput!) {
    generateCampaign(input: $input) {
      id
      status
      stage
      progress
    }
  }
`);

export const CancelMutation = graphql(`
  mutation CancelGeneration($jobId: ID!) {
    cancelGeneration(jobId: $jobId) {
      id
      status
    }
  }
`);

export const ProgressSubscription = graphql(`
  subscription GenerationProgress($jobId: ID!) {
    generationProgress(jobId: $jobId) {
      jobId
      type
      stage
      progress
      platform
      variantIndex
      delta
      reset
      message
      variant {
        id
        platform
        title
        body
      }
      variants {
        id
        platform
        title
        body
      }
      partials {
        platform
        variantIndex
        text
      }
    }
  }
`);

export const EditMutation = graphql(`
  mutation EditVariant($id: ID!, $input: EditVariantInput!) {
    editVariant(id: $id, input: $input) {
      id
      status
      currentVersion {
        id
        number
      }
      moderation {
        verdict
        findings {
          message
        }
      }
      quality {
        score
      }
    }
  }
`);

export const RestoreMutation = graphql(`
  mutation RestoreVersion($variantId: ID!, $versionId: ID!) {
    restoreVersion(variantId: $variantId, versionId: $versionId) {
      id
      currentVersion {
        id
        number
      }
    }
  }
`);

export const RequestReviewMutation = graphql(`
  mutation RequestReview($variantIds: [ID!]!, $comment: String) {
    requestReview(variantIds: $variantIds, comment: $comment) {
      id
      status
    }
  }
`);

export const ReviewLinkMutation = graphql(`
  mutation CreateReviewLink($campaignId: ID!, $expiresInHours: Int!) {
    createReviewLink(campaignId: $campaignId, expiresInHours: $expiresInHours) {
      id
      url
      expiresAt
    }
  }
`);

export const ScheduleMutation = graphql(`
  mutation SchedulePost($input: SchedulePostInput!) {
    schedulePost(input: $input) {
      id
      scheduledAt
      timeZone
      localTime
      status
    }
  }
`);

export const ArchiveMutation = graphql(`
  mutation ArchiveCampaign($id: ID!) {
    archiveCampaign(id: $id) {
      id
      status
    }
  }
`);
