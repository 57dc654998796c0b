import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../../api/errors';
import { useMutation, useQuery } from '../../api/hooks';
import { StatusBadge } from '../../components/badge';
import { FormError, TextField } from '../../components/form';
import { formatDateTime, humanize, platformLabel } from '../../components/labels';
import { VariantView } from '../../components/variant-view';
import { EditMutation, PreviewQuery, RequestReviewMutation, type VariantData } from './queries';
import { ScheduleForm } from './schedule';
import { VersionHistory } from './version-history';
import { parseHashtags } from './versions';

/** Platforms whose copy has a title (blog title, email subject). */
const TITLED = new Set(['BLOG', 'EMAIL']);

/** Statuses from which a variant can be sent to review. */
export function canRequestReview(status: string): boolean {
  return ['DRAFT', 'FLAGGED', 'CHANGES_REQUESTED', 'REJECTED'].includes(status);
}

/** The approved current version can be scheduled (again). */
export function canSchedule(variant: VariantData): boolean {
  return variant.approval?.status === 'APPROVED' && variant.approval.version.id === variant.currentVersion.id;
}

/**
 * One variant on the campaign page: the shared VariantView (findings, quality, preview) with its version, review and
 * posts, and for editors the edit form, version history with restore, request review and scheduling.
 */
export function VariantCard({
  variant,
  position,
  canEdit,
  selected,
  onSelect,
  onChanged,
}: {
  variant: VariantData;
  position: number;
  canEdit: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  onChanged(): void;
}) {
  const name = `${platformLabel(variant.platform)} variant ${position + 1}`;
  const [panel, setPanel] = useState<'none' | 'edit' | 'schedule'>('none');
  // A notice belongs to the version it is about: a later version (a restore, someone's edit) hides it.
  const [notice, setNoticeFor] = useState<{ text: string; version: string } | null>(null);
  const setNotice = (text: string, version = variant.currentVersion.id) =>
    setNoticeFor(text ? { text, version } : null);
  const preview = useQuery(PreviewQuery, { input: { platform: variant.platform, variantId: variant.id } });
  const version = variant.currentVersion.id;
  const firstVersion = useRef(version);
  const refetchPreview = preview.refetch;
  useEffect(() => {
    if (firstVersion.current === version) return;
    firstVersion.current = version;
    refetchPreview();
  }, [version, refetchPreview]);
  const [request, requestState] = useMutation(RequestReviewMutation);
  const shown = preview.data?.preview;

  const actions = canEdit ? (
    <>
      {canRequestReview(variant.status) ? (
        <label className="check">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
          <span className="sr-only">Select {name} for review</span>
          <span aria-hidden="true">Select</span>
        </label>
      ) : null}
      <button
        type="button"
        className="button"
        aria-expanded={panel === 'edit'}
        onClick={() => setPanel(panel === 'edit' ? 'none' : 'edit')}
      >
        Edit<span className="sr-only"> {name}</span>
      </button>
      {canRequestReview(variant.status) ? (
        <button
          type="button"
          className="button"
          disabled={requestState.loading}
          onClick={async () => {
            if (await request({ variantIds: [variant.id] })) {
              setNotice('Sent to review.');
              onChanged();
            }
          }}
        >
          Request review<span className="sr-only"> of {name}</span>
        </button>
      ) : null}
      {canSchedule(variant) ? (
        <button
          type="button"
          className="button button-primary"
          aria-expanded={panel === 'schedule'}
          onClick={() => setPanel(panel === 'schedule' ? 'none' : 'schedule')}
        >
          Schedule<span className="sr-only"> {name}</span>
        </button>
      ) : null}
    </>
  ) : undefined;

  return (
    <VariantView
      platform={variant.platform}
      title={variant.title}
      body={variant.body}
      hashtags={variant.hashtags}
      status={variant.status}
      verdict={variant.moderation?.verdict}
      findings={variant.moderation?.findings ?? []}
      quality={variant.quality}
      preview={shown ? { html: shown.html, truncated: shown.truncated, visibleText: shown.visibleText } : null}
      heading={
        <>
          {platformLabel(variant.platform)} · variant {position + 1}
        </>
      }
      actions={actions}
    >
      <p className="variant-meta muted">
        Version {variant.currentVersion.number} · {variant.characterCount} characters
        {shown ? ` of ${shown.limit}` : ''} · written {formatDateTime(variant.createdAt)}
      </p>
      <ApprovalLine variant={variant} />
      <PostList variant={variant} />
      {notice && notice.version === variant.currentVersion.id ? (
        <p className="notice" role="status">
          {notice.text}
        </p>
      ) : null}
      <FormError error={requestState.error} />
      {panel === 'edit' ? (
        <EditForm
          variant={variant}
          name={name}
          onDone={(message, version) => {
            setPanel('none');
            setNotice(message, version);
          }}
          onChanged={onChanged}
        />
      ) : null}
      {panel === 'schedule' ? (
        <ScheduleForm
          variant={variant}
          name={name}
          onDone={(message) => {
            setPanel('none');
            setNotice(message);
            onChanged();
          }}
          onCancel={() => setPanel('none')}
        />
      ) : null}
      <VersionHistory variant={variant} canEdit={canEdit} onChanged={onChanged} />
    </VariantView>
  );
}

function ApprovalLine({ variant }: { variant: VariantData }) {
  const approval = variant.approval;
  if (!approval) return <p className="approval muted">Not sent to review yet.</p>;
  const who = approval.reviewerName ?? approval.decidedBy;
  return (
    <p className="approval">
      Review of version {approval.version.number}: <StatusBadge status={approval.status} />
      {approval.decidedAt
        ? ` by ${who ?? 'a reviewer'} on ${formatDateTime(approval.decidedAt)}`
        : ` since ${formatDateTime(approval.requestedAt)}`}
      {approval.comment ? <span className="approval-comment"> — “{approval.comment}”</span> : null}
    </p>
  );
}

function PostList({ variant }: { variant: VariantData }) {
  if (variant.posts.length === 0) return null;
  return (
    <div className="posts">
      <p className="posts-title">
        Posts (<Link href="/calendar">see the calendar</Link>)
      </p>
      <ul>
        {variant.posts.map((post) => (
          <li key={post.id}>
            <StatusBadge status={post.status} /> {formatDateTime(post.scheduledAt, post.timeZone)} ({post.timeZone})
            {post.held ? <span className="muted"> — waits for the newer version to be approved</span> : null}
            {post.externalUrl ? (
              <>
                {' '}
                — <a href={post.externalUrl}>published post</a>
              </>
            ) : null}
            {post.error ? <span className="job-error"> — {post.error}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Edit → a new version (editVariant on the version the form opened with; a newer one is CONFLICT). */
function EditForm({
  variant,
  name,
  onDone,
  onChanged,
}: {
  variant: VariantData;
  name: string;
  onDone(message: string, version?: string): void;
  onChanged(): void;
}) {
  const fromVariant = () => ({
    base: variant.currentVersion.id,
    baseNumber: variant.currentVersion.number,
    title: variant.title ?? '',
    body: variant.body,
    hashtags: variant.hashtags.join(' '),
  });
  const [form, setForm] = useState(fromVariant);
  const [reloading, setReloading] = useState(false);
  const [edit, state] = useMutation(EditMutation);
  const titled = TITLED.has(variant.platform) || variant.title != null;
  const conflict = state.error instanceof ApiError && state.error.code === 'CONFLICT';

  // After "Load the latest version", the form starts again from the version the campaign now has.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new current version restarts the form
  useEffect(() => {
    if (!reloading || variant.currentVersion.id === form.base) return;
    setForm(fromVariant());
    setReloading(false);
    state.reset();
  }, [reloading, variant.currentVersion.id]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const data = await edit({
      id: variant.id,
      input: {
        baseVersionId: form.base,
        body: form.body,
        hashtags: parseHashtags(form.hashtags),
        ...(titled ? { title: form.title.trim() === '' ? null : form.title } : {}),
      },
    });
    if (!data) return;
    const saved = data.editVariant;
    onChanged();
    if (saved.currentVersion.id === form.base) {
      onDone('Nothing changed: the text is the same as the current version.');
      return;
    }
    const findings = saved.moderation?.findings.length ?? 0;
    onDone(
      `Saved as version ${saved.currentVersion.number}. Moderation: ${humanize(saved.moderation?.verdict ?? 'PASS')}` +
        `${findings > 0 ? ` (${findings} finding${findings === 1 ? '' : 's'}, marked in the text)` : ''}` +
        `${saved.quality ? `; quality ${saved.quality.score}/100` : ''}.`,
      saved.currentVersion.id,
    );
  };

  return (
    <form className="edit-form card" onSubmit={submit} aria-label={`Edit ${name}`}>
      <p className="muted">
        Editing version {form.baseNumber}. Saving makes a new version, checked by moderation and scored again
        {variant.status === 'APPROVED' || variant.status === 'SCHEDULED' ? '; it needs review again' : ''}.
      </p>
      {titled ? (
        <TextField
          label={variant.platform === 'EMAIL' ? 'Subject' : 'Title'}
          name="title"
          error={state.error}
          value={form.title}
          maxLength={200}
          onChange={(title) => setForm({ ...form, title })}
        />
      ) : null}
      <TextField
        label="Text"
        name="body"
        required
        multiline
        rows={8}
        error={state.error}
        value={form.body}
        onChange={(body) => setForm({ ...form, body })}
      />
      <TextField
        label="Hashtags"
        name="hashtags"
        hint="Separated by spaces or commas; the # is added when missing."
        error={state.error}
        value={form.hashtags}
        onChange={(hashtags) => setForm({ ...form, hashtags })}
      />
      {conflict ? (
        <div className="form-error conflict" role="alert">
          <p>
            Someone saved a newer version of this variant since you opened the editor, so your edit was not saved. Load
            the latest version and make your change again.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setReloading(true);
              onChanged();
            }}
          >
            Load the latest version
          </button>
        </div>
      ) : (
        <FormError error={state.error} shown={['title', 'body', 'hashtags']} />
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading || reloading}>
          {state.loading ? 'Saving…' : 'Save as a new version'}
        </button>
        <button type="button" className="button" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
