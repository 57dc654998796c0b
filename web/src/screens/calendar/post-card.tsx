import type { DragEvent } from 'react';
import { excerpt, localTime } from '../../calendar-grid';
import { humanize, platformLabel } from '../../components/labels';
import type { CalendarPost } from './queries';

/** Posts an editor may move or cancel: the API refuses the others. */
export function isMovable(post: Pick<CalendarPost, 'status'>): boolean {
  return post.status === 'SCHEDULED' || post.status === 'FAILED';
}

/** The status as a badge: a word and an icon, not colour alone. */
const STATUS_MARK: Record<string, string> = {
  SCHEDULED: '◷',
  PUBLISHING: '↻',
  PUBLISHED: '✓',
  FAILED: '✕',
};

export function PostStatus({ status }: { status: string }) {
  return (
    <span className={`cal-status cal-status-${status.toLowerCase()}`}>
      <span aria-hidden="true">{STATUS_MARK[status] ?? '•'} </span>
      {humanize(status)}
    </span>
  );
}

export function postName(post: CalendarPost): string {
  return `${post.campaign.name}: ${excerpt(post.version.title, post.version.body, 48)}`;
}

/** One post in its day: time in the chosen zone, platform, campaign and text, status; opens the post's dialog. */
export function PostCard({
  post,
  zone,
  draggable,
  tooClose,
  onOpen,
  onDragStart,
  onDragEnd,
}: {
  post: CalendarPost;
  zone: string;
  draggable: boolean;
  tooClose: boolean;
  onOpen(): void;
  onDragStart(): void;
  onDragEnd(): void;
}) {
  const start = (event: DragEvent) => {
    event.dataTransfer.setData('text/plain', post.id);
    event.dataTransfer.effectAllowed = 'move';
    onDragStart();
  };
  return (
    <li
      className={`cal-post cal-post-${post.status.toLowerCase()}${tooClose ? ' cal-post-close' : ''}`}
      data-post-id={post.id}
      draggable={draggable}
      onDragStart={draggable ? start : undefined}
      onDragEnd={draggable ? onDragEnd : undefined}
    >
      <button type="button" className="cal-post-button" onClick={onOpen}>
        <span className="cal-post-head">
          <time dateTime={post.scheduledAt} className="cal-post-time">
            {localTime(post.scheduledAt, zone)}
          </time>
          <span className="cal-post-platform">{platformLabel(post.platform)}</span>
        </span>
        <span className="cal-post-campaign">{post.campaign.name}</span>
        <span className="cal-post-text">{excerpt(post.version.title, post.version.body, 48)}</span>
        <span className="cal-post-flags">
          <PostStatus status={post.status} />
          {post.held ? <span className="cal-flag cal-flag-held">Held: new version not approved</span> : null}
          {tooClose ? (
            <span className="cal-flag cal-flag-close">⚠ Too close to another {platformLabel(post.platform)} post</span>
          ) : null}
        </span>
      </button>
    </li>
  );
}
