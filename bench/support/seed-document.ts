import type { Document } from '../../controller/store/document-schema.ts';

/**
 * Fills a document the size of a small real install (a few dozen accounts with their
 * sessions), so each write moves tens of kilobytes rather than an almost empty file.
 */
export function seedDocument(doc: Document, users: number, sessionsPerUser: number): void {
  const now = new Date().toISOString();
  for (let u = 0; u < users; u += 1) {
    const userId = `user_${u.toString().padStart(6, '0')}`;
    doc.users.push({
      id: userId,
      email: `player${u}@example.com`,
      name: `Player ${u}`,
      role: u === 0 ? 'admin' : 'user',
      suspended: false,
      // Shaped like an argon2id hash so the line is as long as a real one.
      passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${'s'.repeat(22)}$${'h'.repeat(43)}`,
      createdAt: now,
      updatedAt: now,
    });
    for (let s = 0; s < sessionsPerUser; s += 1) {
      doc.sessions.push({ id: `sess_${u}_${s}`, userId, tokenHash: 'f'.repeat(64), createdAt: now, expiresAt: now });
    }
  }
}

/** The change every benchmarked write makes: a profile edit, so the document keeps its size. */
export function renameUser(doc: Document, index: number): void {
  const at = index % doc.users.length;
  const user = doc.users[at];
  if (!user) throw new Error('the seeded document has no users');
  // Replaced, not edited: the store's committed records are frozen (controller/store/frozen-records.ts).
  doc.users[at] = { ...user, name: `Player ${index}`, updatedAt: new Date().toISOString() };
}

/** The data file's own formatting, so the baselines write exactly as many bytes. */
export function serialiseLikeTheStore(doc: Document): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
