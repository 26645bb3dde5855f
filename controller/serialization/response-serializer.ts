import fastJson, { type Schema } from 'fast-json-stringify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Serializer = (data: unknown) => string;
type SerializerCompiler = ReturnType<typeof createSerializerCompiler>;

/** Schemas that cannot be written as JSON Schema (a transform, a codec) keep zod's own serialiser. */
const zodSerializer = createSerializerCompiler({});

/** One compiled serialiser per zod schema: routes share envelopes (dataEnvelope(UserSchema) …) built once per route. */
const compiled = new WeakMap<object, Serializer>();

/**
 * Fastify's fast serialiser (fast-json-stringify) over JSON Schema generated from the routes'
 * own zod response schemas, so the OpenAPI document, the types and the bytes on the wire all
 * come from one schema, and a response costs one generated function instead of a zod encode
 * (a full walk and copy of the value) plus JSON.stringify.
 *
 * Like zod's output parse, it writes only the schema's properties, in the schema's order; a
 * required property that is missing is an error (a 500 through the error handler), never
 * silently dropped.
 */
export const responseSerializerCompiler: SerializerCompiler = (routeSchema) => {
  const schema = routeSchema.schema as unknown;
  if (typeof schema === 'object' && schema !== null) {
    const known = compiled.get(schema);
    if (known) return known;
  }
  let serializer: Serializer;
  try {
    serializer = fastJson(toSerializerSchema(schema as z.ZodType)) as Serializer;
  } catch {
    serializer = zodSerializer(routeSchema) as Serializer;
  }
  if (typeof schema === 'object' && schema !== null) compiled.set(schema, serializer);
  return serializer;
};

/** The JSON Schema fast-json-stringify compiles: the zod schema's output side, draft 7, simplified for speed. */
export function toSerializerSchema(schema: z.ZodType): Schema {
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
  delete json.$schema;
  return simplify(json) as Schema;
}

/** Keywords that only validate: a serialiser writes what it is given, so they only slow the branch checks down. */
const VALIDATION_ONLY = new Set(['pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems']);

/**
 * `anyOf: [X, {type: null}]` (zod's nullable object) becomes X with `type: [X's type, "null"]`:
 * fast-json-stringify picks a branch of an anyOf by validating the value against each at run
 * time, while a type list is one typeof check.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key)) continue;
    out[key] = key === 'properties' || key === '$defs' || key === 'definitions' ? mapValues(value, simplify) : simplify(value);
  }
  const union = out.anyOf ?? out.oneOf;
  if (Array.isArray(union)) {
    const merged = mergeObjectBranches(union);
    if (merged) {
      const { anyOf: _any, oneOf: _one, ...rest } = out;
      return { ...rest, ...merged };
    }
  }
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length === 2) {
    const nullIndex = branches.findIndex((b) => isNullType(b));
    const other = branches[1 - nullIndex] as Record<string, unknown> | undefined;
    if (nullIndex !== -1 && other && typeof other.type === 'string') {
      const { anyOf: _replaced, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/**
 * A union of objects whose shared properties are written the same way (zod's discriminated
 * unions: `{type: "command", value}` | `{type: "signal", value}`) is one object to a
 * serialiser: every branch's properties, the ones all branches require required. Without
 * this, fast-json-stringify validates each value against the branches to pick one.
 */
function mergeObjectBranches(branches: unknown[]): Record<string, unknown> | null {
  const objects = branches as { type?: unknown; properties?: Record<string, unknown>; required?: string[] }[];
  if (!objects.every((b) => typeof b === 'object' && b !== null && b.type === 'object' && typeof b.properties === 'object')) return null;
  const properties: Record<string, unknown> = {};
  for (const branch of objects) {
    for (const [name, schema] of Object.entries(branch.properties!)) {
      if (name in properties && writtenAs(properties[name]) !== writtenAs(schema)) return null;
      // fast-json-stringify writes a `const` as is, whatever the value: in a merged branch it would write the wrong tag.
      properties[name] ??= withoutConst(schema);
    }
  }
  const required = Object.keys(properties).filter((name) => objects.every((b) => b.required?.includes(name)));
  return { type: 'object', properties, required, additionalProperties: false };
}

function withoutConst(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const { const: _tag, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/** What decides how a value is written: its schema without the keywords that only constrain or describe it. */
function writtenAs(schema: unknown): string {
  return JSON.stringify(schema, (key, value: unknown) => (key === 'const' || key === 'enum' || key === 'description' || key === 'default' ? undefined : value));
}

function isNullType(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'null' && Object.keys(schema).length === 1;
}

function mapValues(value: unknown, map: (inner: unknown) => unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, map(inner)]));
}
