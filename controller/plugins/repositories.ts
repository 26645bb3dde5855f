import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BlueprintsRepository } from '../store/blueprints-repository.ts';
import { CredentialsRepository } from '../store/credentials-repository.ts';
import { NodesRepository } from '../store/nodes-repository.ts';
import { ServersRepository } from '../store/servers-repository.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { UsersRepository } from '../store/users-repository.ts';

/**
 * The repositories over the document store, one decorator each, named after the records they
 * keep: `app.users`, `app.servers`, ... Everything that reads or writes records goes through them.
 */
declare module 'fastify' {
  interface FastifyInstance {
    users: UsersRepository;
    credentials: CredentialsRepository;
    settings: SettingsRepository;
    nodes: NodesRepository;
    servers: ServersRepository;
    blueprints: BlueprintsRepository;
  }
}

export const usersRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('users', new UsersRepository(app.store));
  },
  { name: 'users-repository', dependencies: ['store'] },
);

export const credentialsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('credentials', new CredentialsRepository(app.store));
  },
  { name: 'credentials-repository', dependencies: ['store'] },
);

export const settingsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('settings', new SettingsRepository(app.store));
  },
  { name: 'settings-repository', dependencies: ['store'] },
);

export const nodesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('nodes', new NodesRepository(app.store));
  },
  { name: 'nodes-repository', dependencies: ['store'] },
);

export const serversRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('servers', new ServersRepository(app.store));
  },
  { name: 'servers-repository', dependencies: ['store'] },
);

export const blueprintsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('blueprints', new BlueprintsRepository(app.store));
  },
  { name: 'blueprints-repository', dependencies: ['store'] },
);
