import { join } from 'node:path';
import { DocumentAdapter } from '../../controller/store/document-adapter.ts';
import { DATA_FILE_NAME } from '../../controller/store/document-store.ts';
import type { Document } from '../../controller/store/document-schema.ts';
import { DurableJsonFile } from '../../controller/store/durable-json-file.ts';

/**
 * What the data dir holds on disk right now, read the way a restart would read it: the
 * snapshot with its journal replayed, migrated and validated. Reading only: nothing is
 * folded, removed or locked, so it works beside a running controller.
 */
export async function readStoredDocument(dataDir: string): Promise<Document> {
  const document = await new DocumentAdapter(new DurableJsonFile(join(dataDir, DATA_FILE_NAME))).read();
  if (!document) throw new Error(`no data file in ${dataDir}`);
  return document;
}
