// The part of autocannon's programmatic API the scenarios use (the package ships no types).
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
    /** Seconds without an answer before a request counts as a timeout. */
    timeout?: number;
  }
  interface AutocannonResult {
    requests: { average: number; total: number };
    latency: { p50: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
