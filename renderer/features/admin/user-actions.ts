import type { CreateUserBody, PlatformStats, UpdateUserBody, User } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { appStore } from '../../store/index.ts';

/** Users are not on the event stream: the page holds the list and these return what the API answered. */
export function loadUsers(): Promise<User[]> {
  return api.all<User>('/admin/users');
}

export function loadPlatformStats(): Promise<PlatformStats> {
  return api.get<PlatformStats>('/admin/stats');
}

export function createUser(body: CreateUserBody): Promise<User> {
  return api.post<User>('/admin/users', body);
}

/** A change to one's own account also goes to the session, so the rail shows the new name or role at once. */
export async function updateUser(id: string, changes: UpdateUserBody): Promise<User> {
  const user = await api.patch<User>(`/admin/users/${id}`, changes);
  const state = appStore.getState();
  if (state.session.user?.id === id) state.setUser(user);
  return user;
}

export function deleteUser(id: string): Promise<void> {
  return api.delete(`/admin/users/${id}`);
}
