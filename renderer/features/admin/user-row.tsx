import type { Role, User } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { formatRelative, initials } from '../../lib/format.ts';

export const USER_COLUMNS = 7;

interface UserRowProps {
  user: User;
  isSelf: boolean;
  servers: number;
  busy: 'role' | 'suspend' | null;
  error: string | undefined;
  onRole(role: Role): void;
  onSuspend(): void;
  onUnsuspend(): void;
  onDelete(): void;
  onDismissError(): void;
}

/** One account: who, what they may do, whether they can sign in; changes inline, refusals under the row. */
export function UserRow({ user, isSelf, servers, busy, error, onRole, onSuspend, onUnsuspend, onDelete, onDismissError }: UserRowProps) {
  const created = new Date(user.createdAt);
  return (
    <>
      <tr data-user-id={user.id} className={error ? 'has-error' : undefined}>
        <td>
          <div className="user-name">
            <span className="avatar" aria-hidden="true">{initials(user.name)}</span>
            <span className="ellipsis">{user.name}</span>
            {isSelf ? <span className="badge accent">you</span> : null}
          </div>
        </td>
        <td className="ellipsis" title={user.email}>{user.email}</td>
        <td>
          <select className="input user-role" aria-label={`Role of ${user.name}`} value={user.role} disabled={busy === 'role'}
            onChange={(e) => onRole(e.target.value as Role)}>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </td>
        <td>
          {user.suspended ? <span className="badge danger">Suspended</span> : <span className="badge ok">Active</span>}
        </td>
        <td className="num">{servers}</td>
        <td className="num" title={created.toLocaleString()}>{formatRelative(user.createdAt)}</td>
        <td className="right">
          <span className="user-actions">
            {user.suspended ? (
              <Button size="small" busy={busy === 'suspend'} onClick={onUnsuspend} aria-label={`Unsuspend ${user.name}`}>Unsuspend</Button>
            ) : (
              <Button size="small" variant="ghost" busy={busy === 'suspend'} onClick={onSuspend} aria-label={`Suspend ${user.name}`}>Suspend</Button>
            )}
            <Button size="small" variant="ghost" icon="trash" aria-label={`Delete ${user.name}`} title="Delete user" onClick={onDelete} />
          </span>
        </td>
      </tr>
      {error ? (
        <tr className="user-error-row">
          <td colSpan={USER_COLUMNS}>
            <div className="banner error" role="alert">
              <Icon name="alert" />
              <div className="grow">{error}</div>
              <Button size="small" variant="ghost" icon="x" aria-label="Dismiss" onClick={onDismissError} />
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
