import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { FormError, SelectField, TextField } from '../../components/form';
import { humanize, platformLabel } from '../../components/labels';
import { QueryView } from '../../components/states';
import { BriefForm, RequiredNote, useFocusFirstInvalid, useShownError } from './brief-form';
import { useCreateCampaign } from './create-campaign';
import { type BriefFormState, briefFormFrom, exampleValues, variableFields, variableInputs } from './logic';
import { type AppliedTemplateData, ApplyTemplateMutation, type TemplateData, TemplatesQuery } from './queries';

/** From a template: pick one, fill its variables in (applyTemplate), adjust the brief it makes, create. */
export function FromTemplate({
  templateKey,
  onTemplate,
}: {
  templateKey: string | null;
  onTemplate(key: string | null): void;
}) {
  const state = useQuery(TemplatesQuery);
  return (
    <QueryView state={state} loadingLabel="Loading the templates…">
      {({ templates }) => {
        const template = templates.find((t) => t.key === templateKey);
        return (
          <>
            <SelectField
              label="Template"
              name="template"
              value={template?.key ?? ''}
              onChange={(key) => onTemplate(key || null)}
              options={[
                { value: '', label: 'Choose a template…' },
                ...templates.map((t) => ({ value: t.key, label: `${t.name} (${humanize(t.category)})` })),
              ]}
              hint={templateKey && !template ? `There is no template “${templateKey}” any more.` : undefined}
            />
            {template ? <TemplateSteps key={template.key} template={template} /> : null}
          </>
        );
      }}
    </QueryView>
  );
}

function TemplateSteps({ template }: { template: TemplateData }) {
  const [applied, setApplied] = useState<AppliedTemplateData | null>(null);
  const [form, setForm] = useState<BriefFormState | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [apply, applyState] = useMutation(ApplyTemplateMutation);
  const created = useCreateCampaign();
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (applied) reviewHeading.current?.focus();
  }, [applied]);

  const fill = async () => {
    const data = await apply({ key: template.key, variables: variableInputs(template.variables, values) });
    if (!data) return;
    created.reset();
    setApplied(data.applyTemplate);
    setForm(briefFormFrom(data.applyTemplate.name, data.applyTemplate.brief));
  };

  return (
    <>
      <TemplateSummary template={template} />
      {applied && form ? (
        <section aria-labelledby="template-review">
          <h2 id="template-review" ref={reviewHeading} tabIndex={-1}>
            Check the brief
          </h2>
          <p className="muted">
            Filled in from “{template.name}”. Adjust anything you like, then create the campaign: nothing is stored
            until then.
          </p>
          {applied.guidance.length > 0 ? (
            <details className="guidance">
              <summary>The template’s advice for each platform</summary>
              <dl>
                {applied.guidance.map((g) => (
                  <div key={g.platform}>
                    <dt>{platformLabel(g.platform)}</dt>
                    <dd>{g.text}</dd>
                  </div>
                ))}
              </dl>
            </details>
          ) : null}
          <BriefForm
            form={form}
            onChange={setForm}
            error={created.error}
            submitting={created.loading}
            onSubmit={() => created.create(form)}
            actions={
              <button type="button" className="button" onClick={() => setApplied(null)}>
                Back to the variables
              </button>
            }
          />
        </section>
      ) : (
        <VariablesForm
          template={template}
          values={values}
          onChange={setValues}
          error={applyState.error}
          submitting={applyState.loading}
          onSubmit={fill}
        />
      )}
    </>
  );
}

function TemplateSummary({ template }: { template: TemplateData }) {
  return (
    <div className="template-summary">
      <p>{template.description}</p>
      <p className="muted">
        {humanize(template.tone)} tone · {template.platforms.map(platformLabel).join(', ')}
        {template.builtIn ? ' · built in' : ' · made in this workspace'}
      </p>
    </div>
  );
}

function VariablesForm({
  template,
  values,
  onChange,
  error,
  submitting,
  onSubmit,
}: {
  template: TemplateData;
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
  error: unknown;
  submitting: boolean;
  onSubmit(): void;
}) {
  const fields = variableFields(template.variables);
  const { shown, edit } = useShownError(error);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(ref, error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} className="variables-form" onSubmit={submit} noValidate aria-labelledby="template-variables">
      <h2 id="template-variables">Fill in “{template.name}”</h2>
      <RequiredNote />
      <FormError error={shown} shown={fields.map((f) => f.name)} />
      <div className="brief-grid">
        {fields.map((field) => (
          <TextField
            key={field.variable}
            label={field.label}
            name={field.name}
            required={field.required}
            hint={field.hint}
            multiline={field.multiline}
            type={field.type}
            value={values[field.variable] ?? ''}
            onChange={(value) => {
              edit(field.name);
              onChange({ ...values, [field.variable]: value });
            }}
            error={shown}
          />
        ))}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Filling in…' : 'Fill in the brief'}
        </button>
        {template.example ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              for (const field of fields) edit(field.name);
              onChange(exampleValues(template));
            }}
          >
            Use the example values
          </button>
        ) : null}
      </div>
    </form>
  );
}
