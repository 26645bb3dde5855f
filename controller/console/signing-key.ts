import { generateKeyPairSync } from 'node:crypto';
import type { DocumentStore } from '../store/document-store.ts';

export interface SigningKey {
  publicKey: string;
  privateKey: string;
}

/**
 * The Ed25519 key that signs console tokens, made on first start and kept in the data file.
 * Agents receive only the public half, so a compromised node can verify tokens but never mint them.
 */
export async function ensureSigningKey(store: DocumentStore): Promise<SigningKey> {
  const existing = store.data.consoleSigningKey;
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return store.mutate((doc) => {
    doc.consoleSigningKey ??= { publicKey, privateKey, createdAt: new Date().toISOString() };
    return doc.consoleSigningKey;
  });
}
