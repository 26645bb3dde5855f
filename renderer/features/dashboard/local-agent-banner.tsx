import type { LocalAgentStatus } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { desktopBridge } from '../../lib/desktop-bridge.ts';
import { useAsync } from '../../lib/use-async.ts';

/**
 * Admins: why the controller's own computer runs no game servers, when it does not — Docker
 * missing or stopped, or the agent failing — with what to do. Read from the controller, so a
 * browser on the LAN sees it as the desktop window does.
 */
export function LocalAgentBanner({ hasNodes }: { hasNodes: boolean }) {
  const status = useAsync(() => api.get<LocalAgentStatus>('/admin/local-agent'), []);
  const data = status.data;
  if (!data || data.running || data.problem === null) return null;
  if (data.problem === 'disabled') {
    if (hasNodes) return null;
    return (
      <div className="banner info" role="status">
        <Icon name="nodes" />
        <div className="grow">Running game servers on the controller's computer is turned off ({data.reason}).</div>
      </div>
    );
  }
  const bridge = desktopBridge();
  return (
    <div className={`banner ${data.problem === 'failed' ? 'error' : 'warn'}`} role="status" data-testid="local-agent-banner">
      <Icon name="alert" />
      <div className="grow">
        {data.problem === 'docker_unavailable' ? (
          <>
            <strong>This computer cannot run game servers: Docker is not answering.</strong> {data.reason}
            <div className="muted">
              Install Docker (Debian/Ubuntu: <code>sudo apt-get install docker.io</code>), start it (<code>sudo systemctl start docker</code>),
              and if it says permission denied, add your user to the <code>docker</code> group and log in again. Then restart StellarStack.
            </div>
          </>
        ) : (
          <><strong>The agent for this computer could not start.</strong> {data.reason}</>
        )}
      </div>
      {bridge ? <Button size="small" onClick={() => void bridge.restart()}>Restart StellarStack</Button> : null}
    </div>
  );
}
