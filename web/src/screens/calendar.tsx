import { useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { request } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import { useQuery } from '../api/hooks';
import {
  browserZone,
  type CalendarDay,
  type CalendarLocation,
  type CalendarView,
  dayTitle,
  formatLocation,
  groupByDay,
  moveToDay,
  parseLocation,
  rangeTitle,
  shiftDate,
  today,
  tooClose,
  viewGrid,
  zoneList,
} from '../calendar-grid';
import { formatDateTime } from '../components/labels';
import { Empty, ErrorNotice, Loading } from '../components/states';
import { useCan, useSession } from '../session';
import { DayGrid } from './calendar/calendar-views';
import { postName } from './calendar/post-card';
import { conflictText, PostDialog } from './calendar/post-dialog';
import { type CalendarPost, CalendarQuery, ReschedulePost } from './calendar/queries';
import { SeriesForm } from './calendar/series-form';
import './calendar.css';

interface Notice {
  tone: 'ok' | 'bad';
  text: string;
}

/** A refused move in words: the conflict with the other post named, or the API's field messages. */
function refusal(error: unknown, zone: string, nameOf: (id: string) => string | undefined): string {
  const conflict = conflictText(error, zone, nameOf);
  if (conflict) return conflict;
  if (error instanceof ApiError && error.fields.length > 0) {
    return error.fields.map((f) => `the new time ${f.message}`).join('; ');
  }
  return describeError(error);
}

/**
 * The posting calendar: a month or a week of posts in a chosen time zone (days are that zone's days), the view,
 * date and zone in the address. Editors move posts by dragging them to another day (same local time) or with a
 * post's dialog, cancel them, and schedule series; viewers only look.
 */
export function CalendarScreen() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const can = useCan();
  const fallbackZone = useMemo(browserZone, []);
  const location = useMemo(() => parseLocation(search, fallbackZone), [search, fallbackZone]);
  const { view, date, zone } = location;
  const zones = useMemo(() => zoneList(zone), [zone]);
  const grid = useMemo(() => viewGrid(view, date, zone), [view, date, zone]);
  const state = useQuery(CalendarQuery, { from: grid.from, to: grid.to });
  const { key, signOutIfRefused } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [seriesOpen, setSeriesOpen] = useState(false);

  const go = (next: Partial<CalendarLocation>) => navigate(`/calendar?${formatLocation({ ...location, ...next })}`);

  // The hook keeps the previous range's answer while the next loads: show only what falls in this range.
  const posts = useMemo(() => {
    const from = Date.parse(grid.from);
    const to = Date.parse(grid.to);
    return (state.data?.calendar ?? []).filter((p) => {
      const at = Date.parse(p.scheduledAt);
      return at >= from && at < to;
    });
  }, [state.data, grid]);
  const byDay = useMemo(() => groupByDay(posts, zone), [posts, zone]);
  const close = useMemo(() => tooClose(posts, state.data?.schedulingRules.minPostGapMinutes ?? 0), [posts, state.data]);
  const nameOf = (id: string) => {
    const post = state.data?.calendar.find((p) => p.id === id);
    return post ? postName(post) : undefined;
  };
  const selectedPost = posts.find((p) => p.id === selected) ?? null;
  const todayDate = today(zone);

  const move = async (post: CalendarPost, day: CalendarDay) => {
    const at = moveToDay(post.scheduledAt, day.date, zone);
    if (at === post.scheduledAt) return;
    setNotice(null);
    let error: unknown;
    const done = await request(key, ReschedulePost, { id: post.id, at }).catch((e: unknown) => {
      error = e;
      signOutIfRefused(e);
      return undefined;
    });
    if (done) {
      setNotice({
        tone: 'ok',
        text: `Moved “${postName(post)}” to ${formatDateTime(done.reschedulePost.scheduledAt, zone)}.`,
      });
      state.refetch();
    } else {
      setNotice({
        tone: 'bad',
        text: `Could not move “${postName(post)}” to ${dayTitle(day.date)}: ${refusal(error, zone, nameOf)}`,
      });
    }
  };

  const unit = view === 'month' ? 'month' : 'week';
  const setView = (next: CalendarView) => go({ view: next });

  return (
    <div className="calendar">
      <div className="page-header">
        <h1>Calendar</h1>
        {can.edit ? (
          <div className="actions">
            <button
              type="button"
              className={seriesOpen ? 'button' : 'button button-primary'}
              aria-expanded={seriesOpen}
              aria-controls="series-panel"
              onClick={() => setSeriesOpen((open) => !open)}
            >
              {seriesOpen ? 'Close the series form' : 'Schedule a series'}
            </button>
          </div>
        ) : null}
      </div>

      {can.edit && seriesOpen ? (
        <section className="card cal-series-panel" id="series-panel" aria-labelledby="series-title">
          <h2 id="series-title">Schedule a series</h2>
          <SeriesForm
            zone={zone}
            zones={zones}
            onScheduled={({ count, firstDate }) => {
              setSeriesOpen(false);
              setNotice({
                tone: 'ok',
                text: `Scheduled a series of ${count} post${count === 1 ? '' : 's'}${
                  firstDate ? `, the first on ${dayTitle(firstDate)}` : ''
                }.`,
              });
              // Both in one render: a new range asks once, the same range asks again.
              if (firstDate && firstDate !== date) go({ date: firstDate });
              state.refetch();
            }}
          />
        </section>
      ) : null}

      <div className="cal-toolbar">
        <fieldset className="cal-group cal-toggle">
          <legend className="sr-only">View</legend>
          <button type="button" className="button" aria-pressed={view === 'month'} onClick={() => setView('month')}>
            Month
          </button>
          <button type="button" className="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>
            Week
          </button>
        </fieldset>
        <fieldset className="cal-group cal-nav">
          <legend className="sr-only">Dates</legend>
          <button
            type="button"
            className="button"
            aria-label={`Previous ${unit}`}
            onClick={() => go({ date: shiftDate(view, date, -1, zone) })}
          >
            ‹ <span className="cal-nav-word">Previous</span>
          </button>
          <button type="button" className="button" onClick={() => go({ date: todayDate })}>
            Today
          </button>
          <button
            type="button"
            className="button"
            aria-label={`Next ${unit}`}
            onClick={() => go({ date: shiftDate(view, date, 1, zone) })}
          >
            <span className="cal-nav-word">Next</span> ›
          </button>
        </fieldset>
        <h2 className="cal-title" aria-live="polite">
          {rangeTitle(view, date, zone)}
        </h2>
        <div className="field cal-zone">
          <label htmlFor="cal-zone">Time zone</label>
          <select id="cal-zone" value={zone} onChange={(e) => go({ zone: e.target.value })}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
      </div>

      {notice ? (
        <div className={`cal-notice cal-notice-${notice.tone}`} role={notice.tone === 'bad' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
          <button type="button" className="button button-quiet" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      ) : null}

      {state.error ? <ErrorNotice error={state.error} retry={state.refetch} /> : null}
      {state.loading ? <Loading label="Loading the posts…" /> : null}
      {!state.loading && !state.error && state.data && posts.length === 0 ? (
        <Empty title={`No posts this ${unit}`}>
          <p>
            {can.edit
              ? 'Schedule approved variants from a campaign, or a series with the button above.'
              : 'Posts appear here once editors schedule them.'}
          </p>
        </Empty>
      ) : null}
      {state.data ? (
        <>
          <p className="cal-legend muted">
            Times in {zone}.
            {can.edit
              ? ' Drag a scheduled post to another day to move it (same time of day), or open it to change its time.'
              : ''}
            {close.size > 0
              ? ` ⚠ marks posts closer than ${state.data.schedulingRules.minPostGapMinutes} minutes to another post of the same platform.`
              : ''}
          </p>
          <DayGrid
            view={view}
            weeks={grid.weeks}
            byDay={byDay}
            zone={zone}
            todayDate={todayDate}
            canEdit={can.edit}
            close={close}
            onOpen={(post) => setSelected(post.id)}
            onMove={move}
          />
        </>
      ) : null}

      {selectedPost ? (
        <PostDialog
          key={`${selectedPost.id}:${selectedPost.scheduledAt}:${zone}`}
          post={selectedPost}
          zone={zone}
          canEdit={can.edit}
          nameOf={nameOf}
          onClose={() => setSelected(null)}
          onChanged={(message) => {
            setSelected(null);
            setNotice({ tone: 'ok', text: `“${postName(selectedPost)}”: ${message}` });
            state.refetch();
          }}
        />
      ) : null}
    </div>
  );
}
