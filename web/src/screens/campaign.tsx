import { type KeyboardEvent, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../api/errors';
import { useMutation, useQuery } from '../api/hooks';
import { StatusBadge } from '../components/badge';
import { FormError, SelectField, TextField } from '../components/form';
import { formatDateTime, humanize, platformLabel } from '../components/labels';
import { Empty, ErrorNotice, Loading } from '../components/states';
import { useCan, useSession } from '../session';
import './campaign.css';
import { GenerationPanel } from './campaign/generation';
import {
  ArchiveMutation,
  type CampaignData,
  CampaignQuery,
  RequestReviewMutation,
  ReviewLinkMutation,
} from './campaign/queries';
import { canRequestReview, VariantCard } from './campaign/variant-card';

/** The campaign page: the brief and outline, generation followed live, and the variants with their workflow. */
export function CampaignScreen({ id }: { id: string }) {
  const state = useQuery(CampaignQuery, { id });
  const { viewer } = useSession();
  if (state.data === undefined) {
    if (state.error) {
      if (state.error instanceof ApiError && ['NOT_FOUND', 'BAD_USER_INPUT'].includes(state.error.code)) {
        return <NotFound workspace={viewer?.workspace.name} />;
      }
      return <ErrorNotice error={state.error} retry={state.refetch} />;
    }
    return <Loading label="Loading the campaign…" />;
  }
  const campaign = state.data.campaign;
  if (!campaign) return <NotFound workspace={viewer?.workspace.name} />;
  return (
    <>
      {state.error ? <ErrorNotice error={state.error} retry={state.refetch} /> : null}
      <CampaignPage campaign={campaign} refetch={state.refetch} />
    </>
  );
}

function NotFound({ workspace }: { workspace?: string }) {
  return (
    <>
      <h1>Campaign not found</h1>
      <Empty title="There is no such campaign in this workspace">
        <p>
          It may have been typed wrong, or it belongs to another workspace than {workspace ?? 'yours'}.{' '}
          <Link href="/campaigns">Go to the campaigns.</Link>
        </p>
      </Empty>
    </>
  );
}

function CampaignPage({ campaign, refetch }: { campaign: CampaignData; refetch(): void }) {
  const can = useCan();
  const writable = can.edit && campaign.status !== 'ARCHIVED';
  return (
    <div className="campaign-page">
      <p className="breadcrumb">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <header className="page-header">
        <h1>{campaign.name}</h1>
        <StatusBadge status={campaign.status} />
        <div className="actions">
          <Link href="/calendar" className="button">
            Calendar
          </Link>
          {writable ? <ArchiveButton campaign={campaign} onChanged={refetch} /> : null}
        </div>
      </header>
      {campaign.status === 'ARCHIVED' ? (
        <p className="notice">This campaign is archived: it stays readable but can no longer change.</p>
      ) : null}
      <div className="campaign-top">
        <BriefCard campaign={campaign} />
        <OutlineCard campaign={campaign} />
      </div>
      <GenerationPanel campaign={campaign} canEdit={writable} onChanged={refetch} />
      <VariantsSection campaign={campaign} canEdit={writable} onChanged={refetch} />
    </div>
  );
}

function BriefCard({ campaign }: { campaign: CampaignData }) {
  const brief = campaign.brief;
  const rows: [string, React.ReactNode][] = [
    ['Product', brief.productName],
    ['Description', brief.description],
    [
      'Features',
      brief.features.length > 0 ? (
        <ul key="features" className="plain-list">
          {brief.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null,
    ],
    ['Audience', brief.audience],
    ['Tone', humanize(brief.tone)],
    ['Platforms', brief.platforms.map(platformLabel).join(', ')],
    ['Keywords', brief.keywords.length > 0 ? brief.keywords.join(', ') : null],
    ['Call to action', brief.callToAction],
    [
      'Link',
      brief.url ? (
        <a key="url" href={brief.url} rel="noopener noreferrer nofollow">
          {brief.url}
        </a>
      ) : null,
    ],
    ['Language', brief.language],
  ];
  return (
    <section className="card brief" aria-labelledby="brief-heading">
      <h2 id="brief-heading">Brief</h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">—</span>}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        Created {formatDateTime(campaign.createdAt)} · changed {formatDateTime(campaign.updatedAt)}
      </p>
    </section>
  );
}

function OutlineCard({ campaign }: { campaign: CampaignData }) {
  const outline = campaign.outline;
  return (
    <section className="card outline" aria-labelledby="outline-heading">
      <h2 id="outline-heading">Outline</h2>
      {outline ? (
        <>
          <p className="outline-headline">{outline.headline}</p>
          {outline.angle ? <p>Angle: {outline.angle}</p> : null}
          <p className="outline-subtitle">Key messages</p>
          <ul>
            {outline.keyMessages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">The outline is written by the first generation.</p>
      )}
    </section>
  );
}

function ArchiveButton({ campaign, onChanged }: { campaign: CampaignData; onChanged(): void }) {
  const [asking, setAsking] = useState(false);
  const [archive, state] = useMutation(ArchiveMutation);
  if (!asking) {
    return (
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        Archive
      </button>
    );
  }
  return (
    <div className="confirm">
      <span>Archive? It stays readable but can no longer change.</span>
      <button
        type="button"
        className="button button-danger"
        disabled={state.loading || campaign.status === 'GENERATING'}
        onClick={async () => {
          if (await archive({ id: campaign.id })) onChanged();
        }}
      >
        Archive campaign
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Keep it
      </button>
      <FormError error={state.error} />
    </div>
  );
}

/** The variants by platform (tabs), with the review tools for editors above them. */
function VariantsSection({
  campaign,
  canEdit,
  onChanged,
}: {
  campaign: CampaignData;
  canEdit: boolean;
  onChanged(): void;
}) {
  const contents = campaign.contents.filter((c) => c.variants.length > 0);
  const [tab, setTab] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const active = contents.find((c) => c.platform === tab) ?? contents[0];
  const all = contents.flatMap((c) => c.variants);
  const counts = all.reduce<Record<string, number>>((acc, v) => {
    acc[v.status] = (acc[v.status] ?? 0) + 1;
    return acc;
  }, {});
  const onKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = contents[(index + step + contents.length) % contents.length];
    if (!next) return;
    setTab(next.platform);
    document.getElementById(`tab-${next.platform}`)?.focus();
  };
  return (
    <section className="variants-section" aria-labelledby="variants-heading">
      <div className="section-header">
        <h2 id="variants-heading">Variants</h2>
        {all.length > 0 ? (
          <p className="muted status-counts">
            {Object.entries(counts)
              .map(([status, n]) => `${n} ${humanize(status).toLowerCase()}`)
              .join(' · ')}
          </p>
        ) : null}
      </div>
      {contents.length === 0 ? (
        <Empty title="No variants yet">
          <p>
            {campaign.status === 'GENERATING'
              ? 'The variants appear here when the generation finishes; follow it above.'
              : canEdit
                ? 'Generate copy above to get the first variants.'
                : 'An editor has not generated copy yet.'}
          </p>
        </Empty>
      ) : (
        <>
          {canEdit ? (
            <ReviewTools
              campaign={campaign}
              selected={[...selected].filter((id) => all.some((v) => v.id === id && canRequestReview(v.status)))}
              eligible={all.filter((v) => canRequestReview(v.status)).map((v) => v.id)}
              onRequested={() => {
                setSelected(new Set());
                onChanged();
              }}
            />
          ) : null}
          <div className="tabs" role="tablist" aria-label="Platforms">
            {contents.map((content, index) => (
              <button
                key={content.platform}
                id={`tab-${content.platform}`}
                type="button"
                role="tab"
                className="tab"
                aria-selected={content === active}
                aria-controls={`panel-${content.platform}`}
                tabIndex={content === active ? 0 : -1}
                onClick={() => setTab(content.platform)}
                onKeyDown={(e) => onKey(e, index)}
              >
                {platformLabel(content.platform)} ({content.variants.length})
              </button>
            ))}
          </div>
          {active ? (
            <div
              id={`panel-${active.platform}`}
              role="tabpanel"
              aria-labelledby={`tab-${active.platform}`}
              className="variant-list"
            >
              {active.variants.map((variant, position) => (
                <VariantCard
                  key={variant.id}
                  variant={variant}
                  position={position}
                  canEdit={canEdit}
                  selected={selected.has(variant.id)}
                  onSelect={(on) =>
                    setSelected((set) => {
                      const next = new Set(set);
                      if (on) next.add(variant.id);
                      else next.delete(variant.id);
                      return next;
                    })
                  }
                  onChanged={onChanged}
                />
              ))}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

const EXPIRY = [
  { value: '24', label: '1 day' },
  { value: '72', label: '3 days' },
  { value: '168', label: '1 week' },
  { value: '720', label: '30 days' },
];

/** Request review for the selected (or all) variants, and a review link for people without a key. */
function ReviewTools({
  campaign,
  selected,
  eligible,
  onRequested,
}: {
  campaign: CampaignData;
  selected: string[];
  eligible: string[];
  onRequested(): void;
}) {
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [request, requestState] = useMutation(RequestReviewMutation);
  const [hours, setHours] = useState('72');
  const [makeLink, linkState] = useMutation(ReviewLinkMutation);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const ask = async (ids: string[]) => {
    const data = await request({ variantIds: ids, comment: comment.trim() || null });
    if (!data) return;
    setNotice(`${data.requestReview.length} variant${data.requestReview.length === 1 ? '' : 's'} sent to review.`);
    setComment('');
    onRequested();
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is not allowed here: select the link and copy it.');
    }
  };

  return (
    <div className="review-tools card">
      <div className="review-request">
        <h3>Review</h3>
        <TextField
          label="Note for the reviewer (optional)"
          name="comment"
          error={requestState.error}
          value={comment}
          maxLength={2000}
          onChange={setComment}
        />
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={selected.length === 0 || requestState.loading}
            onClick={() => void ask(selected)}
          >
            Request review for selected ({selected.length})
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={eligible.length === 0 || requestState.loading}
            onClick={() => void ask(eligible)}
          >
            Request review for all ({eligible.length})
          </button>
        </div>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <FormError error={requestState.error} shown={['comment']} />
      </div>
      <div className="review-share">
        <h3>Share a review link</h3>
        <p className="muted small">Anyone with the link can read this campaign and approve or ask for changes.</p>
        <div className="row">
          <SelectField
            label="Link works for"
            name="expiresInHours"
            value={hours}
            onChange={setHours}
            options={EXPIRY}
          />
          <button
            type="button"
            className="button"
            disabled={linkState.loading}
            onClick={async () => {
              setCopied(null);
              const data = await makeLink({ campaignId: campaign.id, expiresInHours: Number(hours) });
              if (data) setLink(data.createReviewLink);
            }}
          >
            Share review link
          </button>
        </div>
        <FormError error={linkState.error} shown={['expiresInHours']} />
        {link ? (
          <div className="review-link" role="status">
            <p>Send this link to the reviewer. It is shown only now; it expires {formatDateTime(link.expiresAt)}.</p>
            <p className="secret" data-testid="review-url">
              {link.url}
            </p>
            <div className="actions">
              <button type="button" className="button" onClick={() => void copy()}>
                Copy link
              </button>
              <button type="button" className="button button-quiet" onClick={() => setLink(null)}>
                Done
              </button>
              {copied ? <span className="muted">{copied}</span> : null}
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
