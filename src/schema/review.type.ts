import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ApprovalStatus } from '../entities';
import { PageInfoType } from './campaign.type';
import { DateTime } from './scalars';
import { ContentVersionType } from './version.type';

registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'Where a review of one version stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for a reviewer.' },
    APPROVED: { description: 'Approved: this exact version may be scheduled and published.' },
    CHANGES_REQUESTED: { description: 'The reviewer asked for changes.' },
    REJECTED: { description: 'The reviewer rejected it.' },
  },
});

export enum ReviewDecisionEnum {
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecisionEnum, {
  name: 'ReviewDecision',
  description: "A reviewer's decision on one version.",
  valuesConfig: {
    APPROVE: { description: 'Approve this version (not the key that made it, under four-eyes; never a BLOCKed one).' },
    REQUEST_CHANGES: { description: 'Ask for changes, with a comment.' },
    REJECT: { description: 'Reject it.' },
  },
});

@ObjectType('Approval', { description: 'A review of one exact version of a variant.' })
export class ApprovalType {
  @Field(() => ID, { description: 'The approval id.' })
  id!: string;

  @Field(() => ApprovalStatus, { description: 'Where the review stands.' })
  status!: ApprovalStatus;

  @Field(() => String, { nullable: true, description: 'The id of the key that asked for the review.' })
  requestedBy?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who decided: a key id, or the name a review-link reviewer gave.',
  })
  decidedBy?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name a person gave when deciding through a review link; null for a decision by an API key.',
  })
  reviewerName?: string | null;

  @Field(() => String, { nullable: true, description: "The request's or the decision's comment." })
  comment?: string | null;

  @Field(() => DateTime, { description: 'When the review was asked for (or decided, without a request).' })
  requestedAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was decided; null while PENDING.' })
  decidedAt?: Date | null;

  /** Resolved by ReviewResolver. */
  version?: ContentVersionType;
}

@InputType('ReviewInput', { description: 'A decision on the current version of a variant.' })
export class ReviewInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => ID, { description: 'The version reviewed; when it is no longer current, the decision is CONFLICT.' })
  versionId!: string;

  @Field(() => ReviewDecisionEnum, { description: 'The decision.' })
  decision!: ReviewDecisionEnum;

  @Field(() => String, { nullable: true, description: 'Why, for the editor: at most 2,000 characters.' })
  comment?: string | null;
}

@ObjectType('ApprovalEdge', { description: 'One approval in a page of the review queue.' })
export class ApprovalEdgeType {
  @Field(() => String, { description: 'Pass as `after` to get the approvals after this one.' })
  cursor!: string;

  @Field(() => ApprovalType, { description: 'The approval.' })
  node!: ApprovalType;
}

@ObjectType('ApprovalConnection', { description: 'A page of the review queue, oldest request first.' })
export class ApprovalConnectionType {
  @Field(() => [ApprovalEdgeType], { description: 'The approvals of this page.' })
  edges!: ApprovalEdgeType[];

  @Field(() => PageInfoType, { description: 'Where this page ends and whether more follow.' })
  pageInfo!: PageInfoType;
}

@ObjectType('ReviewLink', {
  description:
    'A link through which a person without an API key reviews one campaign. The URL (with its token) is shown once, when the link is made.',
})
export class ReviewLinkType {
  @Field(() => ID, { description: 'The link id (for revokeReviewLink).' })
  id!: string;

  @Field(() => String, {
    description: 'The URL to send to the reviewer; it holds the token, which is stored only as a hash.',
  })
  url!: string;

  @Field(() => DateTime, { description: 'When the link stops working.' })
  expiresAt!: Date;

  @Field(() => DateTime, { description: 'When the link was made.' })
  createdAt!: Date;
}

@ObjectType('ReviewLinkSummary', { description: 'A review link of a campaign, without its token.' })
export class ReviewLinkSummaryType {
  @Field(() => ID, { description: 'The link id.' })
  id!: string;

  @Field(() => String, { description: 'The id of the key that made it.' })
  createdBy!: string;

  @Field(() => DateTime, { description: 'When it was made.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When it stops (or stopped) working.' })
  expiresAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked; null while it was not.' })
  revokedAt?: Date | null;

  @Field(() => Boolean, { description: 'True while the link works: not revoked and not expired.' })
  active!: boolean;
}
