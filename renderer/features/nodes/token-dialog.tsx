import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { Modal } from '../../components/modal.tsx';
import { NodeStatusBadge } from '../../components/status-badge.tsx';
import { useStore } from '../../store/index.ts';
import '../account/copy-row-wrap.css';
import type { IssuedToken } from './node-actions.ts';

/**
 * The one moment a node token is readable. The command is the thing to copy; the page then
 * watches the node (from the event stream) so the admin sees the agent arrive.
 */
export function TokenDialog({ issued, nodeName, onClose }: { issued: IssuedToken; nodeName: string; onClose(): void }) {
  const status = useStore((s) => s.live.nodes[issued.nodeId]?.status);
  return (
    <Modal wide title={`Agent token for ${nodeName}`} onClose={onClose} footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
      <div className="banner warn" role="note">
        <Icon name="alert" />
        <div className="grow">
          <strong>Shown once — copy it now.</strong> StellarStack keeps only a hash of the token: once this window closes it cannot be shown again.
          If it is lost, issue a new one (that revokes this one).
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="agent-command-label">Run this on the node</span>
        <div className="copy-row wrap">
          <code aria-labelledby="agent-command-label" data-testid="agent-command" tabIndex={0}>{issued.command}</code>
          <CopyButton text={issued.command} label="Copy command" />
        </div>
        <span className="hint">From a StellarStack checkout on that machine, with Docker installed and running. The agent dials this controller and keeps its state in /var/lib/stellarstack-agent.</span>
      </div>
      <div className="field">
        <span className="field-label" id="agent-token-label">Token only</span>
        <div className="copy-row">
          <code aria-labelledby="agent-token-label" tabIndex={0}>{issued.token}</code>
          <CopyButton text={issued.token} label="Copy token" />
        </div>
      </div>
      <div className="token-wait" role="status" aria-live="polite">
        {status === 'online' ? (
          <><Icon name="check" /> The agent is connected: {nodeName} is online.</>
        ) : (
          <>{status ? <NodeStatusBadge status={status} /> : null} This page shows the node online as soon as its agent connects.</>
        )}
      </div>
    </Modal>
  );
}
