import { type KeyboardEvent, useRef, useState } from 'react';
import { BriefForm } from './brief-form';
import { useCreateCampaign } from './create-campaign';
import { emptyBriefForm, type NewMode } from './logic';
import { FromTemplate } from './template-form';

const MODES: { mode: NewMode; label: string }[] = [
  { mode: 'brief', label: 'From a brief' },
  { mode: 'template', label: 'From a template' },
];

function FromBrief() {
  const [form, setForm] = useState(emptyBriefForm);
  const { create, error, loading } = useCreateCampaign();
  return (
    <>
      <p className="muted new-campaign-intro">
        Describe what to promote. The campaign starts as a draft; you generate its copy on the next page.
      </p>
      <BriefForm form={form} onChange={setForm} error={error} submitting={loading} onSubmit={() => create(form)} />
    </>
  );
}

/** The "New campaign" form: from a brief written here, or from a template filled in. The mode is in the address. */
export function NewCampaign({
  mode,
  template,
  onMode,
  onTemplate,
}: {
  mode: NewMode;
  template: string | null;
  onMode(mode: NewMode): void;
  onTemplate(key: string | null): void;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (index: number) => {
    const target = MODES[(index + MODES.length) % MODES.length];
    if (!target) return;
    onMode(target.mode);
    tabs.current[MODES.indexOf(target)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const to: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: MODES.length - 1 };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };
  return (
    <div className="card new-campaign">
      <div className="tabs" role="tablist" aria-label="How to start">
        {MODES.map((entry, index) => (
          <button
            key={entry.mode}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            className="tab"
            id={`new-tab-${entry.mode}`}
            aria-selected={entry.mode === mode}
            aria-controls={`new-panel-${entry.mode}`}
            tabIndex={entry.mode === mode ? 0 : -1}
            onClick={() => onMode(entry.mode)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`new-panel-${mode}`} aria-labelledby={`new-tab-${mode}`}>
        {mode === 'brief' ? <FromBrief /> : <FromTemplate templateKey={template} onTemplate={onTemplate} />}
      </div>
    </div>
  );
}
