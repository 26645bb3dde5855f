// The line protocol between the api-request benchmark and its server process
// (serve-api-targets.ts): one JSON line per message on the child's stdout.

/** The child's first line: where the two servers listen. */
export interface ApiTargets {
  controllerUrl: string;
  bareUrl: string;
  /** Session token of the account the controller signed up, for Authorization: Bearer. */
  token: string;
}

/** Sent to the child's stdin; it answers with a CpuAnswer line. */
export const CPU_QUERY = 'cpu';

/** CPU time the server process has used so far, all threads, in milliseconds. */
export interface CpuAnswer {
  cpuMs: number;
}
