import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { formatDateTime } from '../components/labels';
import { Loading } from '../components/states';
import './reviews.css';
import './review-link.css';
import { fetchLinkContent, type LinkContent } from './review-link/api';
import { briefRows, linkProblem, MAX_NAME, NAME_STORAGE, progressWords, variantHeadings } from './review-link/logic';
import { LinkVariantCard } from './review-link/variant';

function storedName(): string {
  try {
    return sessionStorage.getItem(NAME_STORAGE) ?? '';
  } catch {
    return '';
  }
}

/** The link's content, loaded without an API key; `reload` asks again and keeps the old content meanwhile. */
function useLinkContent(token: string) {
  const [state, setState] = useState<{ data?: LinkContent; error?: unknown }>({});
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick asks again
  useEffect(() => {
    const abort = new AbortController();
    fetchLinkContent(token, abort.signal).then(
      (data) => setState({ data }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState((s) => ({ data: s.data, error }));
      },
    );
    return () => abort.abort();
  }, [token, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * The page behind a review link (`/review/<token>`), for a client without an API key: the campaign, each variant
 * with its findings, quality and preview, and approve or request changes under the name they give.
 */
export function ReviewLinkScreen({ token }: { token: string }) {
  const content = useLinkContent(token);
  return (
    <div className="link-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="link-topbar">
        <span className="brand">Copydesk</span>
        <span className="link-topbar-label">Content review</span>
      </header>
      <main id="main" className="link-content" tabIndex={-1}>
        {content.data ? (
          <LinkPage token={token} content={content.data} reload={content.reload} stale={content.error} />
        ) : content.error ? (
          <LinkProblemPage error={content.error} retry={content.reload} />
        ) : (
          <Loading label="Loading the review…" />
        )}
      </main>
    </div>
  );
}

function LinkProblemPage({ error, retry }: { error: unknown; retry(): void }) {
  const problem = linkProblem(error);
  return (
    <section className="link-problem" aria-labelledby="problem-heading">
      <h1 id="problem-heading">{problem.title}</h1>
      <p>{problem.text}</p>
      {problem.retry ? (
        <button type="button" className="button button-primary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </section>
  );
}

function LinkPage({
  token,
  content,
  reload,
  stale,
}: {
  token: string;
  content: LinkContent;
  reload(): void;
  stale: unknown;
}) {
  const nameId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setNameState] = useState(storedName);
  const [nameError, setNameError] = useState<string | undefined>();
  const setName = (value: string) => {
    setNameState(value);
    setNameError(undefined);
    try {
      sessionStorage.setItem(NAME_STORAGE, value);
    } catch {
      // Private modes may refuse storage: the name then lasts as long as the page.
    }
  };
  const askForName = (message: string) => {
    setNameError(message);
    nameRef.current?.focus();
  };
  const { campaign } = content;
  const headings = variantHeadings(content.variants);
  const rows = briefRows(campaign.brief);
  return (
    <>
      <header className="link-header">
        <p className="link-eyebrow">Review requested</p>
        <h1>{campaign.name}</h1>
        <p className="muted">
          Read each text below, then approve it or ask for changes. This link works until{' '}
          {formatDateTime(content.expiresAt)}.
        </p>
      </header>
      {stale ? <LinkProblemNotice error={stale} /> : null}
      <div className="link-top">
        <section className="card" aria-labelledby="brief-heading">
          <h2 id="brief-heading">What this campaign is about</h2>
          {campaign.outline?.headline ? <p className="link-headline">{campaign.outline.headline}</p> : null}
          <dl className="link-facts">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {campaign.outline?.keyMessages?.length ? (
            <>
              <p className="link-subtitle">Key messages</p>
              <ul className="link-list">
                {campaign.outline.keyMessages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section className="card link-you" aria-labelledby="you-heading">
          <h2 id="you-heading">You</h2>
          <div className={nameError ? 'field field-invalid' : 'field'}>
            <label htmlFor={nameId}>
              Your name<span aria-hidden="true"> *</span>
            </label>
            <input
              ref={nameRef}
              id={nameId}
              name="reviewerName"
              required
              autoComplete="name"
              maxLength={MAX_NAME}
              value={name}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={`${nameId}-hint${nameError ? ` ${nameId}-error` : ''}`}
              onChange={(e) => setName(e.target.value)}
            />
            <p className="field-hint" id={`${nameId}-hint`}>
              Recorded with each decision, so the team knows who decided. Kept in this tab only.
            </p>
            {nameError ? (
              <p className="field-error" id={`${nameId}-error`}>
                {nameError}
              </p>
            ) : null}
          </div>
          <p className="link-progress" aria-live="polite">
            {progressWords(content.variants)}
          </p>
        </section>
      </div>
      <section aria-labelledby="variants-heading">
        <h2 id="variants-heading">The texts to review</h2>
        {content.variants.length === 0 ? (
          <div className="state state-empty">
            <p className="state-title">Nothing to review yet</p>
            <p>The team has not written the texts of this campaign yet. Open the link again later.</p>
          </div>
        ) : (
          content.variants.map((variant, index) => (
            <LinkVariantCard
              key={`${variant.id}:${variant.versionId}`}
              token={token}
              variant={variant}
              heading={headings[index] ?? ''}
              name={name}
              onNeedName={askForName}
              onDecided={reload}
              onReload={reload}
            />
          ))
        )}
      </section>
    </>
  );
}

/** A later reload failed (e.g. the link expired meanwhile): the content stays, with what happened. */
function LinkProblemNotice({ error }: { error: unknown }) {
  const problem = linkProblem(error);
  return (
    <div className="form-error" role="alert">
      <p>
        <strong>{problem.title}.</strong> {problem.text}
      </p>
    </div>
  );
}
