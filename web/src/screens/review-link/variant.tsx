import { useId, useState } from 'react';
import { statusTone } from '../../components/labels';
import { VariantView } from '../../components/variant-view';
import { type LinkVariant, postLinkDecision } from './api';
import { approvalWords, checkDecision, explainLinkError, isOpen } from './logic';

type Decision = 'APPROVE' | 'REQUEST_CHANGES';

/** One variant of the link: the shared VariantView and, while it has no decision, approve or request changes. */
export function LinkVariantCard({
  token,
  variant,
  heading,
  name,
  onNeedName,
  onDecided,
  onReload,
}: {
  token: string;
  variant: LinkVariant;
  heading: string;
  name: string;
  onNeedName(message: string): void;
  onDecided(): void;
  onReload(): void;
}) {
  const preview = variant.preview;
  return (
    <div className="review-item" data-platform={variant.platform}>
      <VariantView
        platform={variant.platform}
        title={variant.title}
        body={variant.body}
        hashtags={variant.hashtags}
        status={variant.status}
        verdict={variant.moderation?.verdict}
        findings={variant.moderation?.details ?? []}
        quality={variant.qualityDetails ?? null}
        preview={
          preview ? { html: preview.html, truncated: preview.truncated, visibleText: preview.visibleText } : null
        }
        heading={heading}
      >
        <p className="review-meta muted">
          Version {variant.versionNumber}
          {preview ? ` · ${preview.characterCount} of ${preview.limit} characters` : ''}
        </p>
        {variant.approval && !isOpen(variant) ? (
          <p className={`link-result link-result-${statusTone(variant.approval.status)}`} role="status">
            <span className="link-result-words">{approvalWords(variant.approval)}</span>
            {variant.approval.comment ? (
              <span className="review-outcome-comment"> “{variant.approval.comment}”</span>
            ) : null}
          </p>
        ) : (
          <LinkDecisionForm
            token={token}
            variant={variant}
            heading={heading}
            name={name}
            onNeedName={onNeedName}
            onDecided={onDecided}
            onReload={onReload}
          />
        )}
      </VariantView>
    </div>
  );
}

function LinkDecisionForm({
  token,
  variant,
  heading,
  name,
  onNeedName,
  onDecided,
  onReload,
}: {
  token: string;
  variant: LinkVariant;
  heading: string;
  name: string;
  onNeedName(message: string): void;
  onDecided(): void;
  onReload(): void;
}) {
  const id = useId();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const [failure, setFailure] = useState<{ text: string; reload: boolean } | null>(null);
  const [sending, setSending] = useState<Decision | null>(null);
  const decide = async (decision: Decision) => {
    setFailure(null);
    const problems = checkDecision({ name, decision, comment });
    setCommentError(problems.comment);
    if (problems.name) onNeedName(problems.name);
    if (problems.name || problems.comment) return;
    setSending(decision);
    try {
      await postLinkDecision(token, {
        variantId: variant.id,
        versionId: variant.versionId,
        decision,
        comment: comment.trim() || null,
        reviewerName: name.trim(),
      });
      onDecided();
    } catch (error) {
      const explained = explainLinkError(error);
      setFailure({ text: explained.text, reload: explained.reload });
      if (explained.fields.comment) setCommentError(explained.fields.comment);
      if (explained.fields.name) onNeedName(explained.fields.name);
    } finally {
      setSending(null);
    }
  };
  const pending = variant.approval?.status === 'PENDING';
  return (
    <div className="decision">
      {pending ? <p className="link-waiting">The team asked for your review of this text.</p> : null}
      <div className={commentError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-comment`}>Comment</label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={2}
          maxLength={2000}
          value={comment}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={`${id}-hint${commentError ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setComment(e.target.value);
            setCommentError(undefined);
          }}
        />
        <p className="field-hint" id={`${id}-hint`}>
          Optional when you approve; needed when you ask for changes.
        </p>
        {commentError ? (
          <p className="field-error" id={`${id}-error`}>
            {commentError}
          </p>
        ) : null}
      </div>
      {failure ? (
        <div className="form-error" role="alert">
          <p>{failure.text}</p>
          {failure.reload ? (
            <button type="button" className="button" onClick={onReload}>
              Reload the review
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={sending !== null}
          onClick={() => void decide('APPROVE')}
        >
          {sending === 'APPROVE' ? 'Saving…' : 'Approve'}
          <span className="sr-only"> {heading}</span>
        </button>
        <button
          type="button"
          className="button"
          disabled={sending !== null}
          onClick={() => void decide('REQUEST_CHANGES')}
        >
          {sending === 'REQUEST_CHANGES' ? 'Saving…' : 'Request changes'}
          <span className="sr-only"> {heading}</span>
        </button>
      </div>
    </div>
  );
}
