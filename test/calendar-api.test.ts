import { describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { useTestApp } from './support/app';
import { gql } from './support/graphql';
import { approveVariants, seedCampaign } from './support/workflow';

/**
 * What the dashboard's calendar reads besides the posts: each post's campaign (its name on the calendar) and the
 * installation's least gap between posts of one platform (to mark posts that sit too close).
 */
const t = useTestApp({ env: { COPYDESK_MIN_POST_GAP_MINUTES: '45' } });

describe('calendar reads', () => {
  it('says the least gap between posts of one platform, to every role', async () => {
    for (const key of [t.ws.viewer, t.ws.editor]) {
      const res = await gql<{ schedulingRules: { minPostGapMinutes: number } }>(
        t.graphqlUrl,
        '{ schedulingRules { minPostGapMinutes } }',
        { key },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.schedulingRules).toEqual({ minPostGapMinutes: 45 });
    }
  });

  it("gives each calendar post its campaign, in the post's workspace", async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { platforms: [Platform.LINKEDIN] });
    const variant = variants[0]!;
    await approveVariants(t.graphqlUrl, t.ws, [variant.id]);
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const made = await gql(
      t.graphqlUrl,
      'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
      {
        key: t.ws.editor,
        variables: { input: { variantId: variant.id, at, timeZone: 'UTC' } },
      },
    );
    expect(made.errors).toBeUndefined();
    const res = await gql<{ calendar: { campaign: { id: string; name: string } }[] }>(
      t.graphqlUrl,
      'query($from: DateTime!, $to: DateTime!) { calendar(from: $from, to: $to) { campaign { id name } } }',
      {
        key: t.ws.viewer,
        variables: { from: new Date().toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString() },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.calendar).toEqual([{ campaign: { id: campaignId, name: 'Workflow' } }]);
  });
});
