// One import path for every shared schema and type.
export * from './errors.ts';
export * from './api/common.ts';
export * from './api/users.ts';
export * from './api/auth.ts';
export * from './api/admin.ts';
export * from './api/nodes.ts';
export * from './api/blueprints.ts';
export * from './api/eggs.ts';
export * from './api/servers.ts';
export * from './api/events.ts';
export * from './variable-rules.ts';
export * from './console.ts';
export * from './agent.ts';
export * from './api/local-agent.ts';
export * from './ipc.ts';
