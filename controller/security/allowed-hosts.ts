import { hostname, networkInterfaces } from 'node:os';

const WILDCARD_BINDS = new Set(['0.0.0.0', '::']);
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
/** The machine's addresses change rarely (DHCP, a VPN coming up); looking them up per request is not needed. */
const MACHINE_NAMES_TTL_MS = 10_000;

/** The host part of a Host header, lower-cased, without port, brackets or a trailing dot; null when malformed. */
export function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  const value = header.trim().toLowerCase();
  let host: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    host = value.slice(1, end);
  } else {
    const colon = value.indexOf(':');
    host = colon < 0 ? value : value.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.length > 0 ? host : null;
}

/**
 * The names a browser may legitimately use to reach this controller. A DNS-rebinding page
 * reaches us under the attacker's own domain name, so refusing every other Host header is
 * what stops it, whatever Origin it then claims.
 */
export class AllowedHosts {
  readonly #fixed: Set<string>;
  readonly #wildcard: boolean;
  #machine = new Set<string>();
  #machineReadAt = -Infinity;

  constructor(bindHost: string, extra: readonly string[]) {
    const bind = hostOf(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
    this.#fixed = new Set([...LOOPBACK_NAMES, ...extra.map((h) => hostOf(h)).filter((h): h is string => h !== null)]);
    if (bind) this.#fixed.add(bind);
    this.#wildcard = WILDCARD_BINDS.has(bindHost);
  }

  allows(header: string | undefined): boolean {
    const host = hostOf(header);
    if (host === null) return false;
    if (this.#fixed.has(host) || host.startsWith('127.')) return true;
    // Only an instance exposed on every interface answers to the machine's own names and LAN addresses.
    return this.#wildcard && this.#machineNames().has(host);
  }

  #machineNames(): Set<string> {
    const now = Date.now();
    if (now - this.#machineReadAt < MACHINE_NAMES_TTL_MS) return this.#machine;
    const names = new Set<string>();
    const name = hostname().toLowerCase();
    names.add(name);
    // Avahi/Bonjour publish the machine as <name>.local on the LAN.
    names.add(`${name.split('.')[0]}.local`);
    for (const entries of Object.values(networkInterfaces())) {
      for (const entry of entries ?? []) names.add(entry.address.toLowerCase().split('%')[0]!);
    }
    this.#machine = names;
    this.#machineReadAt = now;
    return names;
  }
}
