import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DocumentStore } from '../store/document-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The document every repository reads and writes; routes use the repositories, never this. */
    store: DocumentStore;
  }
}

/** The document store the app was built with (a temp dir in tests, the data dir otherwise). */
export const storePlugin = fp(
  async (app: FastifyInstance, options: { store: DocumentStore }) => {
    app.decorate('store', options.store);
  },
  { name: 'store' },
);
