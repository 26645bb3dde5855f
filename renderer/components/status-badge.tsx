import type { NodeStatus, ServerStatus } from '../../contracts/index.ts';
import { NODE_STATUS, SERVER_STATUS } from '../lib/status.ts';

export function ServerStatusBadge({ status, reason }: { status: ServerStatus; reason?: string | null }) {
  const meta = SERVER_STATUS[status];
  return (
    <span className={`badge ${meta.tone}`} title={reason ?? undefined} data-status={status}>
      <span className={`dot ${meta.tone}${meta.busy ? ' pulse' : ''}`} aria-hidden="true" />
      {meta.label}
    </span>
  );
}

export function NodeStatusBadge({ status }: { status: NodeStatus }) {
  const meta = NODE_STATUS[status];
  return (
    <span className={`badge ${meta.tone}`} data-status={status}>
      <span className={`dot ${meta.tone}`} aria-hidden="true" />
      {meta.label}
    </span>
  );
}
