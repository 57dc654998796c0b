import { graphql, type ResultOf } from '../../graphql';

/** One page of the workspace's campaigns, with what the list shows of each. */
export const CampaignsQuery = graphql(`
  query CampaignList($first: Int, $after: String, $status: CampaignStatus, $search: String) {
    campaigns(first: $first, after: $after, status: $status, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          status
          createdAt
          updatedAt
          brief {
            productName
            platforms
          }
        }
      }
    }
  }
`);

export type CampaignRow = ResultOf<typeof CampaignsQuery>['campaigns']['edges'][number]['node'];
export type CampaignStatus = CampaignRow['status'];

export const TemplatesQuery = graphql(`
  query CampaignTemplates {
    templates {
      key
      name
      category
      description
      platforms
      tone
      builtIn
      variables {
        name
        description
        required
        defaultValue
        kind
      }
      example {
        variables {
          name
          value
        }
      }
    }
  }
`);

export type TemplateData = ResultOf<typeof TemplatesQuery>['templates'][number];
export type TemplateVariableData = TemplateData['variables'][number];

export const ApplyTemplateMutation = graphql(`
  mutation ApplyTemplate($key: String!, $variables: [TemplateVariableInput!]!) {
    applyTemplate(key: $key, variables: $variables) {
      name
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
      guidance {
        platform
        text
      }
    }
  }
`);

export type AppliedTemplateData = ResultOf<typeof ApplyTemplateMutation>['applyTemplate'];
export type BriefData = AppliedTemplateData['brief'];
export type Tone = BriefData['tone'];
export type Platform = BriefData['platforms'][number];

export const CreateCampaignMutation = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      id
      name
    }
  }
`);
