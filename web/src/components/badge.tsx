import { humanize, statusTone } from './labels';

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${statusTone(status)}`}>{label ?? humanize(status)}</span>;
}
