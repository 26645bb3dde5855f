import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Role, UpdateUserBody, User } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, ErrorBanner, Loading } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { useAction, useAsync } from '../../lib/use-async.ts';
import { appStore, useStore } from '../../store/index.ts';
import { CreateUserModal } from './create-user-modal.tsx';
import { PlatformStatsCards } from './platform-stats.tsx';
import { deleteUser, loadPlatformStats, loadUsers, updateUser } from './user-actions.ts';
import { explainUserError } from './user-errors.ts';
import { UserRow } from './user-row.tsx';
import { NO_USER_FILTER, filterUsers, serversByOwner, type UserScope } from './users-filter.ts';
import './users-page.css';

type Dialog =
  | { kind: 'create' }
  | { kind: 'suspend'; user: User }
  | { kind: 'demote-self'; user: User }
  | { kind: 'delete'; user: User };

/** Admins: platform stats, then every account with its role and suspension, changed inline. */
export default function UsersPage() {
  const meId = useStore((s) => s.session.user?.id);
  const owned = useStore(useShallow((s) => serversByOwner(Object.values(s.live.servers))));
  const users = useAsync(() => loadUsers(), []);
  const stats = useAsync(() => loadPlatformStats(), []);
  const [filter, setFilter] = useState(NO_USER_FILTER);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const { busy, run } = useAction();
  // Stable, because Modal refocuses its first control whenever onClose changes.
  const close = useCallback(() => setDialog(null), []);
  const list = users.data;
  // Answers can land after another change re-rendered the page: edit the newest list, not the one a closure saw.
  const latest = useRef(list);
  latest.current = list;
  const editList = (edit: (users: User[]) => User[]) => {
    const next = edit(latest.current ?? []);
    latest.current = next;
    users.setData(next);
  };
  const shown = useMemo(() => (list ? filterUsers(list, filter) : []), [list, filter]);

  const setRowError = (id: string, message: string | null) => setRowErrors((errors) => {
    const next = { ...errors };
    if (message === null) delete next[id];
    else next[id] = message;
    return next;
  });

  function replace(user: User) {
    editList((all) => all.map((u) => (u.id === user.id ? user : u)));
    stats.reload();
  }

  /** Inline changes (role, unsuspend): a refusal shows under the row, in words. */
  function change(user: User, changes: UpdateUserBody, key: 'role' | 'suspend') {
    setRowError(user.id, null);
    void run(`${key}-${user.id}`, async () => replace(await updateUser(user.id, changes)), {
      onError: (error) => setRowError(user.id, explainUserError(error, user.name)),
    });
  }

  function onRole(user: User, role: Role) {
    if (user.id === meId && role !== 'admin') setDialog({ kind: 'demote-self', user });
    else change(user, { role }, 'role');
  }

  /** Confirmed changes: a refusal stays in the dialog, in words. */
  async function confirmed(user: User, action: () => Promise<void>) {
    try {
      await action();
    } catch (error) {
      throw new Error(explainUserError(error, user.name), { cause: error });
    }
  }

  const busyFor = (id: string): 'role' | 'suspend' | null => (busy === `role-${id}` ? 'role' : busy === `suspend-${id}` ? 'suspend' : null);
  const counts = list ? { total: list.length, shown: shown.length } : null;

  return (
    <div className="page-inner">
      <header className="page-header">
        <div className="grow">
          <h1>Users</h1>
          <p className="num">{counts ? `${counts.total} ${counts.total === 1 ? 'account' : 'accounts'}${counts.shown !== counts.total ? `, ${counts.shown} shown` : ''}` : ' '}</p>
        </div>
        <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })}>New user</Button>
      </header>

      {stats.data ? <PlatformStatsCards stats={stats.data} /> : stats.error ? <ErrorBanner error={stats.error} onRetry={stats.reload} /> : null}

      <section className="card" aria-label="Users">
        <div className="toolbar">
          <div className="search">
            <Icon name="search" />
            <input className="input" type="search" data-search placeholder="Search by name or email  ( / )" aria-label="Search users"
              value={filter.text} onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))} />
          </div>
          <select className="input" aria-label="Show" value={filter.scope} onChange={(e) => setFilter((f) => ({ ...f, scope: e.target.value as UserScope }))}>
            <option value="all">Everyone</option>
            <option value="admin">Admins</option>
            <option value="user">Users</option>
            <option value="suspended">Suspended</option>
          </select>
        </div>
        {users.error && !list ? <div className="card-pad"><ErrorBanner error={users.error} onRetry={users.reload} /></div>
          : !list ? <Loading what="Loading users" />
          : shown.length === 0 ? <EmptyState title="No user matches">Change the search or the filter.</EmptyState>
          : (
            <div className="users-scroll">
              <table className="table users-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col" title="Servers they own">Servers</th>
                    <th scope="col">Created</th>
                    <th scope="col" className="right"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((user) => (
                    <UserRow key={user.id} user={user} isSelf={user.id === meId} servers={owned[user.id] ?? 0}
                      busy={busyFor(user.id)} error={rowErrors[user.id]}
                      onRole={(role) => onRole(user, role)}
                      onSuspend={() => setDialog({ kind: 'suspend', user })}
                      onUnsuspend={() => change(user, { suspended: false }, 'suspend')}
                      onDelete={() => setDialog({ kind: 'delete', user })}
                      onDismissError={() => setRowError(user.id, null)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>

      {dialog?.kind === 'create' ? (
        <CreateUserModal onClose={close} onCreated={(user) => {
          setDialog(null);
          editList((all) => [...all, user]);
          stats.reload();
          appStore.getState().notify(`${user.name} can now sign in as ${user.email}`, 'success');
        }} />
      ) : null}
      {dialog?.kind === 'suspend' ? (
        <ConfirmDialog
          title={`Suspend ${dialog.user.name}?`}
          body={<p>{dialog.user.id === meId ? 'This is your own account: you will be signed out at once and cannot sign in again until another admin unsuspends you.' : `${dialog.user.name} is signed out at once and their API keys stop working, until you unsuspend them. Their servers keep running.`}</p>}
          confirmLabel="Suspend"
          onConfirm={() => confirmed(dialog.user, async () => replace(await updateUser(dialog.user.id, { suspended: true })))}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'demote-self' ? (
        <ConfirmDialog
          title="Give up your admin role?"
          body={<p>You will no longer manage nodes, blueprints, users or other people's servers. Only another admin can make you an admin again.</p>}
          confirmLabel="Make me a user"
          onConfirm={() => confirmed(dialog.user, async () => replace(await updateUser(dialog.user.id, { role: 'user' })))}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${dialog.user.name}?`}
          body={<DeleteBody user={dialog.user} isSelf={dialog.user.id === meId} servers={owned[dialog.user.id] ?? 0} />}
          confirmLabel="Delete user"
          onConfirm={() => confirmed(dialog.user, async () => {
            await deleteUser(dialog.user.id);
            editList((all) => all.filter((u) => u.id !== dialog.user.id));
            stats.reload();
            appStore.getState().notify(`${dialog.user.name} deleted`, 'success');
          })}
          onClose={close}
        />
      ) : null}
    </div>
  );
}

function DeleteBody({ user, isSelf, servers }: { user: User; isSelf: boolean; servers: number }) {
  return (
    <div className="grid" style={{ gap: 8 }}>
      <p>{user.email} is removed with their sessions and API keys. This cannot be undone.</p>
      {servers > 0 ? <p className="warn-text">{user.name} owns {servers} {servers === 1 ? 'server' : 'servers'}: give {servers === 1 ? 'it' : 'them'} to someone else or delete {servers === 1 ? 'it' : 'them'} first, or StellarStack refuses.</p> : null}
      {isSelf ? <p className="warn-text">This is your own account: you will be signed out.</p> : null}
    </div>
  );
}
