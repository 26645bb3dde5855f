/** Every delay the state machine uses; tests shrink them instead of sleeping. */
export interface ServerTimings {
  /** Length of one "second" of the spec's startTimeoutSeconds and stopGraceSeconds. */
  msPerSecond: number;
  statsIntervalMs: number;
  /** First automatic restart delay after a crash; doubled for each further crash in the window. */
  restartBaseDelayMs: number;
  restartMaxDelayMs: number;
  /** Crashes within this window count towards a crash loop. */
  crashWindowMs: number;
  /** The state file (backlog, status) is written at most this long after a change. */
  persistDelayMs: number;
  /** How long a disk measurement is reused for stats. */
  diskCacheMs: number;
  /** How often a running game is asked for its players (a network query to the game). */
  playersIntervalMs: number;
}

export const DEFAULT_SERVER_TIMINGS: ServerTimings = {
  msPerSecond: 1000,
  statsIntervalMs: 1000,
  restartBaseDelayMs: 1000,
  restartMaxDelayMs: 60_000,
  crashWindowMs: 10 * 60_000,
  persistDelayMs: 1000,
  diskCacheMs: 5000,
  playersIntervalMs: 15_000,
};
