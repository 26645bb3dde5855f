/** A console line written by the agent itself (pull progress, notices), told apart from the game's own output. */
export function daemonLine(text: string): string {
  return `[StellarStack] ${text}\n`;
}
