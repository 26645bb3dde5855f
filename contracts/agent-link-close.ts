/**
 * Close codes of the agent link (`/api/v1/agent`). The controller closes with them; the agent
 * reads the refusals among them as "reconnecting soon will not help" and waits the longest.
 * (Kept apart from agent.ts, the frames, so both ends can name a code without the frame table.)
 */
export const AGENT_LINK_CLOSE = {
  /** The WebSocket upgrade carried no valid node token. */
  unauthenticated: 1008,
  /** Another agent connected with the same node token. */
  replaced: 4000,
  tokenRevoked: 4001,
  nodeDeleted: 4002,
  /** No hello frame in time after connecting. */
  noHello: 4003,
  heartbeatMissed: 4004,
} as const;
export type AgentLinkCloseCode = (typeof AGENT_LINK_CLOSE)[keyof typeof AGENT_LINK_CLOSE];
