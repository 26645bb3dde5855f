import { z } from 'zod';

/** Why the embedded agent for this machine is not running; the UI branches on this, not on the words. */
export const LocalAgentProblemSchema = z.enum(['disabled', 'docker_unavailable', 'failed']);
export type LocalAgentProblem = z.infer<typeof LocalAgentProblemSchema>;

/**
 * The embedded local agent as the bootstrap last reported it (desktop app or `npm run serve`).
 * Not running with no problem means it is still starting.
 */
export const LocalAgentStatusSchema = z.object({
  enabled: z.boolean().describe('whether this controller was asked to run an agent for its own machine'),
  running: z.boolean(),
  problem: LocalAgentProblemSchema.nullable(),
  reason: z.string().nullable().describe('why it is not running, in words'),
  nodeId: z.string().nullable().describe("this machine's node, once the agent has one"),
});
export type LocalAgentStatus = z.infer<typeof LocalAgentStatusSchema>;
