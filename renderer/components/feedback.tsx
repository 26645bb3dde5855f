import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { messageOf } from '../api/client.ts';
import { useStore } from '../store/index.ts';
import { Button } from './button.tsx';
import { Icon } from './icon.tsx';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="empty" aria-live="polite">
      <Spinner label={what} />
      <span>{what}…</span>
    </div>
  );
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="banner error" role="alert">
      <Icon name="alert" />
      <div className="grow">{messageOf(error)}</div>
      {onRetry ? <Button size="small" onClick={onRetry}>Try again</Button> : null}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
          <div className="grow">{toast.message}</div>
          <Button size="small" variant="ghost" icon="x" aria-label="Dismiss" onClick={() => dismiss(toast.id)} />
        </div>
      ))}
    </div>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const notify = useStore((s) => s.notify);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      notify('The browser did not allow copying; select the text and copy it by hand.', 'error');
    }
  }
  return (
    <Button size="small" icon={copied ? 'check' : 'copy'} onClick={() => void copy()} aria-label={label}>
      {copied ? 'Copied' : label}
    </Button>
  );
}

interface BoundaryState {
  error: Error | null;
}

/** One per page: a page that throws while rendering shows what happened, the rest of the app keeps working. */
export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('page failed to render', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page-inner">
        <div className="banner error" role="alert">
          <Icon name="alert" />
          <div className="grow">
            <strong>This page failed to show.</strong> {this.state.error.message}
          </div>
          <Button size="small" onClick={() => this.setState({ error: null })}>Try again</Button>
        </div>
      </div>
    );
  }
}
