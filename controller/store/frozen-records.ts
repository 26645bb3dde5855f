import type { DocumentChange } from './document-changes.ts';
import type { Document } from './document-schema.ts';

/**
 * Committed records are frozen, so a change can never reach the committed document (or the
 * disk's view of it) except through a write: a mutation replaces a record with an edited copy
 * (see replace-record.ts), and one that edits a committed record in place throws at once
 * instead of changing memory ahead of the disk. That is what lets a draft share its records
 * with the committed document and the journal find a write's changes by reference.
 */
export function freezeDocument(doc: Document): Document {
  for (const value of Object.values(doc)) deepFreeze(value);
  return doc;
}

/** Freezes what a commit added or replaced; `null` (the document written whole) freezes everything. */
export function freezeChanged(doc: Document, changes: readonly DocumentChange[] | null): void {
  if (changes === null) {
    freezeDocument(doc);
    return;
  }
  for (const change of changes) {
    if ('put' in change) deepFreeze(change.record);
    else if ('set' in change) deepFreeze(change.value);
  }
}

/**
 * A draft for one mutation: its lists are fresh arrays holding the committed records, and its
 * small fields (settings, the signing key) shallow copies, so pushing, filtering or setting a
 * field never touches the committed document.
 */
export function draftOf(doc: Document): Document {
  const draft: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    draft[key] = Array.isArray(value) ? value.slice() : typeof value === 'object' && value !== null ? { ...value } : value;
  }
  return draft as Document;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  // The lists themselves stay open: drafts copy them anyway, and freezing a long array costs a walk.
  if (!Array.isArray(value)) Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
