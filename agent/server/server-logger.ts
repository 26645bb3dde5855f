/** The little the server core needs from a logger; the agent's boot code passes its own. */
export interface ServerLogger {
  warn(message: string): void;
}

export const consoleLogger: ServerLogger = {
  warn: (message) => console.warn(`[agent] ${message}`),
};
