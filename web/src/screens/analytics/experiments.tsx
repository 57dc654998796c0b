import { type FormEvent, useState } from 'react';
import { useMutation } from '../../api/hooks';
import { FormError, SelectField, TextField } from '../../components/form';
import { formatNumber, humanize, platformLabel } from '../../components/labels';
import { Empty } from '../../components/states';
import type { ResultOf } from '../../graphql';
import {
  decisionInWords,
  experimentProgress,
  formatDay,
  intervalScale,
  METRICS,
  metricName,
  numberField,
  percent,
  scalePercent,
} from './logic';
import { CreateExperimentMutation, type ExperimentsQuery, StopExperimentMutation } from './queries';

const STATUS_TONE: Record<string, string> = {
  COLLECTING: 'warn',
  DECIDED: 'ok',
  INCONCLUSIVE: 'neutral',
  STOPPED: 'bad',
};

type Experiment = ResultOf<typeof ExperimentsQuery>['experiments'][number];

function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return p < 0.0001 ? '< 0.0001' : formatNumber(p, 4);
}

/** One arm's interval as a bar with the rate as a tick, on the experiment's common scale. */
function Whisker({
  low,
  high,
  rate,
  max,
  label,
}: {
  low: number;
  high: number;
  rate: number;
  max: number;
  label: string;
}) {
  const left = scalePercent(low, max);
  const right = scalePercent(high, max);
  return (
    <span className="whisker" role="img" aria-label={label}>
      <span className="whisker-range" style={{ left: `${left}%`, width: `${Math.max(0.5, right - left)}%` }} />
      <span className="whisker-rate" style={{ left: `${scalePercent(rate, max)}%` }} />
    </span>
  );
}

function StopButton({ id, onStopped }: { id: string; onStopped(): void }) {
  const [asking, setAsking] = useState(false);
  const [stop, state] = useMutation(StopExperimentMutation);
  if (!asking) {
    return (
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        Stop experiment
      </button>
    );
  }
  return (
    <div className="actions" role="alert">
      <span>Stop it without a winner? This cannot be undone.</span>
      <button
        type="button"
        className="button button-danger"
        disabled={state.loading}
        onClick={async () => {
          if (await stop({ id })) onStopped();
        }}
      >
        Yes, stop it
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Keep collecting
      </button>
      <FormError error={state.error} />
    </div>
  );
}

function ExperimentCard({
  experiment,
  labelOf,
  canEdit,
  onChanged,
}: {
  experiment: Experiment;
  labelOf: (id: string) => string;
  canEdit: boolean;
  onChanged(): void;
}) {
  const max = intervalScale(experiment.arms);
  const progress = experimentProgress(experiment);
  const confidence = `${formatNumber((1 - experiment.alpha) * 100, experiment.alpha < 0.01 ? 1 : 0)} %`;
  const titleId = `experiment-${experiment.id}`;
  return (
    <article className="card experiment" aria-labelledby={titleId}>
      <header className="experiment-header">
        <h3 id={titleId}>
          {platformLabel(experiment.platform)}: {metricName(experiment.metric)} of{' '}
          {experiment.arms.map((arm) => labelOf(arm.variant.id)).join(', ')}
        </h3>
        <span className={`badge badge-${STATUS_TONE[experiment.status] ?? 'neutral'}`}>
          {humanize(experiment.status)}
        </span>
      </header>
      <p className="decision">{decisionInWords(experiment, labelOf)}</p>
      {experiment.status === 'COLLECTING' ? (
        <div className="experiment-progress">
          <label htmlFor={`${titleId}-progress`}>Smallest arm toward the required sample</label>
          <progress
            id={`${titleId}-progress`}
            className="progress"
            max={progress.required}
            value={Math.min(progress.least, progress.required)}
          >
            {formatNumber(progress.ratio * 100)} %
          </progress>
        </div>
      ) : null}
      {experiment.note ? <p className="muted experiment-note">{experiment.note}</p> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must take keyboard focus to be scrolled */}
      <section className="table-wrap" aria-label="Arms" tabIndex={0}>
        <table className="arms">
          <caption className="sr-only">Arms of the experiment, the control first</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" className="numeric">
                Impressions (of {formatNumber(experiment.requiredImpressionsPerArm)} needed)
              </th>
              <th scope="col" className="numeric">
                Successes
              </th>
              <th scope="col" className="numeric">
                Rate
              </th>
              <th scope="col">{confidence} interval</th>
              <th scope="col" className="numeric">
                Uplift vs control
              </th>
              <th scope="col" className="numeric">
                p vs control
              </th>
            </tr>
          </thead>
          <tbody>
            {experiment.arms.map((arm) => {
              const label = labelOf(arm.variant.id);
              const winner = experiment.winner?.variant.id === arm.variant.id;
              return (
                <tr key={arm.variant.id} className={winner ? 'arm-winner' : undefined}>
                  <th scope="row">
                    {label}
                    {arm.isControl ? <span className="muted"> (control)</span> : null}
                    {winner ? <span className="badge badge-ok arm-badge">Winner</span> : null}
                  </th>
                  <td className="numeric">
                    {formatNumber(arm.impressions)}{' '}
                    <span className="muted">
                      ({formatNumber(scalePercent(arm.impressions, experiment.requiredImpressionsPerArm))} %)
                    </span>
                  </td>
                  <td className="numeric">{formatNumber(arm.successes)}</td>
                  <td className="numeric">{percent(arm.rate, 2)}</td>
                  <td className="interval">
                    <span className="interval-text">
                      {percent(arm.ciLow, 2)} – {percent(arm.ciHigh, 2)}
                    </span>
                    <Whisker
                      low={arm.ciLow}
                      high={arm.ciHigh}
                      rate={arm.rate}
                      max={max}
                      label={`${label}: ${percent(arm.rate, 2)}, interval ${percent(arm.ciLow, 2)} to ${percent(arm.ciHigh, 2)} on a scale of 0 to ${percent(max, 1)}`}
                    />
                  </td>
                  <td className="numeric">
                    {arm.relativeUplift === null || arm.relativeUplift === undefined
                      ? '—'
                      : `${arm.relativeUplift > 0 ? '+' : ''}${percent(arm.relativeUplift, 1)}`}
                  </td>
                  <td className="numeric">{pValueText(arm.pValueVsControl)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <details className="experiment-details">
        <summary>How it is tested</summary>
        <dl className="facts">
          <dt>Test</dt>
          <dd>{experiment.test}</dd>
          <dt>Required sample</dt>
          <dd>{formatNumber(experiment.requiredImpressionsPerArm)} impressions per arm</dd>
          <dt>Baseline</dt>
          <dd>
            {percent(experiment.baselineRate, 2)}, from {experiment.baselineSource}
          </dd>
          <dt>Smallest effect worth detecting</dt>
          <dd>{percent(experiment.minimumDetectableEffect, 0)} of the control’s rate</dd>
          <dt>Significance / power</dt>
          <dd>
            {formatNumber(experiment.alpha, 3)} / {formatNumber(experiment.power, 2)}
          </dd>
          <dt>p-value</dt>
          <dd>{pValueText(experiment.pValue)}</dd>
          <dt>Created</dt>
          <dd>{formatDay(experiment.createdAt)}</dd>
        </dl>
      </details>
      {canEdit && experiment.status === 'COLLECTING' ? <StopButton id={experiment.id} onStopped={onChanged} /> : null}
    </article>
  );
}

export function ExperimentList({
  experiments,
  labelOf,
  canEdit,
  onChanged,
}: {
  experiments: readonly Experiment[];
  labelOf: (id: string) => string;
  canEdit: boolean;
  onChanged(): void;
}) {
  if (experiments.length === 0) {
    return (
      <Empty title="No experiments for this campaign">
        {canEdit ? 'Start one below: pick two or more variants of one platform.' : 'An editor can start one.'}
      </Empty>
    );
  }
  return (
    <div className="experiments">
      {experiments.map((experiment) => (
        <ExperimentCard
          key={experiment.id}
          experiment={experiment}
          labelOf={labelOf}
          canEdit={canEdit}
          onChanged={onChanged}
        />
      ))}
    </div>
  );
}

/** Starts an experiment (EDITOR): a platform, 2–5 of its variants (the first ticked is the control), a metric. */
export function CreateExperimentForm({
  campaignId,
  contents,
  labelOf,
  onCreated,
}: {
  campaignId: string;
  contents: readonly { platform: string; variants: readonly { id: string }[] }[];
  labelOf: (id: string) => string;
  onCreated(): void;
}) {
  const eligible = contents.filter((content) => content.variants.length >= 2);
  const [platform, setPlatform] = useState(eligible[0]?.platform ?? '');
  const [picked, setPicked] = useState<string[]>([]);
  const [metric, setMetric] = useState<string>('CLICK_RATE');
  const [mde, setMde] = useState('20');
  const [created, setCreated] = useState(false);
  const [create, state] = useMutation(CreateExperimentMutation);
  if (eligible.length === 0) {
    return (
      <p className="muted">An experiment needs two or more variants of one platform; this campaign has none yet.</p>
    );
  }
  const current = eligible.find((content) => content.platform === platform) ?? eligible[0];
  const variants = current?.variants ?? [];
  // In the campaign's order, so the control is the first ticked.
  const chosen = variants.map((v) => v.id).filter((id) => picked.includes(id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(false);
    const data = await create({
      input: {
        campaignId,
        platform: (current?.platform ?? platform) as never,
        variantIds: chosen,
        metric: metric as never,
        minimumDetectableEffect: numberField(mde, 20) / 100,
      },
    });
    if (!data) return;
    setCreated(true);
    setPicked([]);
    onCreated();
  }

  return (
    <form onSubmit={submit} aria-labelledby="create-experiment-title" className="experiment-form">
      <h3 id="create-experiment-title">Start an experiment</h3>
      <div className="form-grid">
        <SelectField
          label="Platform"
          name="platform"
          value={current?.platform ?? ''}
          onChange={(value) => {
            setPlatform(value);
            setPicked([]);
          }}
          options={eligible.map((content) => ({ value: content.platform, label: platformLabel(content.platform) }))}
          error={state.error}
        />
        <SelectField
          label="Metric"
          name="metric"
          value={metric}
          onChange={setMetric}
          options={METRICS}
          error={state.error}
        />
        <TextField
          label="Smallest effect worth detecting (%)"
          name="minimumDetectableEffect"
          type="number"
          min="1"
          step="1"
          value={mde}
          onChange={setMde}
          error={state.error}
          hint="Relative to the control: 20 % means 4.0 % vs 5.0 %."
        />
      </div>
      <fieldset>
        <legend>Variants (2–5; the first ticked is the control)</legend>
        {variants.map((variant) => (
          <label key={variant.id} className="check">
            <input
              type="checkbox"
              checked={picked.includes(variant.id)}
              onChange={(e) =>
                setPicked((list) => (e.target.checked ? [...list, variant.id] : list.filter((id) => id !== variant.id)))
              }
            />
            {labelOf(variant.id)}
            {chosen[0] === variant.id ? <span className="muted"> (control)</span> : null}
          </label>
        ))}
      </fieldset>
      <FormError error={state.error} shown={['platform', 'metric', 'minimumDetectableEffect']} />
      {created ? (
        <p role="status" className="import-result">
          Experiment started.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading || chosen.length < 2}>
          {state.loading ? 'Starting…' : 'Start experiment'}
        </button>
      </div>
    </form>
  );
}
