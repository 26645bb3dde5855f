import type { User } from '../../../contracts/index.ts';

export type UserScope = 'all' | 'admin' | 'user' | 'suspended';

export interface UserFilter {
  text: string;
  scope: UserScope;
}

export const NO_USER_FILTER: UserFilter = { text: '', scope: 'all' };

/**
 * The users a filter keeps, by name then email. Every typed word must appear in the name or
 * the email, so "ada example" finds ada@example.com and "Ada Admin" alike.
 */
export function filterUsers(users: readonly User[], filter: UserFilter): User[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return users
    .filter((user) => {
      if (filter.scope === 'admin' && user.role !== 'admin') return false;
      if (filter.scope === 'user' && user.role !== 'user') return false;
      if (filter.scope === 'suspended' && !user.suspended) return false;
      const haystack = `${user.name} ${user.email}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.email.localeCompare(b.email));
}

/** Servers each user owns, from the live server list, so a delete that would be refused can say so first. */
export function serversByOwner(servers: readonly { ownerId: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const server of servers) counts[server.ownerId] = (counts[server.ownerId] ?? 0) + 1;
  return counts;
}
