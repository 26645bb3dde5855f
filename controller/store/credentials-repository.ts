import { AppError } from '../../contracts/index.ts';
import { newId } from '../security/ids.ts';
import { hashSecret } from '../security/secrets.ts';
import { replaceRecord } from './replace-record.ts';
import type { DocumentStore } from './document-store.ts';
import type { ApiKeyScope } from '../../contracts/index.ts';
import type { StoredApiKey, StoredSession } from './document-schema.ts';

/** How often a key's lastUsedAt is written back: once a minute is plenty and keeps reads off the disk path. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * Sessions and API keys: looked up by the hash of the presented secret through an index
 * that is rebuilt whenever the document changes.
 */
export class CredentialsRepository {
  #indexRevision = -1;
  #sessionsByHash = new Map<string, StoredSession>();
  #keysByHash = new Map<string, StoredApiKey>();

  readonly #store: DocumentStore;

  constructor(store: DocumentStore) {
    this.#store = store;
  }

  #refreshIndex(): void {
    if (this.#indexRevision === this.#store.revision) return;
    this.#sessionsByHash = new Map(this.#store.data.sessions.map((s) => [s.tokenHash, s]));
    this.#keysByHash = new Map(this.#store.data.apiKeys.map((k) => [k.secretHash, k]));
    this.#indexRevision = this.#store.revision;
  }

  findSessionBySecret(secret: string): StoredSession | undefined {
    this.#refreshIndex();
    const session = this.#sessionsByHash.get(hashSecret(secret));
    if (!session || Date.parse(session.expiresAt) <= Date.now()) return undefined;
    return session;
  }

  findApiKeyBySecret(secret: string): StoredApiKey | undefined {
    this.#refreshIndex();
    const key = this.#keysByHash.get(hashSecret(secret));
    if (!key || (key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now())) return undefined;
    return key;
  }

  /** A session by id, expired or not: for re-checking a credential already accepted once. */
  findSessionById(id: string): StoredSession | undefined {
    return this.#store.findById('sessions', id);
  }

  findApiKeyById(id: string): StoredApiKey | undefined {
    return this.#store.findById('apiKeys', id);
  }

  createSession(userId: string, secret: string, lifetimeMs: number): Promise<StoredSession> {
    return this.#store.mutate((doc) => {
      const now = Date.now();
      // Expired sessions are dropped on the next sign-in rather than by a timer.
      doc.sessions = doc.sessions.filter((s) => Date.parse(s.expiresAt) > now);
      const session: StoredSession = {
        id: newId('ses'),
        userId,
        tokenHash: hashSecret(secret),
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + lifetimeMs).toISOString(),
      };
      doc.sessions.push(session);
      return session;
    });
  }

  deleteSession(id: string): Promise<void> {
    return this.#store.mutate((doc) => {
      doc.sessions = doc.sessions.filter((s) => s.id !== id);
    });
  }

  listApiKeys(userId: string): StoredApiKey[] {
    return this.#store.data.apiKeys.filter((k) => k.userId === userId);
  }

  createApiKey(input: { userId: string; name: string; secret: string; expiresAt: string | null; scope: ApiKeyScope }): Promise<StoredApiKey> {
    return this.#store.mutate((doc) => {
      const key: StoredApiKey = {
        id: newId('key'),
        userId: input.userId,
        name: input.name,
        scope: input.scope,
        prefix: input.secret.slice(0, 13),
        secretHash: hashSecret(input.secret),
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        expiresAt: input.expiresAt,
      };
      doc.apiKeys.push(key);
      return key;
    });
  }

  deleteApiKey(userId: string, id: string): Promise<void> {
    return this.#store.mutate((doc) => {
      const before = doc.apiKeys.length;
      doc.apiKeys = doc.apiKeys.filter((k) => !(k.id === id && k.userId === userId));
      if (doc.apiKeys.length === before) throw new AppError('NOT_FOUND', 'API key not found');
    });
  }

  /** Records use of a key, at most once a minute per key; failures are not the caller's problem. */
  touchApiKey(key: StoredApiKey): void {
    const last = key.lastUsedAt ? Date.parse(key.lastUsedAt) : 0;
    if (Date.now() - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.#store
      .mutate((doc) => {
        replaceRecord(doc.apiKeys, key.id, (stored) => ({ ...stored, lastUsedAt: new Date().toISOString() }));
      })
      .catch(() => {});
  }
}
