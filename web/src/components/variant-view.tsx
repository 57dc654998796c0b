import { type ReactNode, useEffect, useId, useRef } from 'react';
import { StatusBadge } from './badge';
import { segmentText } from './highlight';
import { humanize, platformLabel } from './labels';
import { adoptHtml } from './safe-html';

export interface ViewFinding {
  rule: string;
  severity: string;
  start?: number | null;
  end?: number | null;
  message: string;
  suggestion?: string | null;
}

export interface ViewQuality {
  score: number;
  components: readonly { name: string; score: number; reason: string; weight: number }[];
  suggestions: readonly string[];
}

/** The text with each finding's span marked; a mark names the findings (listed below it) that explain it. */
export function HighlightedText({
  text,
  findings,
  idPrefix,
}: {
  text: string;
  findings: readonly ViewFinding[];
  idPrefix: string;
}) {
  const segments = segmentText(text, findings);
  return (
    <div className="variant-text">
      {segments.map((segment) => {
        if (segment.findings.length === 0) return <span key={segment.start}>{segment.text}</span>;
        const worst = segment.findings
          .map((i) => findings[i]?.severity ?? 'INFO')
          .sort((a, b) => severityRank(b) - severityRank(a))[0];
        return (
          <mark
            key={segment.start}
            className={`finding finding-${(worst ?? 'INFO').toLowerCase()}`}
            aria-describedby={segment.findings.map((i) => `${idPrefix}-f${i}`).join(' ')}
            title={segment.findings.map((i) => findings[i]?.message).join('\n')}
          >
            {segment.text}
          </mark>
        );
      })}
    </div>
  );
}

function severityRank(severity: string): number {
  return severity === 'ERROR' ? 3 : severity === 'WARNING' ? 2 : 1;
}

/** Findings in words: severity, rule, message and the suggested fix. */
export function FindingList({ findings, idPrefix }: { findings: readonly ViewFinding[]; idPrefix: string }) {
  if (findings.length === 0) return <p className="muted">Moderation found nothing to look at.</p>;
  return (
    <ul className="findings">
      {findings.map((finding, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the index is the finding's id in the marks above
          key={i}
          id={`${idPrefix}-f${i}`}
          className={`finding-item finding-${finding.severity.toLowerCase()}`}
        >
          <StatusBadge status={finding.severity} /> <strong>{finding.message}</strong>{' '}
          <code className="rule">{finding.rule}</code>
          {finding.start == null ? <span className="muted"> (the text as a whole)</span> : null}
          {finding.suggestion ? <p className="suggestion">Suggestion: {finding.suggestion}</p> : null}
        </li>
      ))}
    </ul>
  );
}

/** The quality score, each component as a meter with its reason, and the suggestions. */
export function QualityPanel({ quality }: { quality: ViewQuality | null | undefined }) {
  if (!quality) return <p className="muted">Not scored yet.</p>;
  return (
    <div className="quality">
      <p className="quality-score">
        Quality <strong>{quality.score}</strong>/100
      </p>
      <ul className="quality-components">
        {quality.components.map((component) => (
          <li key={component.name}>
            <span className="quality-name">{humanize(component.name)}</span>
            <meter
              min={0}
              max={100}
              low={50}
              high={75}
              optimum={100}
              value={component.score}
              aria-label={`${humanize(component.name)} ${component.score} of 100`}
            />
            <span className="quality-value">{component.score}</span>
            <span className="muted quality-reason">
              {component.reason}{' '}
              {component.weight > 0 ? `(weight ${Math.round(component.weight * 100)} %)` : '(does not apply)'}
            </span>
          </li>
        ))}
      </ul>
      {quality.suggestions.length > 0 ? (
        <>
          <p className="quality-subtitle">Suggestions</p>
          <ul className="quality-suggestions">
            {quality.suggestions.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The platform preview from the API's `html`; where the platform folds the text, a marker says so. */
export function PreviewPane({
  html,
  truncated,
  platform,
  visibleText,
}: {
  html: string;
  truncated: boolean;
  platform: string;
  /** What shows before "see more": quoted under the preview when the text is folded. */
  visibleText?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    node.replaceChildren(adoptHtml(html));
  }, [html]);
  return (
    <figure className="preview">
      <div ref={ref} className="preview-frame" data-platform={platform} />
      <figcaption className="muted">
        How it looks on {platformLabel(platform)}
        {truncated
          ? ' — the highlighted end is hidden behind “see more” (the fold).'
          : ' — nothing is hidden behind the fold.'}
        {truncated && visibleText ? <span className="before-fold"> Before the fold: “{visibleText}”</span> : null}
      </figcaption>
    </figure>
  );
}

/**
 * One variant as everyone sees it (campaign page, review queue, review link): the title, the text with findings
 * highlighted, hashtags, moderation, quality and preview; `actions` are the buttons the role allows.
 */
export function VariantView({
  platform,
  title,
  body,
  hashtags,
  status,
  verdict,
  findings,
  quality,
  preview,
  heading,
  actions,
  children,
}: {
  platform: string;
  title?: string | null;
  body: string;
  hashtags: readonly string[];
  status?: string;
  verdict?: string | null;
  findings: readonly ViewFinding[];
  quality?: ViewQuality | null;
  preview?: { html: string; truncated: boolean; visibleText?: string } | null;
  heading?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const idPrefix = useId().replace(/:/g, '');
  return (
    <article className="variant" aria-label={`${platformLabel(platform)} variant`}>
      <header className="variant-header">
        <h3>{heading ?? platformLabel(platform)}</h3>
        {status ? <StatusBadge status={status} /> : null}
        {verdict ? <StatusBadge status={verdict} label={`Moderation: ${humanize(verdict)}`} /> : null}
        {quality ? <span className="badge badge-neutral">Quality {quality.score}</span> : null}
      </header>
      {title ? <p className="variant-title">{title}</p> : null}
      <HighlightedText text={body} findings={findings} idPrefix={idPrefix} />
      {hashtags.length > 0 ? <p className="hashtags">{hashtags.join(' ')}</p> : null}
      {actions ? <div className="actions">{actions}</div> : null}
      {children}
      <div className="variant-details">
        <section aria-label="Moderation findings">
          <h4>Moderation</h4>
          <FindingList findings={findings} idPrefix={idPrefix} />
        </section>
        <section aria-label="Quality">
          <h4>Quality</h4>
          <QualityPanel quality={quality} />
        </section>
        {preview ? (
          <section aria-label="Preview">
            <h4>Preview</h4>
            <PreviewPane
              html={preview.html}
              truncated={preview.truncated}
              platform={platform}
              visibleText={preview.visibleText}
            />
          </section>
        ) : null}
      </div>
    </article>
  );
}
