import { useId, useState } from 'react';
import { Link } from 'wouter';
import { useMutation, useQuery } from '../../api/hooks';
import { StatusBadge } from '../../components/badge';
import { formatDateTime, humanize, platformLabel } from '../../components/labels';
import { VariantView } from '../../components/variant-view';
import { useSession } from '../../session';
import { DECISION_LABELS, type Decision, decidedNotice, deciderWords, explainDecisionError } from './logic';
import { type QueueItem, ReviewContentMutation, ReviewPreviewQuery } from './queries';

/**
 * One approval of the queue: the exact version it is about in the shared VariantView (findings, quality, preview)
 * and, for an editor while it is pending, the decision with an optional comment.
 */
export function ReviewItem({
  item,
  canDecide,
  onDecided,
  onReload,
}: {
  item: QueueItem;
  canDecide: boolean;
  onDecided(notice: string): void;
  onReload(): void;
}) {
  const { viewer } = useSession();
  const preview = useQuery(ReviewPreviewQuery, {
    input: { platform: item.variant.platform, variantId: item.variant.id },
  });
  const shown = preview.data?.preview;
  const version = item.version;
  const name = `${platformLabel(item.variant.platform)} variant of ${item.campaign.name}`;
  const mine = Boolean(viewer?.apiKeyId && version.createdBy === viewer.apiKeyId);
  return (
    <div className="review-item" data-platform={item.variant.platform}>
      <VariantView
        platform={item.variant.platform}
        title={version.title}
        body={version.body}
        hashtags={version.hashtags}
        status={item.variant.status}
        verdict={version.moderation?.verdict}
        findings={version.moderation?.findings ?? []}
        quality={version.quality}
        preview={shown ? { html: shown.html, truncated: shown.truncated, visibleText: shown.visibleText } : null}
        heading={
          <>
            <Link href={`/campaigns/${item.campaign.id}`}>{item.campaign.name}</Link> ·{' '}
            {platformLabel(item.variant.platform)}
          </>
        }
      >
        <p className="review-meta muted">
          Version {version.number} ({humanize(version.source).toLowerCase()}
          {mine ? ' by you' : ''}) · {item.variant.characterCount} characters
          {shown ? ` of ${shown.limit}` : ''} · review requested {formatDateTime(item.requestedAt)}
        </p>
        {item.status === 'PENDING' && item.comment ? (
          <p className="review-note">
            <span className="review-note-label">Note for the reviewer:</span> {item.comment}
          </p>
        ) : null}
        {item.status !== 'PENDING' ? (
          <p className="review-outcome">
            <StatusBadge status={item.status} /> by {deciderWords(item, viewer?.apiKeyId)} on{' '}
            {formatDateTime(item.decidedAt)}
            {item.comment ? <span className="review-outcome-comment"> — “{item.comment}”</span> : null}
          </p>
        ) : null}
        {item.status === 'PENDING' && canDecide ? (
          <DecisionForm item={item} name={name} mine={mine} onDecided={onDecided} onReload={onReload} />
        ) : null}
      </VariantView>
    </div>
  );
}

/** Approve, request changes or reject the version shown (reviewContent with its exact versionId). */
function DecisionForm({
  item,
  name,
  mine,
  onDecided,
  onReload,
}: {
  item: QueueItem;
  name: string;
  mine: boolean;
  onDecided(notice: string): void;
  onReload(): void;
}) {
  const id = useId();
  const [comment, setComment] = useState('');
  const [pending, setPending] = useState<Decision | null>(null);
  const [review, state] = useMutation(ReviewContentMutation);
  const explained = state.error ? explainDecisionError(state.error, item.version.number) : null;
  const decide = async (decision: Decision) => {
    setPending(decision);
    const data = await review({
      input: {
        variantId: item.variant.id,
        versionId: item.version.id,
        decision,
        comment: comment.trim() || null,
      },
    });
    setPending(null);
    if (data) {
      onDecided(
        decidedNotice(decision, {
          platform: item.variant.platform,
          campaign: item.campaign.name,
          version: item.version.number,
        }),
      );
    }
  };
  return (
    <div className="decision">
      <div className="field">
        <label htmlFor={`${id}-comment`}>Comment (optional)</label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={2}
          maxLength={2000}
          value={comment}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setComment(e.target.value)}
        />
        <p className="field-hint" id={`${id}-hint`}>
          The editor sees it with your decision.
          {mine ? ' You wrote this version: under four-eyes review another key approves it.' : ''}
        </p>
      </div>
      {explained ? (
        <div className="form-error" role="alert">
          <p>{explained.text}</p>
          {explained.reload ? (
            <button type="button" className="button" onClick={onReload}>
              Reload the queue
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        {(['APPROVE', 'REQUEST_CHANGES', 'REJECT'] as const).map((decision) => (
          <button
            key={decision}
            type="button"
            className={
              decision === 'APPROVE'
                ? 'button button-primary'
                : decision === 'REJECT'
                  ? 'button button-danger'
                  : 'button'
            }
            disabled={state.loading}
            onClick={() => void decide(decision)}
          >
            {pending === decision ? 'Saving…' : DECISION_LABELS[decision]}
            <span className="sr-only"> the {name}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
