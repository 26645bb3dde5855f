/**
 * The exact command an admin runs on the node to start its agent with a freshly issued token.
 * The token travels in the environment, not as an argument: arguments are world-readable in
 * `ps` and /proc/<pid>/cmdline, a process's environment only to its own user and root.
 */
export function agentCommand(controllerUrl: string, token: string, consolePort: number): string {
  return `STELLAR_NODE_TOKEN=${token} npm run agent -- --controller ${controllerUrl} --console-port ${consolePort} --data /var/lib/stellarstack-agent`;
}
