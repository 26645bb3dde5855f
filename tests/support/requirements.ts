import Docker from 'dockerode';
import { existsSync } from 'node:fs';

/**
 * Tests that need a real Docker engine or a real browser call these. On a laptop without the
 * dependency they skip with one line saying why; on CI (STELLAR_REQUIRE_DOCKER=1 /
 * STELLAR_REQUIRE_BROWSER=1) a missing dependency is a failure, not a skip.
 */

let dockerProbe: Promise<string | null> | undefined;

async function probeDocker(): Promise<string | null> {
  try {
    await new Docker().ping();
    return null;
  } catch (error) {
    return `no Docker engine answers (${(error as Error).message})`;
  }
}

/** Returns a skip reason, or null when Docker is usable. Throws on CI when it is not. */
export async function dockerSkipReason(): Promise<string | false> {
  dockerProbe ??= probeDocker();
  const reason = await dockerProbe;
  if (reason === null) return false;
  if (process.env.STELLAR_REQUIRE_DOCKER === '1') throw new Error(`STELLAR_REQUIRE_DOCKER=1 but ${reason}`);
  return `skipped: ${reason}`;
}

export const CHROMIUM_PATH = process.env.STELLAR_CHROMIUM ?? '/usr/bin/chromium';

export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const reason = `no Chromium at ${CHROMIUM_PATH}`;
  if (process.env.STELLAR_REQUIRE_BROWSER === '1') throw new Error(`STELLAR_REQUIRE_BROWSER=1 but ${reason}`);
  return `skipped: ${reason}`;
}
