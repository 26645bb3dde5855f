import type { AgentFrame } from '../../contracts/index.ts';

export type RelayedFrame = Extract<AgentFrame, { type: 'relay_frame' }>;

/** The same bounds the agent-frame schema puts on a relay session id. */
const SESSION_ID_MAX = 64;

/**
 * The hottest frame on an agent link — relayed console output, `{ type: 'relay_frame',
 * sessionId, frame: { type: 'console', data } }` with up to a thousand lines — checked by
 * hand: running the zod union over every line of every batch was most of the controller's
 * work during a flood. Accepts exactly what AgentFrameSchema accepts for this shape and
 * returns it rebuilt without unknown keys, as zod would; anything else returns null and goes
 * through the schema as before (a unit test holds the two to the same answers).
 */
export function relayedConsoleFrame(json: unknown): RelayedFrame | null {
  if (typeof json !== 'object' || json === null) return null;
  const { type, sessionId, frame } = json as Record<string, unknown>;
  if (type !== 'relay_frame' || typeof sessionId !== 'string' || sessionId.length < 1 || sessionId.length > SESSION_ID_MAX) return null;
  if (typeof frame !== 'object' || frame === null || (frame as { type?: unknown }).type !== 'console') return null;
  const data = (frame as { data?: unknown }).data;
  if (typeof data === 'string') return { type, sessionId, frame: { type: 'console', data } };
  if (typeof data !== 'object' || data === null) return null;
  const lines = (data as { lines?: unknown }).lines;
  if (!Array.isArray(lines)) return null;
  for (const line of lines) if (typeof line !== 'string') return null;
  return { type, sessionId, frame: { type: 'console', data: { lines: lines as string[] } } };
}
