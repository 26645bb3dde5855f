import { AppError, type Role, type User } from '../../contracts/index.ts';
import { newId } from '../security/ids.ts';
import { definedOnly } from './defined-only.ts';
import { replaceRecord } from './replace-record.ts';
import type { DocumentStore } from './document-store.ts';
import type { Document, StoredUser } from './document-schema.ts';

export function toPublicUser(user: StoredUser): User {
  const { passwordHash: _hidden, ...visible } = user;
  return visible;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface UserChanges {
  email?: string;
  name?: string;
  role?: Role;
  suspended?: boolean;
  passwordHash?: string;
}

export class UsersRepository {
  readonly #store: DocumentStore;

  constructor(store: DocumentStore) {
    this.#store = store;
  }

  count(): number {
    return this.#store.data.users.length;
  }

  all(): readonly StoredUser[] {
    return this.#store.data.users;
  }

  findById(id: string): StoredUser | undefined {
    return this.#store.findById('users', id);
  }

  findByEmail(email: string): StoredUser | undefined {
    return this.#store.data.users.find((u) => u.email === email);
  }

  /** Creates a user; `roleFor` decides the role inside the write, so "first account is admin" cannot race. */
  create(input: Omit<NewUser, 'role'> & { role: Role | ((doc: Document) => Role) }): Promise<StoredUser> {
    return this.#store.mutate((doc) => {
      assertEmailFree(doc, input.email);
      const now = new Date().toISOString();
      const role = typeof input.role === 'function' ? input.role(doc) : input.role;
      const user: StoredUser = {
        id: newId('usr'),
        email: input.email,
        name: input.name,
        role,
        suspended: false,
        passwordHash: input.passwordHash,
        createdAt: now,
        updatedAt: now,
      };
      doc.users.push(user);
      return user;
    });
  }

  /**
   * Applies changes; suspending a user or changing their password ends their sessions in the
   * same write, and a password change also revokes every API key (a key made by whoever knew
   * the old password must not outlive it).
   */
  update(id: string, changes: UserChanges, options: { keepSessionId?: string } = {}): Promise<StoredUser> {
    return this.#store.mutate((doc) => {
      const user = doc.users.find((u) => u.id === id);
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      if (changes.email !== undefined && changes.email !== user.email) assertEmailFree(doc, changes.email);
      const losesAdmin = user.role === 'admin' && ((changes.role !== undefined && changes.role !== 'admin') || changes.suspended === true);
      if (losesAdmin) assertAnotherActiveAdmin(doc, id);
      const updated = replaceRecord(doc.users, id, (current) => ({ ...current, ...definedOnly(changes), updatedAt: new Date().toISOString() }))!;
      if (changes.suspended === true || changes.passwordHash !== undefined) {
        doc.sessions = doc.sessions.filter((s) => s.userId !== id || s.id === options.keepSessionId);
      }
      if (changes.passwordHash !== undefined) doc.apiKeys = doc.apiKeys.filter((k) => k.userId !== id);
      return updated;
    });
  }

  delete(id: string): Promise<void> {
    return this.#store.mutate((doc) => {
      const user = doc.users.find((u) => u.id === id);
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      if (user.role === 'admin') assertAnotherActiveAdmin(doc, id);
      const owned = doc.servers.filter((s) => s.ownerId === id).length;
      if (owned > 0) {
        throw new AppError('USER_OWNS_SERVERS', `The user still owns ${owned} server(s); delete or reassign them first`, { servers: owned });
      }
      doc.users = doc.users.filter((u) => u.id !== id);
      doc.sessions = doc.sessions.filter((s) => s.userId !== id);
      doc.apiKeys = doc.apiKeys.filter((k) => k.userId !== id);
    });
  }
}

function assertEmailFree(doc: Document, email: string): void {
  if (doc.users.some((u) => u.email === email)) {
    throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', { email: 'is already in use' });
  }
}

/** The team must always keep one admin who can sign in. */
function assertAnotherActiveAdmin(doc: Document, leavingId: string): void {
  const others = doc.users.filter((u) => u.id !== leavingId && u.role === 'admin' && !u.suspended);
  if (others.length === 0) throw new AppError('LAST_ADMIN', 'This is the last active admin; promote another admin first');
}

