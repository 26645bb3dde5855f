/** The exact command an admin runs on the node to start its agent with a freshly issued token. */
export function agentCommand(controllerUrl: string, token: string, consolePort: number): string {
  return `npm run agent -- --controller ${controllerUrl} --token ${token} --console-port ${consolePort} --data /var/lib/stellarstack-agent`;
}
