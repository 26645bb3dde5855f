import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Node } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, ErrorBanner, Loading } from '../../components/feedback.tsx';
import { ConfirmDialog, Modal } from '../../components/modal.tsx';
import { useAction, useAsync } from '../../lib/use-async.ts';
import { appStore, useStore } from '../../store/index.ts';
import { issueToken, loadMissingStats, loadNodesOnce, removeNode, type IssuedToken } from './node-actions.ts';
import { explainNodeError } from './node-errors.ts';
import { NodeFormModal } from './node-form-modal.tsx';
import { NODE_COLUMNS, NodeRow } from './node-row.tsx';
import { TokenDialog } from './token-dialog.tsx';
import { useNow } from './use-now.ts';
import './nodes-page.css';

type Dialog =
  | { kind: 'register' }
  | { kind: 'registered'; id: string }
  | { kind: 'edit'; id: string }
  | { kind: 'reissue'; id: string }
  | { kind: 'token'; issued: IssuedToken; name: string }
  | { kind: 'remove'; id: string };

/** This machine first, then by name: the order people look for them in. */
function byPlace(a: Node, b: Node): number {
  return Number(b.local) - Number(a.local) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** Admins: every node, live from the event stream; register, edit capacity, issue agent tokens, remove. */
export default function NodesPage() {
  const loaded = useStore((s) => s.live.loaded);
  const nodes = useStore(useShallow((s) => Object.values(s.live.nodes).sort(byPlace)));
  const stats = useStore((s) => s.live.nodeStats);
  const now = useNow();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Stable: Modal refocuses its first control whenever onClose changes, and this page re-renders with every stats sample.
  const close = useCallback(() => setDialog(null), []);
  // A confirm closes itself after success; by then the token dialog may have replaced it.
  const closeConfirm = useCallback(() => setDialog((d) => (d?.kind === 'reissue' || d?.kind === 'remove' ? null : d)), []);
  const { busy, run } = useAction();
  // The stream normally brings the list; if its first snapshot has not come, ask once.
  const fallback = useAsync(async () => (appStore.getState().live.loaded ? undefined : loadNodesOnce()), []);
  const nodeCount = nodes.length;
  useEffect(() => {
    // Failing here only leaves the meters empty until the next heartbeat: nothing to tell.
    if (nodeCount > 0) loadMissingStats().catch(() => undefined);
  }, [nodeCount]);
  const online = nodes.filter((n) => n.status === 'online').length;

  const dialogNode = dialog && 'id' in dialog ? nodes.find((n) => n.id === dialog.id) : undefined;
  // A node removed meanwhile (elsewhere, or by this page) closes its dialog.
  useEffect(() => {
    if (dialog && 'id' in dialog && !dialogNode) setDialog(null);
  }, [dialog, dialogNode]);

  function startTokenFlow(node: Node) {
    if (node.hasToken) {
      setDialog({ kind: 'reissue', id: node.id });
      return;
    }
    void run(`token-${node.id}`, async () => {
      const issued = await issueToken(node);
      setDialog({ kind: 'token', issued, name: node.name });
    });
  }

  const waiting = !loaded && nodes.length === 0;
  return (
    <div className="page-inner">
      <header className="page-header">
        <div className="grow">
          <h1>Nodes</h1>
          <p className="num">{waiting ? ' ' : `${nodes.length} ${nodes.length === 1 ? 'node' : 'nodes'} · ${online} online`}</p>
        </div>
        <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'register' })}>Register node</Button>
      </header>

      {fallback.error && !loaded ? <ErrorBanner error={fallback.error} onRetry={fallback.reload} /> : null}

      <section className="card nodes-card" aria-label="Nodes">
        {waiting ? <Loading what="Loading nodes" /> : nodes.length === 0 ? (
          <EmptyState title="No nodes yet" action={<Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'register' })}>Register a node</Button>}>
            A node is a machine that runs game servers in Docker. To use this machine, install Docker
            (<code>sudo apt-get install docker.io</code>), start it (<code>sudo systemctl enable --now docker</code>) and restart StellarStack:
            it adds this machine as a node by itself. For another machine, register it here.
          </EmptyState>
        ) : (
          <div className="nodes-scroll">
            <table className="table nodes-table">
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Status</th>
                  <th scope="col">Host load</th>
                  <th scope="col">Allocated to servers</th>
                  <th scope="col">Agent</th>
                  <th scope="col" className="right"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((node) => (
                  <NodeRow key={node.id} node={node} stats={stats[node.id]} now={now} tokenBusy={busy === `token-${node.id}`}
                    onEdit={() => setDialog({ kind: 'edit', id: node.id })}
                    onIssueToken={() => startTokenFlow(node)}
                    onRemove={() => setDialog({ kind: 'remove', id: node.id })} />
                ))}
              </tbody>
              <tfoot className="sr-only"><tr><td colSpan={NODE_COLUMNS}>Host load is what the machine uses now; allocated is what its servers were promised.</td></tr></tfoot>
            </table>
          </div>
        )}
      </section>

      {dialog?.kind === 'register' ? (
        <NodeFormModal onClose={close} onSaved={(node) => setDialog({ kind: 'registered', id: node.id })} />
      ) : null}
      {dialog?.kind === 'edit' && dialogNode ? (
        <NodeFormModal node={dialogNode} onClose={close} onSaved={(node) => {
          setDialog(null);
          appStore.getState().notify(`${node.name} saved`, 'success');
        }} />
      ) : null}
      {dialog?.kind === 'registered' && dialogNode ? (
        <RegisteredDialog node={dialogNode} busy={busy === `token-${dialogNode.id}`} onIssue={() => startTokenFlow(dialogNode)} onClose={close} />
      ) : null}
      {dialog?.kind === 'reissue' && dialogNode ? (
        <ConfirmDialog
          title={`Issue a new token for ${dialogNode.name}?`}
          body={<p>{dialogNode.name} already has a token. A new one revokes it at once: an agent using the old token is disconnected and must be restarted with the new command.</p>}
          confirmLabel="Issue new token"
          onConfirm={async () => {
            const issued = await issueToken(dialogNode);
            setDialog({ kind: 'token', issued, name: dialogNode.name });
          }}
          onClose={closeConfirm}
        />
      ) : null}
      {dialog?.kind === 'token' ? <TokenDialog issued={dialog.issued} nodeName={dialog.name} onClose={close} /> : null}
      {dialog?.kind === 'remove' && dialogNode ? (
        <ConfirmDialog
          title={`Remove ${dialogNode.name}?`}
          body={<RemoveBody node={dialogNode} />}
          confirmLabel="Remove node"
          onConfirm={async () => {
            try {
              await removeNode(dialogNode.id);
            } catch (error) {
              throw new Error(explainNodeError(error), { cause: error });
            }
            appStore.getState().notify(`${dialogNode.name} removed`, 'success');
          }}
          onClose={closeConfirm}
        />
      ) : null}
    </div>
  );
}

function RemoveBody({ node }: { node: Node }) {
  return (
    <div className="grid" style={{ gap: 8 }}>
      <p>Its token is revoked and its agent disconnected. The machine itself and anything on it are left alone.</p>
      {node.servers > 0 ? (
        <p className="warn-text">It still has {node.servers} {node.servers === 1 ? 'server' : 'servers'}: StellarStack refuses to remove a node with servers, so move or delete {node.servers === 1 ? 'it' : 'them'} first.</p>
      ) : null}
      {node.local ? <p className="muted">This is the node of this machine: StellarStack adds it again the next time it starts.</p> : null}
    </div>
  );
}

/** Right after registering: the one next step, offered at once. */
function RegisteredDialog({ node, busy, onIssue, onClose }: { node: Node; busy: boolean; onIssue(): void; onClose(): void }) {
  return (
    <Modal title={`${node.name} is registered`} onClose={onClose}
      footer={<><Button variant="ghost" onClick={onClose}>Later</Button><Button variant="primary" icon="key" busy={busy} onClick={onIssue}>Issue token</Button></>}>
      <p>Next, issue a token: you get the command that starts the agent on that machine. The node shows as online here as soon as the agent connects.</p>
      <p className="muted">You can do this later from the node's row.</p>
    </Modal>
  );
}
