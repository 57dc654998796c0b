import { type GraphQLField, getVariableValues, isInputObjectType, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCopydeskSchema } from '../src/resolvers';
import { startTestApp, type TestApp } from './support/app';
import { buildBrief } from './support/factories';
import { gql } from './support/graphql';
import {
  baseArguments,
  type HostileCase,
  hostileCases,
  inputCoordinates,
  operationFor,
  type SweepSchema,
  sweptFields,
} from './support/hostile-cases';
import {
  cancelPosts,
  changedTables,
  createExperiment,
  createSweepWorkspace,
  currentVersionId,
  DAY_MS,
  daysFromNow,
  disableFourEyes,
  publishingPost,
  SLOTS,
  type SweepWorkspace,
  schedulePost,
  workspaceSnapshot,
} from './support/sweep-workspace';
import { sweepTemplate, TEMPLATE_VARIABLE } from './support/template-input';

/** Workspaces the cases are spread over; each runs its cases one at a time, so its snapshots see only its own. */
const LANES = 4;
/** Root fields whose valid base call destroys what the other cases aim at; they are only sent hostile values. */
const DESTRUCTIVE = new Set([
  'archiveCampaign',
  'deleteTemplate',
  'cancelGeneration',
  'revokeApiKey',
  'rotateApiKey',
  'deleteWebhookEndpoint',
]);
const TEXT = 'Acme Rocket folds into a backpack. Pre-order today.';
/** Stand-ins for the lanes' ids where a test only looks at the cases, not the server. */
const PLACEHOLDERS = {
  campaignId: 'c',
  jobId: 'j',
  variantId: 'v',
  versionId: 'r',
  templateKey: 'k',
  cursor: 'x',
  apiKeyId: 'a',
  endpointId: 'e',
  deliveryId: 'd',
  linkId: 'l',
  approvedVariantId: 'av',
  postId: 'p',
  publishingPostId: 'pp',
  experimentId: 'x',
};
/** The audience's time zone of the scheduling cases. */
const ZONE = 'Europe/Berlin';

/** The calendar date `days` from now in `ZONE`, YYYY-MM-DD. */
function dateFromNow(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + days * DAY_MS));
}

const schema = await buildCopydeskSchema();
const FIELDS = sweptFields(schema);

let t: TestApp;
let lanes: SweepWorkspace[];

beforeAll(async () => {
  // Usage limits the sweep sets (0 requests a day, say) would refuse the lane's later cases: record, do not enforce.
  t = await startTestApp({ COPYDESK_USAGE_LIMITS: 'off' });
  lanes = await Promise.all(Array.from({ length: LANES }, () => createSweepWorkspace(t.app, t.graphqlUrl)));
});
afterAll(() => t.close());

/** Valid values for one lane's workspace: its own ids and keys where an argument names one. */
function sweepFor(
  lane: Pick<
    SweepWorkspace,
    | 'campaignId'
    | 'jobId'
    | 'variantId'
    | 'versionId'
    | 'templateKey'
    | 'cursor'
    | 'apiKeyId'
    | 'endpointId'
    | 'deliveryId'
    | 'linkId'
    | 'approvedVariantId'
    | 'postId'
    | 'publishingPostId'
    | 'experimentId'
  >,
) {
  return {
    schema,
    exclusive: {
      PreviewInput: ['text', 'variantId'],
      MultiPreviewInput: ['text', 'variantId'],
      SchedulePostInput: ['at', 'auto'],
      ScheduleSeriesInput: ['count', 'until'],
    },
    base: {
      campaignId: lane.campaignId,
      jobId: lane.jobId,
      variantId: lane.variantId,
      apiKeyId: lane.apiKeyId,
      endpointId: lane.endpointId,
      deliveryId: lane.deliveryId,
      'Mutation.updateWebhookEndpoint.id': lane.endpointId,
      'Mutation.deleteWebhookEndpoint.id': lane.endpointId,
      'Mutation.rotateWebhookSecret.id': lane.endpointId,
      'CreateWebhookEndpointInput.url': 'https://hooks.example.com/new',
      'CreateWebhookEndpointInput.events': ['campaign.generated'],
      'UpdateWebhookEndpointInput.url': 'https://hooks.example.com/changed',
      'UpdateWebhookEndpointInput.events': ['*'],
      'Query.webhookDeliveries.after': undefined,
      'Query.reviewQueue.after': undefined,
      'Query.campaign.id': lane.campaignId,
      'Query.exportCampaign.id': lane.campaignId,
      'Mutation.editVariant.id': lane.variantId,
      'EditVariantInput.baseVersionId': lane.versionId,
      'EditVariantInput.hashtags': ['#launch'],
      'Mutation.restoreVersion.versionId': lane.versionId,
      'ReviewInput.versionId': lane.versionId,
      'Mutation.requestReview.variantIds': [lane.variantId],
      'Mutation.revokeReviewLink.id': lane.linkId,
      'Query.generationJob.id': lane.jobId,
      'Query.campaigns.after': lane.cursor,
      'Query.auditLog.after': lane.cursor,
      'Query.campaigns.search': 'Acme',
      'Query.templates.category': 'announcement',
      'Query.template.key': lane.templateKey,
      'Mutation.updateCampaign.id': lane.campaignId,
      'Mutation.archiveCampaign.id': lane.campaignId,
      'Mutation.applyTemplate.key': lane.templateKey,
      'Mutation.updateTemplate.key': lane.templateKey,
      'Mutation.deleteTemplate.key': lane.templateKey,
      'GenerateCampaignInput.templateKey': lane.templateKey,
      'GenerateCampaignInput.variantsPerPlatform': 1,
      'GenerateCampaignInput.platforms': ['LINKEDIN'],
      'CreateCampaignInput.name': 'Sweep campaign',
      'UpdateCampaignInput.name': 'Sweep campaign',
      'ValidateContentInput.text': TEXT,
      'PreviewInput.text': TEXT,
      'MultiPreviewInput.text': TEXT,
      'MultiPreviewInput.platforms': ['LINKEDIN', 'TWITTER'],
      // Scheduling: times from now (when the cases are built), the lane's approved variant and its posts.
      'Query.calendar.from': daysFromNow(1),
      'Query.calendar.to': daysFromNow(60),
      'Query.calendar.platforms': ['LINKEDIN'],
      'Query.postingTimes.platform': 'LINKEDIN',
      'Query.postingTimes.timeZone': ZONE,
      'Query.postingTimes.count': 3,
      'Query.postingTimes.after': daysFromNow(5),
      'SchedulePostInput.variantId': lane.approvedVariantId,
      'SchedulePostInput.at': daysFromNow(SLOTS.schedulePost),
      'SchedulePostInput.timeZone': ZONE,
      // `auto` and `until` are exclusive with `at` and `count`: only their own cases send them.
      'SchedulePostInput.auto': true,
      'ScheduleSeriesInput.variantIds': [lane.approvedVariantId],
      'ScheduleSeriesInput.frequency': 'DAILY',
      'ScheduleSeriesInput.interval': 1,
      'ScheduleSeriesInput.startDate': dateFromNow(SLOTS.series),
      'ScheduleSeriesInput.localTime': '09:00',
      'ScheduleSeriesInput.timeZone': ZONE,
      'ScheduleSeriesInput.count': 2,
      'ScheduleSeriesInput.until': dateFromNow(SLOTS.series + 1),
      'ScheduleSeriesInput.skipWeekends': false,
      'Mutation.reschedulePost.id': lane.postId,
      'Mutation.reschedulePost.at': daysFromNow(SLOTS.reschedulePost),
      'Mutation.cancelPost.id': lane.postId,
      'Mutation.markPublished.id': lane.publishingPostId,
      'Mutation.markPublished.externalUrl': 'https://www.linkedin.com/feed/update/urn:li:activity:1',
      'Mutation.markPublished.externalId': 'urn:li:activity:1',
      // Analytics: the lane's campaign and its two LINKEDIN variants; engagement dated yesterday.
      'Query.campaignAnalytics.id': lane.campaignId,
      'Query.campaignAnalytics.from': daysFromNow(-30),
      'Query.campaignAnalytics.to': daysFromNow(1),
      'Query.experiment.id': lane.experimentId,
      'Query.experiments.campaignId': lane.campaignId,
      'EngagementInput.variantId': lane.variantId,
      'EngagementInput.date': dateFromNow(-1),
      'EngagementInput.impressions': 100,
      'EngagementInput.clicks': 5,
      'Mutation.importEngagementCsv.csv': `variantId,date,impressions,clicks\n${lane.variantId},${dateFromNow(-1)},100,5\n`,
      'CreateExperimentInput.platform': 'LINKEDIN',
      'CreateExperimentInput.variantIds': [lane.variantId, lane.approvedVariantId],
      'CreateExperimentInput.metric': 'CLICK_RATE',
      'CreateExperimentInput.alpha': 0.05,
      'CreateExperimentInput.power': 0.8,
      'CreateExperimentInput.minimumDetectableEffect': 0.2,
      'EngagementInput.revenueUsd': 12.5,
      'Mutation.stopExperiment.id': lane.experimentId,
      BriefInput: buildBrief(),
      TemplateInput: sweepTemplate('sweep-new'),
      TemplateVariableInput: { name: TEMPLATE_VARIABLE, value: 'Acme Rocket' },
      BrandProfileInput: {
        voice: 'Calm and clear.',
        bannedTerms: ['cheap'],
        competitorNames: ['Globex'],
        requiredTerms: ['Acme'],
        disclaimers: ['Terms apply.'],
        preferredHashtags: ['#acme'],
        emojiPolicy: 'SOME',
      },
    },
  } satisfies SweepSchema;
}

interface Answer {
  status: number;
  text: string;
  body?: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(key: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, text, body: JSON.parse(text) };
  } catch {
    return { status: response.status, text };
  }
}

/** Puts back what an accepted case changed that would turn the next cases into CONFLICTs; true when it did. */
async function settle(lane: SweepWorkspace, field: string, answer: Answer): Promise<boolean> {
  if (field === 'editVariant' || field === 'restoreVersion') {
    // A new version makes the lane's version stale: review and edit cases aim at the current one.
    lane.versionId = await currentVersionId(t.app, lane.variantId);
    return false;
  }
  if (field === 'setFourEyes') {
    await disableFourEyes(t.app, lane.workspace.id);
    return true;
  }
  const data = answer.body?.errors ? undefined : answer.body?.data;
  if (field === 'schedulePost' || field === 'scheduleSeries') {
    // A post holds its place on the calendar: the next case at the same time would be a CONFLICT.
    const made =
      field === 'schedulePost'
        ? [(data?.schedulePost as { id?: string } | undefined)?.id]
        : ((data?.scheduleSeries as { posts?: { id?: string }[] } | undefined)?.posts ?? []).map((post) => post.id);
    const ids = made.filter((id): id is string => typeof id === 'string');
    await cancelPosts(t.graphqlUrl, lane.admin, ids);
    return ids.length > 0;
  }
  if (field === 'cancelPost' && data?.cancelPost) {
    // The next cases cancel (and move) a post that still waits.
    lane.postId = await schedulePost(t.graphqlUrl, lane, daysFromNow(SLOTS.post));
    return true;
  }
  if (field === 'stopExperiment' && data?.stopExperiment) {
    // The next cases stop an experiment that still collects.
    lane.experimentId = await createExperiment(t.graphqlUrl, lane.admin, lane.campaignId, [
      lane.variantId,
      lane.approvedVariantId,
    ]);
    return true;
  }
  if (field === 'markPublished' && data?.markPublished) {
    // The next cases publish a post that is still due.
    lane.publishingPostId = await publishingPost(t.app, lane);
    return true;
  }
  const job = field === 'generateCampaign' ? (answer.body?.data?.generateCampaign as { id?: string })?.id : undefined;
  if (!job) return false;
  const res = await gql(t.graphqlUrl, 'mutation($id: ID!) { cancelGeneration(jobId: $id) { id } }', {
    key: lane.admin,
    variables: { id: job },
  });
  expect(res.errors).toBeUndefined();
  return true;
}

type Snapshot = Awaited<ReturnType<typeof workspaceSnapshot>>;

/**
 * Sends one case, given the workspace's snapshot before it; returns what is wrong with the answer (nothing, when
 * the server coped) and the snapshot the next case starts from.
 */
async function runCase(lane: SweepWorkspace, c: HostileCase, before: Snapshot) {
  const answer = await send(lane.admin, c.query, c.variables);
  const after = await workspaceSnapshot(t.app, lane.workspace.id);
  const next = (await settle(lane, c.field, answer)) ? await workspaceSnapshot(t.app, lane.workspace.id) : after;
  const where = `${c.field}(${c.leaf}) with ${c.label}`;
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`${where}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  if (!answer.body)
    return { next, problems: [...problems, `${where}: answer is not JSON: ${answer.text.slice(0, 200)}`] };
  const errors = answer.body.errors ?? [];
  if (errors.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
    problems.push(`${where}: INTERNAL_SERVER_ERROR`);
  }
  const changed = changedTables(before, after);
  if (errors.length > 0 && changed.length > 0) {
    problems.push(`${where}: refused (${errors[0]?.extensions?.code}) but wrote to ${changed.join(', ')}`);
  }
  return { next, problems };
}

/** The lane's ids that settle() replaces once a case used them up. */
function laneState(lane: SweepWorkspace): string {
  return [lane.versionId, lane.postId, lane.publishingPostId].join(' ');
}

/** Every case of one field, spread over the lanes (each with its own workspace's ids). */
async function sweep(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const perLane = lanes.map((lane) => hostileCases(sweepFor(lane), operation, field));
  const problems = await Promise.all(
    lanes.map(async (lane, index) => {
      const found: string[] = [];
      // Only this lane writes to its workspace, so each case's "after" is the next one's "before".
      let snapshot = await workspaceSnapshot(t.app, lane.workspace.id);
      let cases = perLane[index] ?? [];
      for (let i = index; i < cases.length; i += LANES) {
        const state = laneState(lane);
        const outcome = await runCase(lane, cases[i] as HostileCase, snapshot);
        found.push(...outcome.problems);
        snapshot = outcome.next;
        // settle() gave the lane a new version or post: the lane's next cases aim at that one (same cases, new ids).
        if (laneState(lane) !== state) cases = hostileCases(sweepFor(lane), operation, field);
      }
      return found;
    }),
  );
  return { sent: perLane[0]?.length ?? 0, problems: problems.flat() };
}

describe('the hostile-argument sweep', () => {
  it('sends hostile values to every argument and input field, NUL to every String and ID', () => {
    const cases = FIELDS.flatMap(({ operation, field }) => hostileCases(sweepFor(PLACEHOLDERS), operation, field));
    const missing: string[] = [];
    for (const [coordinate, type] of inputCoordinates(schema)) {
      // An input object is varied through its fields, each listed on its own.
      if (isInputObjectType(type)) continue;
      const own = cases.filter((c) => c.coordinate === coordinate);
      if (own.length === 0) missing.push(coordinate);
      const labels = new Set(own.map((c) => c.label));
      if ((type.name === 'String' || type.name === 'ID') && !labels.has('NUL')) missing.push(`${coordinate} (NUL)`);
    }
    expect(missing).toEqual([]);
    expect(FIELDS.map(({ field }) => field.name)).toEqual(
      expect.arrayContaining(['template', 'applyTemplate', 'updateTemplate', 'deleteTemplate', 'createCampaign']),
    );
  });

  it('starts every field from arguments that are valid GraphQL values', () => {
    const sweepSchema = sweepFor(PLACEHOLDERS);
    for (const { operation, field } of FIELDS) {
      const document = parse(operationFor(operation, field));
      expect(validate(schema, document), field.name).toEqual([]);
      const definition = document.definitions[0];
      const variables = definition?.kind === 'OperationDefinition' ? definition.variableDefinitions : [];
      const coerced = getVariableValues(schema, variables ?? [], baseArguments(sweepSchema, operation, field));
      expect(coerced.errors, field.name).toBeUndefined();
    }
  });

  it.each(FIELDS.filter(({ field }) => !DESTRUCTIVE.has(field.name)))(
    'accepts the valid base arguments of $field.name',
    async ({ operation, field }) => {
      const lane = lanes[0] as SweepWorkspace;
      const answer = await send(
        lane.admin,
        operationFor(operation, field),
        baseArguments(sweepFor(lane), operation, field),
      );
      await settle(lane, field.name, answer);
      expect(answer.body?.errors).toBeUndefined();
      expect(answer.status).toBe(200);
    },
  );

  it.each(FIELDS)(
    '$field.name answers every hostile argument without a server error, and a refusal writes nothing',
    async ({ operation, field }) => {
      const { sent, problems } = await sweep(operation, field);
      expect(sent).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
    60_000,
  );

  it("notices a write in the workspace's snapshot (so a refusal that writes cannot pass unseen)", async () => {
    const lane = lanes[0] as SweepWorkspace;
    const before = await workspaceSnapshot(t.app, lane.workspace.id);
    const res = await gql(
      t.graphqlUrl,
      'mutation($input: BrandProfileInput!) { updateBrandProfile(input: $input) { voice } }',
      {
        key: lane.admin,
        variables: { input: { voice: `Voice ${before.brand_profile}` } },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(changedTables(before, await workspaceSnapshot(t.app, lane.workspace.id)).sort()).toEqual([
      'audit_event',
      'brand_profile',
      'outbox',
    ]);
  });

  it('answers a body over 1 MB (1,000 features of 2,000 characters) with a clean 413, writing nothing', async () => {
    const lane = lanes[0] as SweepWorkspace;
    const before = await workspaceSnapshot(t.app, lane.workspace.id);
    const features = Array.from({ length: 1_000 }, () => 'f'.repeat(2_000));
    const answer = await send(
      lane.admin,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { input: { name: 'Too big', brief: buildBrief({ features }) } },
    );
    expect(answer.status).toBe(413);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(changedTables(before, await workspaceSnapshot(t.app, lane.workspace.id))).toEqual([]);
  });
});
