import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document } from '../controller/store/document-schema.ts';
import { DATA_FILE_NAME, DocumentStore } from '../controller/store/document-store.ts';
import { alternateRounds, type RoundLimits } from './support/alternate-rounds.ts';
import { toBenchResult, type BenchResult } from './support/bench-result.ts';
import { writeDurably, writeWithoutSync } from './support/naive-json-writers.ts';
import { renameUser, seedDocument, serialiseLikeTheStore } from './support/seed-document.ts';
import { withTempDir } from './support/temp-dir.ts';

export interface StoreWritesBenchOptions extends RoundLimits {
  /** Mutations per round: all at once for the store, one after another for the baselines. */
  writesPerRound: number;
  seedUsers: number;
  seedSessionsPerUser: number;
}

export const STORE_WRITES_DEFAULTS: StoreWritesBenchOptions = {
  writesPerRound: 200,
  seedUsers: 40,
  seedSessionsPerUser: 3,
  rounds: 7,
  warmupRounds: 1,
  timeCapMs: 14_000,
};

/**
 * DocumentStore.mutate under a burst of concurrent changes (what parallel requests cause),
 * against a store that writes each change durably on its own, and against one that writes
 * each change without any fsync. The first ratio is what coalescing buys; the second says
 * whether, with coalescing, durability costs anything next to giving it up altogether.
 */
export async function benchStoreWrites(options: Partial<StoreWritesBenchOptions> = {}): Promise<BenchResult[]> {
  const settings = { ...STORE_WRITES_DEFAULTS, ...options };
  return withTempDir('store', async (dir) => {
    const store = await DocumentStore.open(join(dir, 'store'));
    try {
      await store.mutate((doc) => seedDocument(doc, settings.seedUsers, settings.seedSessionsPerUser));
      const sizeKb = Buffer.byteLength(serialiseLikeTheStore(store.data as Document)) / 1024;
      const naiveFile = await dataFileIn(join(dir, 'durable-each'));
      const unsyncedFile = await dataFileIn(join(dir, 'no-fsync'));
      // The baselines change their own copy in place: no per-change clone, no validation.
      const naiveDoc = structuredClone(store.data) as Document;
      const writes = settings.writesPerRound;

      const oneAfterAnother = (write: (path: string, text: string) => Promise<void>, path: string) => async () => {
        for (let i = 0; i < writes; i += 1) {
          renameUser(naiveDoc, i);
          await write(path, serialiseLikeTheStore(naiveDoc));
        }
        return writes;
      };

      const [vsDurable, vsUnsynced] = await alternateRounds(
        {
          label: 'store',
          round: async () => {
            await Promise.all(Array.from({ length: writes }, (_, i) => store.mutate((doc) => renameUser(doc, i))));
            return writes;
          },
        },
        [
          { label: `vs ${writes} sequential temp+fsync+rename+dir-fsync writes`, round: oneAfterAnother(writeDurably, naiveFile) },
          { label: `vs ${writes} sequential writeFile, no fsync`, round: oneAfterAnother(writeWithoutSync, unsyncedFile) },
        ],
        settings,
      );
      if (!vsDurable || !vsUnsynced) throw new Error('no comparison was measured');
      const doc = `${sizeKb.toFixed(0)} KB document`;
      return [
        toBenchResult('store-writes', vsDurable, (ratio) => `coalescing makes a burst ${ratio.toFixed(1)}x faster (${doc})`),
        toBenchResult('store-writes/no-fsync', vsUnsynced, (ratio) =>
          ratio >= 1 ? `one durable write per batch beats an unsynced write per change ${ratio.toFixed(1)}x` : `durability still costs ${(1 / ratio).toFixed(1)}x after coalescing`),
      ];
    } finally {
      await store.close();
    }
  });
}

async function dataFileIn(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return join(dir, DATA_FILE_NAME);
}
