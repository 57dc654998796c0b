import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useMutation } from '../../api/hooks';
import { describeConflict, fromLocalInput, toLocalInput } from '../../calendar-grid';
import { FormError } from '../../components/form';
import { formatDateTime, platformLabel } from '../../components/labels';
import { isMovable, PostStatus } from './post-card';
import { type CalendarPost, CancelPost, ReschedulePost } from './queries';

/** A refusal in words: a CONFLICT about the gap names the other post as the calendar shows it. */
export function conflictText(error: unknown, zone: string, nameOf: (id: string) => string | undefined): string | null {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return null;
  return describeConflict(error.message, zone, nameOf, platformLabel);
}

/**
 * A post's details in a modal dialog; for editors, a new time on the chosen zone's wall clock (the keyboard and
 * phone way to reschedule) and cancelling. A refused time is said next to the field.
 */
export function PostDialog({
  post,
  zone,
  canEdit,
  nameOf,
  onClose,
  onChanged,
}: {
  post: CalendarPost;
  zone: string;
  canEdit: boolean;
  nameOf(id: string): string | undefined;
  onClose(): void;
  onChanged(message: string): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const timeId = useId();
  const [value, setValue] = useState(() => toLocalInput(post.scheduledAt, zone));
  const [confirming, setConfirming] = useState(false);
  const [reschedule, rescheduling] = useMutation(ReschedulePost);
  const [cancel, cancelling] = useMutation(CancelPost);
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    // Removed from the page on close, the dialog leaves its modal state by itself.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const editable = canEdit && isMovable(post);
  const conflict = conflictText(rescheduling.error, zone, nameOf);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const at = fromLocalInput(value, zone);
    setInvalid(at === null);
    if (!at) return;
    const done = await reschedule({ id: post.id, at });
    if (done) onChanged(`Moved to ${formatDateTime(done.reschedulePost.scheduledAt, zone)} (${zone}).`);
  };
  const cancelPost = async () => {
    const done = await cancel({ id: post.id });
    if (done) onChanged('The post was cancelled.');
  };

  return (
    <dialog ref={ref} className="cal-dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="cal-dialog-body">
        <h2 id={titleId}>
          {platformLabel(post.platform)} post · {post.campaign.name}
        </h2>
        <dl className="cal-details">
          <dt>When</dt>
          <dd>
            {formatDateTime(post.scheduledAt, zone)} <span className="muted">({zone})</span>
            {post.timeZone !== zone ? (
              <span className="muted">
                {' '}
                · {post.localTime} in the audience’s zone, {post.timeZone}
              </span>
            ) : null}
          </dd>
          <dt>Status</dt>
          <dd>
            <PostStatus status={post.status} />
            {post.held ? ' · held until the variant’s new version is approved' : null}
          </dd>
          {post.error ? (
            <>
              <dt>Why it failed</dt>
              <dd>{post.error}</dd>
            </>
          ) : null}
          {post.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>
                {formatDateTime(post.publishedAt, zone)}
                {post.externalUrl ? (
                  <>
                    {' · '}
                    <a href={post.externalUrl} rel="noreferrer noopener" target="_blank">
                      View the post
                    </a>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          <dt>Version</dt>
          <dd>
            {post.version.number}
            {post.series ? ' · part of a series' : null}
          </dd>
        </dl>
        {post.version.title ? <p className="cal-dialog-title">{post.version.title}</p> : null}
        <p className="cal-dialog-text">{post.version.body}</p>

        {editable ? (
          <form className="cal-reschedule" onSubmit={save} noValidate>
            <div className={conflict || invalid ? 'field field-invalid' : 'field'}>
              <label htmlFor={timeId}>New time ({zone})</label>
              <input
                id={timeId}
                type="datetime-local"
                value={value}
                required
                aria-invalid={conflict || invalid ? true : undefined}
                aria-describedby={conflict || invalid ? `${timeId}-error` : undefined}
                onChange={(e) => {
                  setValue(e.target.value);
                  rescheduling.reset();
                }}
              />
              {conflict || invalid ? (
                <p className="field-error" id={`${timeId}-error`} role="alert">
                  {conflict ?? 'Give a date and a time.'}
                </p>
              ) : null}
            </div>
            {!conflict ? <FormError error={rescheduling.error} shown={['at']} /> : null}
            <div className="actions">
              <button type="submit" className="button button-primary" disabled={rescheduling.loading}>
                {rescheduling.loading ? 'Saving…' : 'Reschedule'}
              </button>
            </div>
          </form>
        ) : null}
        {canEdit && !isMovable(post) ? (
          <p className="muted">A {post.status.toLowerCase()} post can no longer be moved or cancelled.</p>
        ) : null}

        {editable ? (
          <div className="cal-cancel">
            <FormError error={cancelling.error} />
            {confirming ? (
              <div className="actions">
                <span>Cancel this post? It will not be published.</span>
                <button
                  type="button"
                  className="button button-danger"
                  onClick={cancelPost}
                  disabled={cancelling.loading}
                >
                  Yes, cancel the post
                </button>
                <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            ) : (
              <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
                Cancel post…
              </button>
            )}
          </div>
        ) : null}

        <div className="actions cal-dialog-close">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
