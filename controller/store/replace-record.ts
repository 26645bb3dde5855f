/**
 * Replaces the record with `id` in a draft's list by `edit(current)` and returns the new one,
 * or undefined when there is none. Committed records are frozen (frozen-records.ts), so a
 * write swaps in an edited copy instead of assigning to the record it found.
 */
export function replaceRecord<R extends { id: string }>(records: R[], id: string, edit: (current: R) => R): R | undefined {
  const index = records.findIndex((record) => record.id === id);
  if (index === -1) return undefined;
  const next = edit(records[index]!);
  records[index] = next;
  return next;
}
