import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentFrameSchema } from '../../../../contracts/index.ts';
import { relayedConsoleFrame } from '../../../../controller/agents/relayed-console-frame.ts';

/** Frames the fast check must accept exactly as the schema does. */
const ACCEPTED: unknown[] = [
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: 'one line' } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: { lines: ['a', '', 'c'] } } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: { lines: [] } } },
  { type: 'relay_frame', sessionId: 'x'.repeat(64), frame: { type: 'console', data: 'max id' } },
  // Unknown keys are dropped, as zod's objects drop them.
  { type: 'relay_frame', sessionId: 's1', extra: 1, frame: { type: 'console', data: { lines: ['a'], more: true }, note: 'x' } },
];

/** Frames it must leave to the schema (null), whatever the schema then says. */
const LEFT_TO_THE_SCHEMA: unknown[] = [
  null,
  'relay_frame',
  [],
  { type: 'relay_frame', sessionId: '', frame: { type: 'console', data: 'x' } },
  { type: 'relay_frame', sessionId: 'x'.repeat(65), frame: { type: 'console', data: 'x' } },
  { type: 'relay_frame', sessionId: 7, frame: { type: 'console', data: 'x' } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: { lines: ['a', 2] } } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: { lines: 'a' } } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console', data: null } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'console' } },
  { type: 'relay_frame', sessionId: 's1', frame: { type: 'status', data: 'running' } },
  { type: 'relay_frame', sessionId: 's1', frame: null },
  { type: 'relay_closed', sessionId: 's1' },
  { type: 'heartbeat' },
];

test('relayed console output the fast check accepts is exactly what the agent-frame schema makes of it', () => {
  for (const json of ACCEPTED) {
    const schema = AgentFrameSchema.safeParse(json);
    assert.ok(schema.success, JSON.stringify(json));
    assert.deepEqual(relayedConsoleFrame(json), schema.data, JSON.stringify(json));
  }
});

test('anything else is left to the schema, which still refuses what is malformed', () => {
  for (const json of LEFT_TO_THE_SCHEMA) assert.equal(relayedConsoleFrame(json), null, JSON.stringify(json));
  // The malformed console frames among them are refused by the schema, not waved through.
  for (const json of LEFT_TO_THE_SCHEMA.slice(3, 10)) assert.equal(AgentFrameSchema.safeParse(json).success, false, JSON.stringify(json));
});
