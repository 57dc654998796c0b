import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError, fieldError } from '../../api/errors';
import { FormError, SelectField, TextField } from '../../components/form';
import { PLATFORMS, platformLabel } from '../../components/labels';
import { type BriefFormState, TONE_LABELS, TONES, withoutEdited } from './logic';
import type { Platform } from './queries';

/** The field names of the form: createCampaign's error paths (item errors folded into their list). */
export const BRIEF_FIELD_NAMES = [
  'name',
  'brief.productName',
  'brief.description',
  'brief.features',
  'brief.audience',
  'brief.tone',
  'brief.platforms',
  'brief.keywords',
  'brief.callToAction',
  'brief.url',
  'brief.language',
] as const;

const TONE_OPTIONS = TONES.map((tone) => ({ value: tone, label: TONE_LABELS[tone] }));

function PlatformChoice({
  value,
  onChange,
  error,
}: {
  value: readonly Platform[];
  onChange(value: Platform[]): void;
  error: unknown;
}) {
  const id = useId();
  const message = fieldError(error instanceof ApiError ? error.fields : [], 'brief.platforms');
  const toggle = (platform: Platform, on: boolean) =>
    onChange(PLATFORMS.filter((p) => (p === platform ? on : value.includes(p))));
  return (
    <fieldset
      className={message ? 'platform-choice field-invalid' : 'platform-choice'}
      aria-describedby={message ? `${id}-hint ${id}-error` : `${id}-hint`}
    >
      <legend>
        Platforms<span aria-hidden="true"> *</span>
      </legend>
      <p className="field-hint" id={`${id}-hint`}>
        Where the copy will be posted: at least one.
      </p>
      <div className="platform-options">
        {PLATFORMS.map((platform) => (
          <label key={platform} className="check">
            <input
              type="checkbox"
              name="brief.platforms"
              value={platform}
              checked={value.includes(platform)}
              onChange={(e) => toggle(platform, e.target.checked)}
            />
            {platformLabel(platform)}
          </label>
        ))}
      </div>
      {message ? (
        <p className="field-error" id={`${id}-error`}>
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

/** After a refused submit, moves the focus to the first field the server complained about (or the form's error). */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input');
    target?.focus();
  }, [form, error]);
}

/**
 * The error as the fields show it: a field edited since the error came no longer shows its old complaint. `edit`
 * marks a field (by its API name) as edited.
 */
export function useShownError(error: unknown): { shown: unknown; edit(name: string): void } {
  const [state, setState] = useState<{ error: unknown; edited: string[] }>({ error, edited: [] });
  if (state.error !== error) setState({ error, edited: [] });
  const edited = state.error === error ? state.edited : [];
  const shown = useMemo(() => withoutEdited(error, edited), [error, edited]);
  const edit = (name: string) =>
    setState((s) => (s.edited.includes(name) ? s : { error: s.error, edited: [...s.edited, name] }));
  return { shown, edit };
}

/** The note that explains the asterisks. */
export function RequiredNote() {
  return (
    <p className="muted required-note">
      Fields marked <span aria-hidden="true">*</span>
      <span className="sr-only">with an asterisk</span> are required.
    </p>
  );
}

/**
 * A campaign's name and every field of its brief, with the server's complaints next to each field. `error` is the
 * createCampaign error with item errors folded (foldItemErrors).
 */
export function BriefForm({
  form,
  onChange,
  error,
  onSubmit,
  submitting,
  actions,
}: {
  form: BriefFormState;
  onChange(form: BriefFormState): void;
  error: unknown;
  onSubmit(): void;
  submitting: boolean;
  /** More buttons next to "Create campaign". */
  actions?: ReactNode;
}) {
  const { shown, edit } = useShownError(error);
  const set =
    <K extends keyof BriefFormState>(key: K) =>
    (value: BriefFormState[K]) => {
      edit(key === 'name' ? 'name' : `brief.${key}`);
      onChange({ ...form, [key]: value });
    };
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(ref, error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} className="brief-form" onSubmit={submit} noValidate aria-label="Campaign brief">
      <RequiredNote />
      <FormError error={shown} shown={BRIEF_FIELD_NAMES} />
      <TextField
        label="Campaign name"
        name="name"
        required
        maxLength={200}
        value={form.name}
        onChange={set('name')}
        error={shown}
        hint="For people in your team, e.g. “Spring launch”."
      />
      <div className="brief-grid">
        <TextField
          label="Product name"
          name="brief.productName"
          required
          maxLength={200}
          value={form.productName}
          onChange={set('productName')}
          error={shown}
          hint="The product or service to promote."
        />
        <TextField
          label="Audience"
          name="brief.audience"
          maxLength={500}
          value={form.audience}
          onChange={set('audience')}
          error={shown}
          hint="Who the copy is for, e.g. “Urban commuters”."
        />
      </div>
      <TextField
        label="Description"
        name="brief.description"
        multiline
        rows={3}
        maxLength={2000}
        value={form.description}
        onChange={set('description')}
        error={shown}
        hint="What the product is and does, in a few sentences (at most 2,000 characters)."
      />
      <div className="brief-grid">
        <TextField
          label="Features"
          name="brief.features"
          required
          multiline
          value={form.features}
          onChange={set('features')}
          error={shown}
          hint="One a line, most important first: 1–10, each at most 200 characters."
        />
        <TextField
          label="Keywords"
          name="brief.keywords"
          multiline
          value={form.keywords}
          onChange={set('keywords')}
          error={shown}
          hint="Words the copy should contain, one a line: at most 20, each at most 50 characters."
        />
      </div>
      <PlatformChoice value={form.platforms} onChange={set('platforms')} error={shown} />
      <div className="brief-grid">
        <SelectField
          label="Tone"
          name="brief.tone"
          required
          value={form.tone}
          onChange={(value) => set('tone')(value as BriefFormState['tone'])}
          options={TONE_OPTIONS}
          error={shown}
          hint="The voice the copy is written in."
        />
        <TextField
          label="Language"
          name="brief.language"
          maxLength={35}
          value={form.language}
          onChange={set('language')}
          error={shown}
          hint="A BCP 47 tag such as en, de or pt-BR; empty means en."
        />
        <TextField
          label="Call to action"
          name="brief.callToAction"
          maxLength={200}
          value={form.callToAction}
          onChange={set('callToAction')}
          error={shown}
          hint="What the reader should do, e.g. “Pre-order today”."
        />
        <TextField
          label="Link"
          name="brief.url"
          type="url"
          maxLength={2048}
          value={form.url}
          onChange={set('url')}
          error={shown}
          hint="The http(s) page the copy points to."
          placeholder="https://"
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create campaign'}
        </button>
        {actions}
      </div>
    </form>
  );
}
