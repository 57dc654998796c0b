import { useId, useState } from 'react';
import { useMutation } from '../../api/hooks';
import { FormError, SelectField } from '../../components/form';
import { formatDateTime, humanize } from '../../components/labels';
import { RestoreMutation, type VariantData } from './queries';
import { comparisonBase, diffSegments, diffStats, versionText } from './versions';

/**
 * Every version of a variant, and what changed: a word diff of a chosen version against the one before it or the
 * current one. Editors restore an earlier version (as a new version).
 */
export function VersionHistory({
  variant,
  canEdit,
  onChanged,
}: {
  variant: VariantData;
  canEdit: boolean;
  onChanged(): void;
}) {
  const id = useId();
  const versions = variant.versions;
  const current = variant.currentVersion;
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [against, setAgainst] = useState<'previous' | 'current'>('previous');
  const [restore, restoreState] = useMutation(RestoreMutation);
  // Until a version is chosen, the current one is (and follows the current version as it changes).
  const chosen = versions.find((v) => v.id === chosenId) ?? versions.find((v) => v.id === current.id);
  if (!chosen) return null;
  const pair = comparisonBase(versions, chosen.id, against, current.id);
  const segments = pair ? diffSegments(versionText(pair.older), versionText(pair.newer)) : [];
  const stats = diffStats(segments);
  return (
    <details className="versions">
      <summary>
        Version history ({versions.length} version{versions.length === 1 ? '' : 's'})
      </summary>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Source</th>
              <th scope="col">Made</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((version) => (
              <tr key={version.id} className={version.id === chosen.id ? 'chosen' : undefined}>
                <td>
                  {version.number}
                  {version.id === current.id ? ' (current)' : ''}
                </td>
                <td>{humanize(version.source)}</td>
                <td>{formatDateTime(version.createdAt)}</td>
                <td className="muted">{version.createdBy ? `key ${version.createdBy.slice(0, 8)}` : 'generation'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <SelectField
          label="Show version"
          name={`${id}-version`}
          value={chosen.id}
          onChange={setChosenId}
          options={[...versions].reverse().map((v) => ({
            value: v.id,
            label: `Version ${v.number}${v.id === current.id ? ' (current)' : ''}`,
          }))}
        />
        <SelectField
          label="Compare with"
          name={`${id}-against`}
          value={against}
          onChange={(value) => setAgainst(value === 'current' ? 'current' : 'previous')}
          options={[
            { value: 'previous', label: 'The version before it' },
            { value: 'current', label: 'The current version' },
          ]}
        />
      </div>
      {pair ? (
        <>
          <p className="diff-caption">
            Changes from version {pair.older.number} to version {pair.newer.number}: {stats.added} word
            {stats.added === 1 ? '' : 's'} added, {stats.removed} removed.
          </p>
          <div className="diff">
            {segments.map((segment, i) =>
              segment.kind === 'added' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
                <ins key={i}>{segment.text}</ins>
              ) : segment.kind === 'removed' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
                <del key={i}>{segment.text}</del>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
                <span key={i}>{segment.text}</span>
              ),
            )}
          </div>
        </>
      ) : (
        <p className="muted">
          {against === 'current' ? 'This is the current version.' : 'This is the first version: nothing before it.'}
        </p>
      )}
      {canEdit && chosen.id !== current.id ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={restoreState.loading}
            onClick={async () => {
              if (await restore({ variantId: variant.id, versionId: chosen.id })) {
                setChosenId(null);
                onChanged();
              }
            }}
          >
            Restore version {chosen.number}
          </button>
          <span className="muted">It comes back as a new version; nothing is lost.</span>
        </div>
      ) : null}
      <FormError error={restoreState.error} />
    </details>
  );
}
