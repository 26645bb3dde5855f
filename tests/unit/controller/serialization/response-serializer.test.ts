import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { BlueprintSchema, NodeSchema, ServerSchema, UserSchema, dataEnvelope, pageEnvelope, type Node, type Server } from '../../../../contracts/index.ts';
import { BUILTIN_BLUEPRINTS } from '../../../../controller/blueprints/catalog/index.ts';
import { responseSerializerCompiler } from '../../../../controller/serialization/response-serializer.ts';

/** What the route's serialiser writes for `data`. */
function serialise(schema: z.ZodType, data: unknown): string {
  const serializer = responseSerializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' } as Parameters<typeof responseSerializerCompiler>[0]);
  return serializer(data);
}

/** What zod's own serialiser wrote before: the output parse, then JSON.stringify. */
function zodBytes(schema: z.ZodType, data: unknown): string {
  return JSON.stringify(z.encode(schema, data));
}

const server: Server = {
  id: 'srv_abc', name: 'Survival "main" \u2603', description: 'line\nbreak', nodeId: 'node_1', blueprintId: 'minecraft-java', ownerId: 'usr_1',
  image: 'itzg/minecraft-server:java21', memory: 2048, cpu: 200, disk: 10240, swap: -1,
  ports: [{ port: 25565, protocol: 'tcp' }], variables: { EULA: 'TRUE', MOTD: 'hi </script>' },
  restartPolicy: { enabled: true, maxRetries: 3 }, status: 'running', statusReason: null,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z',
  nodeName: 'local', address: '127.0.0.1:25565', nodeOnline: true,
  resources: { cpu: 12.5, memory: 512, memoryLimit: 2048, disk: 100, networkRx: 1, networkTx: 2, uptime: 60, players: { online: 3, max: 20 } },
} as Server;

test('a page of servers is byte for byte what zod wrote, nulls and nested objects included', () => {
  const schema = pageEnvelope(ServerSchema);
  const body = { data: [server, { ...server, id: 'srv_def', address: null, resources: null, statusReason: 'install failed: no image' }], meta: { total: 2, page: 1, limit: 20 } };
  assert.equal(serialise(schema, body), zodBytes(schema, body));
});

test('the blueprint catalog (unions, records, nested lists) is byte for byte what zod wrote', () => {
  const schema = pageEnvelope(BlueprintSchema);
  const body = { data: BUILTIN_BLUEPRINTS, meta: { total: BUILTIN_BLUEPRINTS.length, page: 1, limit: 100 } };
  assert.equal(serialise(schema, body), zodBytes(schema, body));
});

test('fields the schema does not name are not written (a stored hash never leaks through a response)', () => {
  const schema = dataEnvelope(UserSchema);
  const user = { id: 'usr_1', email: 'a@example.com', name: 'A', role: 'admin', suspended: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
  const written = serialise(schema, { data: { ...user, passwordHash: '$argon2id$secret' } });
  assert.doesNotMatch(written, /passwordHash|argon2/);
  assert.equal(written, zodBytes(schema, { data: user }));
});

test('a node is byte for byte what zod wrote', () => {
  const schema = dataEnvelope(NodeSchema);
  const sample = NodeSchema.parse(JSON.parse(JSON.stringify(exampleNode())));
  assert.equal(serialise(schema, { data: sample }), zodBytes(schema, { data: sample }));
});

test('a required field that is missing is an error, not a response without it', () => {
  assert.throws(() => serialise(dataEnvelope(UserSchema), { data: { id: 'usr_1' } }));
});

test('a schema JSON Schema cannot express (a Date) keeps zod serialising it', () => {
  const schema = z.object({ at: z.date() });
  assert.equal(serialise(schema, { at: new Date(0) }), '{"at":"1970-01-01T00:00:00.000Z"}');
});

function exampleNode(): Node {
  const shape = NodeSchema.shape as Record<string, z.ZodType>;
  // The fields every node has, with the shapes the schema asks for; parse() above proves it fits.
  return Object.fromEntries(Object.keys(shape).map((key) => [key, sampleFor(shape[key]!)])) as Node;
}

function sampleFor(schema: z.ZodType): unknown {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as { type?: string | string[]; anyOf?: unknown[]; enum?: unknown[]; properties?: Record<string, unknown> };
  return sampleFromJson(json);
}

function sampleFromJson(json: { type?: string | string[]; anyOf?: unknown[]; enum?: unknown[]; const?: unknown; properties?: Record<string, unknown>; items?: unknown }): unknown {
  if (json.const !== undefined) return json.const;
  if (json.enum) return json.enum[0];
  if (json.anyOf) return sampleFromJson(json.anyOf[0] as never);
  const type = Array.isArray(json.type) ? json.type[0] : json.type;
  switch (type) {
    case 'string': return 'text';
    case 'number': return 1.5;
    case 'integer': return 3;
    case 'boolean': return true;
    case 'null': return null;
    case 'array': return json.items ? [sampleFromJson(json.items as never)] : [];
    case 'object': return Object.fromEntries(Object.entries(json.properties ?? {}).map(([k, v]) => [k, sampleFromJson(v as never)]));
    default: return null;
  }
}
