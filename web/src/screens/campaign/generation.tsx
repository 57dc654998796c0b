import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useSubscription } from '../../api/hooks';
import { StatusBadge } from '../../components/badge';
import { FormError, SelectField } from '../../components/form';
import { formatNumber, formatUsd, humanize, platformLabel } from '../../components/labels';
import { ErrorNotice } from '../../components/states';
import {
  applyProgressEvent,
  initialProgress,
  isLiveJob,
  openStreams,
  type ProgressState,
  progressSummary,
  STAGE_LABELS,
  STAGES,
  stageState,
} from './progress';
import { type CampaignData, CancelMutation, EstimateQuery, GenerateMutation, ProgressSubscription } from './queries';

/**
 * Generation on the campaign page: the form that starts a job (with its cost estimate) for editors, and the job
 * followed live for everyone — stages, a progress bar, each variant's text as it streams, Cancel. A job that is
 * QUEUED or RUNNING when the page loads is followed from its SNAPSHOT, so a reload shows the job as it is.
 */
export function GenerationPanel({
  campaign,
  canEdit,
  onChanged,
}: {
  campaign: CampaignData;
  canEdit: boolean;
  /** The campaign changed (a job started or ended): read it again. */
  onChanged(): void;
}) {
  const latest = campaign.latestJob;
  const [progress, setProgress] = useState<ProgressState | null>(() =>
    latest && isLiveJob(latest.status) ? initialProgress(latest.id, latest) : null,
  );
  const finished = useRef(new Set<string>());
  const jobId = progress?.jobId ?? null;

  // A job started elsewhere (another tab, the API) while this page is open shows up with the next read.
  useEffect(() => {
    if (!latest || !isLiveJob(latest.status) || finished.current.has(latest.id)) return;
    setProgress((current) => (current?.jobId === latest.id ? current : initialProgress(latest.id, latest)));
  }, [latest]);

  const live = progress !== null && progress.outcome === 'running';
  const subscription = useSubscription(
    ProgressSubscription,
    { jobId: jobId ?? '' },
    (data) => {
      const event = data.generationProgress;
      setProgress((current) =>
        current && current.jobId === event.jobId ? applyProgressEvent(current, event) : current,
      );
      if (event.type === 'COMPLETED' || event.type === 'FAILED' || event.type === 'CANCELLED') {
        finished.current.add(event.jobId);
        onChanged();
      }
    },
    { skip: !jobId || finished.current.has(jobId) },
  );

  const started = (id: string, job: { stage: string; progress: number }) => {
    setProgress(initialProgress(id, job));
    onChanged();
  };

  return (
    <section className="card generation" aria-labelledby="generation-heading">
      <h2 id="generation-heading">Generation</h2>
      {latest && !progress ? <LastJob job={latest} /> : null}
      {progress ? <JobProgress state={progress} /> : null}
      {subscription.error && live ? <ErrorNotice error={subscription.error} /> : null}
      {canEdit && live && jobId ? <CancelButton jobId={jobId} /> : null}
      {canEdit && !live && campaign.status !== 'ARCHIVED' ? (
        <GenerateForm campaign={campaign} onStarted={started} hasContent={campaign.contents.length > 0} />
      ) : null}
      {!canEdit && !progress && !latest ? (
        <p className="muted">Nothing has been generated for this campaign yet.</p>
      ) : null}
    </section>
  );
}

function LastJob({ job }: { job: NonNullable<CampaignData['latestJob']> }) {
  return (
    <p className="last-job">
      Last generation: <StatusBadge status={job.status} /> with {job.provider}
      {job.degraded ? ` (fallback writer used${job.degradedReason ? `: ${job.degradedReason}` : ''})` : ''}
      {job.usage.costUsd > 0 ? ` · ${formatUsd(job.usage.costUsd)}` : ''}
      {job.usage.completionTokens > 0 ? ` · ${formatNumber(job.usage.completionTokens)} tokens written` : ''}
      {job.error ? <span className="job-error"> — {job.error}</span> : null}
    </p>
  );
}

/** The stages with the current one marked, the progress bar, the summary for screen readers and the streams. */
export function JobProgress({ state }: { state: ProgressState }) {
  const id = useId();
  const percent = Math.round(state.progress * 100);
  const streams = openStreams(state);
  const platforms = [...new Set([...state.ready.map((v) => v.platform), ...streams.map((s) => s.platform)])];
  return (
    <div className="job-progress">
      <ol className="stages" aria-label="Stages">
        {STAGES.map((stage) => {
          const where = stageState(stage, state.stage, state.outcome);
          return (
            <li
              key={stage}
              className={`stage ${where === 'done' ? 'stage-done' : where === 'current' ? 'stage-current' : ''}`}
              aria-current={where === 'current' ? 'step' : undefined}
            >
              {STAGE_LABELS[stage]}
              {where === 'done' ? <span className="sr-only"> (done)</span> : null}
              {where === 'current' ? <span className="sr-only"> (current)</span> : null}
            </li>
          );
        })}
      </ol>
      <div className="progress-row">
        <label htmlFor={`${id}-bar`}>Progress</label>
        <progress id={`${id}-bar`} className="progress" max={100} value={percent}>
          {percent} %
        </progress>
        <span className="progress-value">{percent} %</span>
      </div>
      <p className={`job-summary job-${state.outcome}`} role="status" aria-live="polite">
        {progressSummary(state)}
      </p>
      {platforms.length > 0 && state.outcome === 'running' ? (
        <div className="streams">
          {platforms.map((platform) => (
            <div key={platform} className="stream-platform">
              <h3>{platformLabel(platform)}</h3>
              {state.ready
                .filter((v) => v.platform === platform)
                .map((variant, n) => (
                  <div key={variant.id} className="stream-slot">
                    <p className="stream-label">
                      Variant {n + 1} <StatusBadge status="READY" label="Ready" />
                    </p>
                    <div className="stream stream-ready" data-platform={platform} data-variant={variant.id}>
                      {variant.title ? `${variant.title}\n\n` : ''}
                      {variant.body}
                    </div>
                  </div>
                ))}
              {streams
                .filter((s) => s.platform === platform)
                .map((slot) => (
                  <div key={slot.index} className="stream-slot">
                    <p className="stream-label">
                      Variant {slot.index + 1}{' '}
                      {state.outcome === 'running' ? <span className="badge badge-warn">Writing…</span> : null}
                    </p>
                    <div
                      className={state.outcome === 'running' ? 'stream stream-live' : 'stream'}
                      data-platform={platform}
                      data-index={slot.index}
                    >
                      {slot.text}
                    </div>
                  </div>
                ))}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function CancelButton({ jobId }: { jobId: string }) {
  const [cancel, state] = useMutation(CancelMutation);
  return (
    <div className="actions">
      <button
        type="button"
        className="button button-danger"
        disabled={state.loading}
        onClick={() => void cancel({ jobId })}
      >
        {state.loading ? 'Cancelling…' : 'Cancel generation'}
      </button>
      <FormError error={state.error} />
    </div>
  );
}

function GenerateForm({
  campaign,
  hasContent,
  onStarted,
}: {
  campaign: CampaignData;
  hasContent: boolean;
  onStarted(jobId: string, job: { stage: string; progress: number }): void;
}) {
  const [platforms, setPlatforms] = useState<string[]>(() => [...campaign.brief.platforms]);
  const [count, setCount] = useState('2');
  const [fresh, setFresh] = useState(false);
  const [generate, state] = useMutation(GenerateMutation);
  const input = {
    campaignId: campaign.id,
    platforms: platforms as CampaignData['brief']['platforms'],
    variantsPerPlatform: Number(count),
    fresh,
  };
  const estimate = useQuery(EstimateQuery, { input }, { skip: platforms.length === 0 });
  const toggle = (platform: string, on: boolean) =>
    setPlatforms((list) =>
      on
        ? campaign.brief.platforms.filter((p) => p === platform || list.includes(p))
        : list.filter((p) => p !== platform),
    );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const data = await generate({ input });
    if (data) onStarted(data.generateCampaign.id, data.generateCampaign);
  };
  const cost = estimate.data?.estimateGeneration;
  return (
    <form className="generate-form" onSubmit={submit} aria-label="Generate copy">
      <fieldset className="platform-choice">
        <legend>Platforms</legend>
        {campaign.brief.platforms.map((platform) => (
          <label key={platform} className="check">
            <input
              type="checkbox"
              checked={platforms.includes(platform)}
              onChange={(e) => toggle(platform, e.target.checked)}
            />
            {platformLabel(platform)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <SelectField
          label="Variants per platform"
          name="variantsPerPlatform"
          error={state.error}
          value={count}
          onChange={setCount}
          options={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n }))}
        />
        <label className="check fresh">
          <input type="checkbox" checked={fresh} onChange={(e) => setFresh(e.target.checked)} />
          Ask the model again (skip the cache)
        </label>
      </div>
      <p className="estimate muted" aria-live="polite">
        {platforms.length === 0
          ? 'Choose at least one platform.'
          : cost
            ? `Estimated: ${formatNumber(cost.promptTokens + cost.completionTokens)} tokens, ${formatUsd(cost.costUsd)} with ${cost.model}${cost.cached ? ' (answered from the cache)' : ''}.`
            : estimate.error
              ? 'No estimate right now.'
              : 'Estimating the cost…'}
      </p>
      <FormError error={state.error} shown={['variantsPerPlatform']} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading || platforms.length === 0}>
          {state.loading ? 'Starting…' : hasContent ? 'Generate again' : 'Generate'}
        </button>
        {hasContent ? (
          <span className="muted">
            A new generation replaces the {humanize('DRAFT').toLowerCase()}, flagged and rejected variants of the chosen
            platforms.
          </span>
        ) : null}
      </div>
    </form>
  );
}
