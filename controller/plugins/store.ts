import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DocumentStore } from '../store/document-store.ts';
import { CredentialsRepository } from '../store/credentials-repository.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { UsersRepository } from '../store/users-repository.ts';

export interface Repositories {
  users: UsersRepository;
  credentials: CredentialsRepository;
  settings: SettingsRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: DocumentStore;
    repos: Repositories;
  }
}

/** Decorates the app with the document store and the repositories over it. */
export const storePlugin = fp(
  async (app: FastifyInstance, options: { store: DocumentStore }) => {
    const { store } = options;
    app.decorate('store', store);
    app.decorate('repos', {
      users: new UsersRepository(store),
      credentials: new CredentialsRepository(store),
      settings: new SettingsRepository(store),
    });
  },
  { name: 'store' },
);
