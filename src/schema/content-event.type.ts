import { Field, ID, ObjectType } from 'type-graphql';
import { ContentStatus } from '../entities';
import { DateTime } from './scalars';

@ObjectType('ContentEvent', {
  description:
    "One change of a campaign's content: a new version, a review step or decision, or a scheduled post's change.",
})
export class ContentEventType {
  @Field(() => ID, { description: 'The campaign the variant belongs to.' })
  campaignId!: string;

  @Field(() => ID, { description: 'The variant that changed.' })
  variantId!: string;

  @Field(() => ID, { nullable: true, description: 'The scheduled post, for post.* events; null for the others.' })
  postId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The version the change is about (for post.* events, the version the post publishes).',
  })
  versionId?: string | null;

  @Field(() => String, {
    description:
      "The event's name: content.version_created, content.review_requested, content.approved, content.changes_requested, content.rejected, or post.scheduled, post.rescheduled, post.cancelled, post.held, post.released, post.publish, post.published, post.failed.",
  })
  type!: string;

  @Field(() => ContentStatus, { description: "The variant's status once the change was made." })
  status!: ContentStatus;

  @Field(() => DateTime, { description: 'When the change happened.' })
  at!: Date;
}
