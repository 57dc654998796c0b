import { type DragEvent, useState } from 'react';
import type { CalendarDay, CalendarView } from '../../calendar-grid';
import { dayTitle } from '../../calendar-grid';
import { isMovable, PostCard } from './post-card';
import type { CalendarPost } from './queries';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface DayGridProps {
  view: CalendarView;
  weeks: CalendarDay[][];
  byDay: Map<string, CalendarPost[]>;
  zone: string;
  todayDate: string;
  canEdit: boolean;
  close: Set<string>;
  onOpen(post: CalendarPost): void;
  /** A post dropped on another day (drag and drop, editors only). */
  onMove(post: CalendarPost, day: CalendarDay): void;
}

/**
 * The month or week as columns of days (Monday first); on a phone, a list of days instead (CSS). Editors drag a
 * SCHEDULED or FAILED post onto another day; the dialog does the same from the keyboard.
 */
export function DayGrid({ view, weeks, byDay, zone, todayDate, canEdit, close, onOpen, onMove }: DayGridProps) {
  const [dragged, setDragged] = useState<CalendarPost | null>(null);
  const [over, setOver] = useState<string | null>(null);

  const dropHandlers = (day: CalendarDay) =>
    canEdit
      ? {
          onDragOver: (event: DragEvent) => {
            if (!dragged) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
            if (over !== day.date) setOver(day.date);
          },
          onDragLeave: (event: DragEvent) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
          },
          onDrop: (event: DragEvent) => {
            event.preventDefault();
            const post = dragged;
            setDragged(null);
            setOver(null);
            if (post) onMove(post, day);
          },
        }
      : {};

  return (
    <div className={`cal-grid cal-grid-${view}`}>
      <div className="cal-weekdays" aria-hidden="true">
        {WEEKDAYS.map((name) => (
          <span key={name}>{name}</span>
        ))}
      </div>
      {weeks.map((week) => (
        <div className="cal-week" key={week[0]?.date}>
          {week.map((day) => {
            const posts = byDay.get(day.date) ?? [];
            const classes = [
              'cal-day',
              day.inMonth ? '' : 'cal-day-outside',
              posts.length === 0 ? 'cal-day-empty' : '',
              day.date === todayDate ? 'cal-day-today' : '',
              dragged ? 'cal-day-drop' : '',
              over === day.date ? 'cal-day-over' : '',
            ]
              .filter(Boolean)
              .join(' ');
            const [, , dayOfMonth] = day.date.split('-');
            return (
              <div className={classes} key={day.date} data-date={day.date} {...dropHandlers(day)}>
                <h3 className="cal-day-title">
                  <span className="cal-day-short" aria-hidden="true">
                    {view === 'week' ? `${WEEKDAYS[week.indexOf(day)]} ` : ''}
                    {Number(dayOfMonth)}
                  </span>
                  <span className="cal-day-full">{dayTitle(day.date)}</span>
                  {day.date === todayDate ? <span className="cal-today">Today</span> : null}
                  {day.hours !== 24 ? (
                    <span className="cal-dst" title="Clocks change this day">
                      {day.hours} h
                    </span>
                  ) : null}
                </h3>
                {posts.length > 0 ? (
                  <ul className="cal-posts">
                    {posts.map((post) => (
                      <PostCard
                        key={post.id}
                        post={post}
                        zone={zone}
                        draggable={canEdit && isMovable(post)}
                        tooClose={close.has(post.id)}
                        onOpen={() => onOpen(post)}
                        onDragStart={() => setDragged(post)}
                        onDragEnd={() => {
                          setDragged(null);
                          setOver(null);
                        }}
                      />
                    ))}
                  </ul>
                ) : view === 'week' ? (
                  <p className="cal-none">No posts</p>
                ) : null}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
