import { type FormEvent, useId, useState } from 'react';
import { useMutation } from '../../api/hooks';
import { FormError, SelectField, TextField } from '../../components/form';
import { formatNumber } from '../../components/labels';
import type { ResultOf } from '../../graphql';
import { CSV_HEADER, numberField, todayUtc } from './logic';
import { ImportEngagementCsvMutation, RecordEngagementMutation } from './queries';

type ImportResult = ResultOf<typeof RecordEngagementMutation>['recordEngagement'];

const COUNTS = [
  { name: 'impressions', label: 'Impressions', required: true },
  { name: 'clicks', label: 'Clicks' },
  { name: 'reactions', label: 'Reactions' },
  { name: 'comments', label: 'Comments' },
  { name: 'shares', label: 'Shares' },
  { name: 'conversions', label: 'Conversions' },
] as const;

type CountName = (typeof COUNTS)[number]['name'];

/** What an ingestion did, in words, with each refused row by its number (or CSV line). */
function ResultNotice({ result, unit }: { result: ImportResult; unit: 'row' | 'line' }) {
  const stored = `${formatNumber(result.accepted)} ${result.accepted === 1 ? 'day' : 'days'} stored${
    result.replaced > 0 ? ` (${formatNumber(result.replaced)} replaced an earlier figure)` : ''
  }.`;
  return (
    <div className={result.rejected.length > 0 ? 'import-result import-result-bad' : 'import-result'} role="status">
      <p>{stored}</p>
      {result.rejected.length > 0 ? (
        <>
          <p>
            {formatNumber(result.rejected.length)} {result.rejected.length === 1 ? unit : `${unit}s`} refused:
          </p>
          <ul className="rejections">
            {result.rejected.map((rejection) => (
              <li key={`${rejection.row}:${rejection.message}`}>
                {unit === 'line' ? `Line ${rejection.row}` : `Row ${rejection.row}`}: {rejection.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** One day of one variant's numbers (EDITOR); the charts refresh after. */
export function RecordEngagementForm({
  variants,
  onRecorded,
}: {
  variants: readonly { id: string; label: string }[];
  onRecorded(): void;
}) {
  const [variantId, setVariantId] = useState(variants[0]?.id ?? '');
  const [date, setDate] = useState(todayUtc());
  const [counts, setCounts] = useState<Record<CountName, string>>({
    impressions: '',
    clicks: '',
    reactions: '',
    comments: '',
    shares: '',
    conversions: '',
  });
  const [revenue, setRevenue] = useState('');
  const [result, setResult] = useState<ImportResult>();
  const [record, state] = useMutation(RecordEngagementMutation);
  const chosen = variants.some((v) => v.id === variantId) ? variantId : (variants[0]?.id ?? '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(undefined);
    const numbers = Object.fromEntries(COUNTS.map((c) => [c.name, numberField(counts[c.name])])) as Record<
      CountName,
      number
    >;
    const data = await record({
      input: [{ variantId: chosen, date, ...numbers, revenueUsd: numberField(revenue) }],
    });
    if (!data) return;
    setResult(data.recordEngagement);
    if (data.recordEngagement.accepted > 0) onRecorded();
  }

  return (
    <form onSubmit={submit} aria-labelledby="record-title" className="record-form">
      <h3 id="record-title">Record a day</h3>
      <div className="form-grid">
        <SelectField
          label="Variant"
          name="variantId"
          value={chosen}
          onChange={setVariantId}
          options={variants.map((v) => ({ value: v.id, label: v.label }))}
          error={state.error}
          required
        />
        <TextField
          label="Date (UTC)"
          name="date"
          type="date"
          value={date}
          onChange={setDate}
          error={state.error}
          required
        />
        {COUNTS.map((count) => (
          <TextField
            key={count.name}
            label={count.label}
            name={count.name}
            type="number"
            min="0"
            step="1"
            value={counts[count.name]}
            onChange={(value) => setCounts((c) => ({ ...c, [count.name]: value }))}
            error={state.error}
            required={'required' in count ? count.required : undefined}
          />
        ))}
        <TextField
          label="Revenue (USD)"
          name="revenueUsd"
          type="number"
          min="0"
          step="0.01"
          value={revenue}
          onChange={setRevenue}
          error={state.error}
        />
      </div>
      <FormError error={state.error} shown={['variantId', 'date', 'revenueUsd', ...COUNTS.map((c) => c.name)]} />
      {result ? <ResultNotice result={result} unit="row" /> : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading || !chosen}>
          {state.loading ? 'Recording…' : 'Record engagement'}
        </button>
      </div>
    </form>
  );
}

/** CSV import (EDITOR): paste the text or pick a file; refused rows are listed by their line. */
export function ImportCsvForm({ onImported, exampleVariantId }: { onImported(): void; exampleVariantId?: string }) {
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult>();
  const [fileError, setFileError] = useState<string>();
  const [run, state] = useMutation(ImportEngagementCsvMutation);
  const fileId = useId();

  async function pick(file: File | undefined) {
    setFileError(undefined);
    if (!file) return;
    try {
      setCsv(await file.text());
    } catch {
      setFileError('The file could not be read.');
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(undefined);
    const data = await run({ csv });
    if (!data) return;
    setResult(data.importEngagementCsv);
    if (data.importEngagementCsv.accepted > 0) onImported();
  }

  const example = `${CSV_HEADER}\n${exampleVariantId ?? '<variant id>'},${todayUtc()},1200,36,40,5,3,2,49.5`;
  return (
    <form onSubmit={submit} aria-labelledby="import-title" className="import-form">
      <h3 id="import-title">Import CSV</h3>
      <TextField
        label="CSV text"
        name="csv"
        multiline
        rows={6}
        value={csv}
        onChange={setCsv}
        error={state.error}
        placeholder={example}
        hint={
          <>
            A header row of <code>{CSV_HEADER}</code>, then one line per variant and day.
          </>
        }
        required
      />
      <div className="field">
        <label htmlFor={fileId}>Or choose a CSV file</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => pick(e.target.files?.[0])}
          aria-describedby={fileError ? `${fileId}-error` : undefined}
        />
        {fileError ? (
          <p className="field-error" id={`${fileId}-error`}>
            {fileError}
          </p>
        ) : null}
      </div>
      <FormError error={state.error} shown={['csv']} />
      {result ? <ResultNotice result={result} unit="line" /> : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading || csv.trim() === ''}>
          {state.loading ? 'Importing…' : 'Import CSV'}
        </button>
      </div>
    </form>
  );
}
