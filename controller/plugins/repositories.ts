import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BlueprintsRepository } from '../store/blueprints-repository.ts';
import type { DocumentStore } from '../store/document-store.ts';
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

type RepositoryName = 'users' | 'credentials' | 'settings' | 'nodes' | 'servers' | 'blueprints';

/** The plugin `<name>-repository`, decorating the app with `app.<name>`. */
function repositoryPlugin<Name extends RepositoryName>(name: Name, create: (store: DocumentStore) => FastifyInstance[Name]) {
  return fp(
    async (app: FastifyInstance) => {
      app.decorate<object>(name, create(app.store));
    },
    { name: `${name}-repository`, dependencies: ['store'] },
  );
}

export const usersRepositoryPlugin = repositoryPlugin('users', (store) => new UsersRepository(store));
export const credentialsRepositoryPlugin = repositoryPlugin('credentials', (store) => new CredentialsRepository(store));
export const settingsRepositoryPlugin = repositoryPlugin('settings', (store) => new SettingsRepository(store));
export const nodesRepositoryPlugin = repositoryPlugin('nodes', (store) => new NodesRepository(store));
export const serversRepositoryPlugin = repositoryPlugin('servers', (store) => new ServersRepository(store));
export const blueprintsRepositoryPlugin = repositoryPlugin('blueprints', (store) => new BlueprintsRepository(store));
