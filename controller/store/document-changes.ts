/**
 * What one commit changed in the document, as the journal records it. Collections are arrays
 * of records with an `id`; a change to one is an upsert (`put`: an existing id keeps its place,
 * a new id goes last) or a `delete` by id, which is exactly how an ordered Map behaves, so a
 * replay through Maps rebuilds the same arrays. Anything else (settings, the signing key, a
 * collection whose order changed in a way puts and deletes cannot say) is a `set` of the
 * whole field.
 */
export type DocumentChange =
  | { set: string; value: unknown }
  | { put: string; record: { id: string } }
  | { delete: string; id: string };

interface IdentifiedRecord {
  readonly id: string;
}

type LooseDocument = Readonly<Record<string, unknown>>;

/**
 * The changes that turn `before` into `after`. Records are compared by reference: committed
 * records are frozen and a write replaces a record instead of editing it, so an untouched
 * record is the very same object on both sides and the diff costs the change, not the document
 * (an append walks a shared prefix of pointers, nothing is serialised).
 */
export function diffDocuments(before: LooseDocument, after: LooseDocument): DocumentChange[] {
  const changes: DocumentChange[] = [];
  for (const key of Object.keys(after)) {
    const was = before[key];
    const now = after[key];
    if (was === now) continue;
    if (Array.isArray(was) && Array.isArray(now)) {
      diffCollection(key, was as IdentifiedRecord[], now as IdentifiedRecord[], changes);
    } else if (JSON.stringify(was) !== JSON.stringify(now)) {
      // Small fields (settings, the signing key): comparing their text is cheaper than tracking edits.
      changes.push({ set: key, value: now });
    }
  }
  return changes;
}

function diffCollection(key: string, before: readonly IdentifiedRecord[], after: readonly IdentifiedRecord[], out: DocumentChange[]): void {
  const diff = diffRecords(before, after);
  if (!diff) {
    out.push({ set: key, value: after });
    return;
  }
  for (const id of diff.deletes) out.push({ delete: key, id });
  for (const record of diff.puts) out.push({ put: key, record });
}

/**
 * How one list of records became another, by reference: the records added or replaced (in
 * their new order) and the ids removed; null when the new order is not "the old one, minus the
 * removed, replaced ones in place, new ones last", which puts and deletes cannot express.
 */
export function diffRecords<R extends IdentifiedRecord>(before: readonly R[], after: readonly R[]): { puts: R[]; deletes: string[] } | null {
  const shared = Math.min(before.length, after.length);
  let start = 0;
  while (start < shared && before[start] === after[start]) start += 1;
  if (start === before.length) {
    // The common case, a create: everything kept in place, new records at the end.
    return { puts: after.slice(start), deletes: [] };
  }
  const remaining = new Map<string, number>();
  for (let i = start; i < before.length; i += 1) remaining.set(before[i]!.id, i);
  const puts: R[] = [];
  let lastKept = start - 1;
  let sawNew = false;
  for (let i = start; i < after.length; i += 1) {
    const record = after[i]!;
    const was = remaining.get(record.id);
    if (was === undefined) {
      sawNew = true;
      puts.push(record);
      continue;
    }
    // A kept record after a new one, or out of its old order.
    if (sawNew || was <= lastKept) return null;
    lastKept = was;
    remaining.delete(record.id);
    if (before[was] !== record) puts.push(record);
  }
  return { puts, deletes: [...remaining.keys()] };
}

/**
 * Applies journalled changes to a raw (not yet validated) document, in order. Returns a
 * description of what is wrong instead of throwing, so the caller can name the file.
 */
export function applyChanges(doc: Record<string, unknown>, batches: Iterable<readonly unknown[]>): string | null {
  const collections = new Map<string, Map<string, unknown>>();
  const collection = (key: string): Map<string, unknown> | null => {
    let records = collections.get(key);
    if (records) return records;
    const value = doc[key];
    if (!Array.isArray(value)) return null;
    records = new Map(value.map((record: { id?: unknown }) => [String(record?.id), record]));
    collections.set(key, records);
    return records;
  };
  for (const batch of batches) {
    for (const change of batch) {
      const problem = applyOne(doc, change, collection, collections);
      if (problem) return problem;
    }
  }
  for (const [key, records] of collections) doc[key] = [...records.values()];
  return null;
}

function applyOne(
  doc: Record<string, unknown>,
  change: unknown,
  collection: (key: string) => Map<string, unknown> | null,
  collections: Map<string, Map<string, unknown>>,
): string | null {
  if (typeof change !== 'object' || change === null) return 'holds a change that is not an object';
  const c = change as Record<string, unknown>;
  if (typeof c.set === 'string') {
    doc[c.set] = c.value;
    // A whole collection replaced: its Map is rebuilt from the new array when next needed.
    collections.delete(c.set);
    return null;
  }
  const key = typeof c.put === 'string' ? c.put : typeof c.delete === 'string' ? c.delete : null;
  if (key === null) return 'holds a change of an unknown kind';
  const records = collection(key);
  if (!records) return `changes ${key}, which is not a list`;
  if (typeof c.put === 'string') {
    const record = c.record as { id?: unknown } | null;
    if (typeof record !== 'object' || record === null || typeof record.id !== 'string') return `puts a ${key} record without an id`;
    records.set(record.id, record);
  } else {
    if (typeof c.id !== 'string') return `deletes a ${key} record without an id`;
    records.delete(c.id);
  }
  return null;
}
