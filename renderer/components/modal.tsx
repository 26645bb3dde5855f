import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../api/client.ts';
import { Button } from './button.tsx';

interface ModalProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}

/** A dialog that traps nothing but Escape and focus-on-open: simple, and a screen reader knows what it is. */
export function Modal({ title, onClose, children, footer, wide = false }: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  // Read through a ref: a parent that re-renders (live stats tick) must not re-run the
  // focus-on-open effect and pull focus out of the field being typed in.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button.primary, button');
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCloseRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <div className="modal-header"><h2 id={titleId}>{title}</h2></div>
        <div className="modal-body">{children}</div>
        {footer ? <div className="modal-footer">{footer}</div> : null}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: ReactNode;
  body: ReactNode;
  confirmLabel: string;
  /** When set, the person types this (a server's name) before the button works. */
  typeToConfirm?: string;
  danger?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/** Asks before something that cannot be undone; a failure stays in the dialog, in the API's words. */
export function ConfirmDialog({ title, body, confirmLabel, typeToConfirm, danger = true, onConfirm, onClose }: ConfirmProps) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = typeToConfirm === undefined || typed === typeToConfirm;
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>Cancel</Button>
          <Button variant={danger ? 'danger-solid' : 'primary'} busy={busy} disabled={!ready} onClick={() => void confirm()}>{confirmLabel}</Button>
        </>
      }
    >
      <div>{body}</div>
      {typeToConfirm !== undefined ? (
        <div className="field">
          <label htmlFor="confirm-name">Type <strong>{typeToConfirm}</strong> to confirm</label>
          <input id="confirm-name" className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off"
            onKeyDown={(e) => { if (e.key === 'Enter' && ready) void confirm(); }} />
        </div>
      ) : null}
      {error ? <div className="banner error" role="alert">{error}</div> : null}
    </Modal>
  );
}
