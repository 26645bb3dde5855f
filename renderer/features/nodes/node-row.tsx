import type { Node, NodeStats } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { NodeStatusBadge } from '../../components/status-badge.tsx';
import { formatDuration, formatRelative } from '../../lib/format.ts';
import { formatPortRanges } from '../../lib/port-text.ts';
import { nodeAdvice, type NodeAdvice } from './node-advice.ts';
import { allocationLines, hostLines, lastSeen } from './node-capacity.ts';
import { UsageMeter } from './usage-meter.tsx';

export const NODE_COLUMNS = 6;

interface NodeRowProps {
  node: Node;
  stats: NodeStats | undefined;
  now: number;
  tokenBusy: boolean;
  onEdit(): void;
  onIssueToken(): void;
  onRemove(): void;
}

/** One node: who it is, is it up, how loaded its host is, what its servers were promised; then what to do, if anything. */
export function NodeRow({ node, stats, now, tokenBusy, onEdit, onIssueToken, onRemove }: NodeRowProps) {
  const metrics = stats?.metrics ?? null;
  const seen = lastSeen(node, stats);
  const advice = nodeAdvice(node);
  return (
    <>
      <tr data-node-id={node.id} className={advice ? 'has-advice' : undefined}>
        <td>
          <div className="node-name">
            <span className="node-title">{node.name}</span>
            {node.local ? <span className="badge accent">this machine</span> : null}
          </div>
          <div className="faint mono node-endpoint" title="Where browsers reach the node console">
            {node.consoleTls ? 'wss' : 'ws'}://{node.host}:{node.consolePort}
          </div>
          <div className="faint node-flags num">{node.servers} {node.servers === 1 ? 'server' : 'servers'} · {node.hostNetwork ? 'host networking' : 'published ports'}</div>
          <div className="faint node-flags num" title={node.exposure}>
            games on <span className="mono">{node.bindAddress}</span> · {node.portsInUse} {node.portsInUse === 1 ? 'port' : 'ports'} in use
          </div>
          <div className="faint node-flags num" title="New servers get their ports from these ranges">
            ranges {node.portRanges.length === 0 ? 'none' : node.portRanges.map((range, i) => (
              <span key={range.start} className="mono nowrap">{formatPortRanges([range])}{i < node.portRanges.length - 1 ? ', ' : ''}</span>
            ))}
          </div>
        </td>
        <td>
          <NodeStatusBadge status={node.status} />
          <div className="faint node-sub num" title={seen ?? undefined}>{node.status === 'pending' && !seen ? 'never connected' : `seen ${formatRelative(seen, now)}`}</div>
        </td>
        <td className="node-meters">
          {hostLines(metrics).map((line) => <UsageMeter key={line.key} line={line} of={`${node.name} host`} />)}
          {metrics ? (
            <div className="usage-meter-label node-containers" title="Docker containers on the host, running / all">
              <span className="muted">Containers</span><span className="num">{metrics.containers.running} / {metrics.containers.total} up</span>
            </div>
          ) : null}
        </td>
        <td className="node-meters">
          {allocationLines(node).map((line) => <UsageMeter key={line.key} line={line} of={`${node.name} allocated`} />)}
        </td>
        <td>
          <DockerCell node={node} />
          <NetworksLine node={node} />
          <div className="faint node-sub num">{node.agentVersion ? `agent ${node.agentVersion}` : 'no agent yet'}</div>
          {metrics ? <div className="faint node-sub num" title="Time since the host booted">host up {formatDuration(metrics.uptime)}</div> : null}
        </td>
        <td className="right">
          <span className="node-actions">
            <Button size="small" variant="ghost" icon="edit" aria-label={`Edit ${node.name}`} title="Rename or change capacity" onClick={onEdit} />
            {node.local ? null : (
              <Button size="small" variant="ghost" icon="key" busy={tokenBusy} aria-label={`Issue token for ${node.name}`}
                title={node.hasToken ? 'Issue a new token (revokes the current one)' : 'Issue a token for its agent'} onClick={onIssueToken} />
            )}
            <Button size="small" variant="ghost" icon="trash" aria-label={`Remove ${node.name}`} title="Remove node" onClick={onRemove} />
          </span>
        </td>
      </tr>
      {advice ? (
        <tr className="node-advice-row">
          <td colSpan={NODE_COLUMNS}>
            <AdviceBanner advice={advice} tokenBusy={tokenBusy} onIssueToken={onIssueToken} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function DockerCell({ node }: { node: Node }) {
  if (!node.docker) return <div className="faint" title="The agent reports Docker's state when it connects">Docker —</div>;
  // Distribution builds append their own suffix (20.10.24+dfsg1); the upstream version fits the column, the tooltip has it all.
  if (node.docker.available) return <div className="ellipsis" title={`Docker ${node.docker.version ?? ''}`}>Docker {node.docker.version?.split('+')[0] ?? ''}</div>;
  return <span className="badge danger" title={node.docker.reason ?? undefined}>Docker unavailable</span>;
}

/** Which networks the node's Docker offers, as its agent reported; the mode in use first. */
function NetworksLine({ node }: { node: Node }) {
  if (!node.networkModes) return null;
  const offered = [node.networkModes.host ? 'host' : null, node.networkModes.bridge ? 'bridge' : null].filter(Boolean).join(' + ') || 'none';
  return <div className="faint node-sub" title="Network modes Docker offers on this node">networks: {offered}</div>;
}

function AdviceBanner({ advice, tokenBusy, onIssueToken }: { advice: NodeAdvice; tokenBusy: boolean; onIssueToken(): void }) {
  return (
    <div className={`banner ${advice.tone} node-advice`} role={advice.tone === 'error' ? 'alert' : 'status'}>
      <Icon name={advice.tone === 'info' ? 'key' : 'alert'} />
      <div className="grow">
        <strong>{advice.title}</strong> {advice.text}
        {advice.commands ? (
          <div className="node-advice-commands">
            {advice.commands.map((command) => <code key={command}>{command}</code>)}
          </div>
        ) : null}
      </div>
      {advice.action === 'issue-token' ? (
        <Button size="small" variant="primary" icon="key" busy={tokenBusy} onClick={onIssueToken}>Issue token</Button>
      ) : null}
    </div>
  );
}
