import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context';
import { ContentEventType } from '../schema/content-event.type';
import type { ContentEventMessage } from '../services/workflow/content-stream';

@Resolver()
export class ContentUpdatesResolver {
  @Subscription(() => ContentEventType, {
    description:
      "Every version, review and scheduling change of a campaign's content, as it happens (a live feed; it does not end).",
    subscribe: ({ args, context }) =>
      (context as Context).services.contentUpdates.follow(context as Context, args.campaignId),
  })
  contentUpdates(
    @Root() event: ContentEventMessage,
    @Arg('campaignId', () => ID, { description: 'The campaign to follow.' }) _campaignId: string,
  ): ContentEventMessage {
    return event;
  }
}
