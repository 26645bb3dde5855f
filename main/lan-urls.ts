import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARD = new Set(['0.0.0.0', '::']);

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * The addresses teammates on the LAN can open while the controller listens beyond loopback:
 * every external IPv4 address of this machine when it binds all interfaces (IPv6 link-local
 * addresses need a zone id no browser takes, so they are left out), or the one it binds.
 */
export function lanUrls(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  if (isLoopback(host)) return [];
  if (!WILDCARD.has(host)) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const urls: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4') urls.push(`http://${entry.address}:${port}`);
      else if (host === '::' && !entry.address.toLowerCase().startsWith('fe80')) urls.push(`http://[${entry.address}]:${port}`);
    }
  }
  return [...new Set(urls)];
}

/** Where this machine's own window reaches a controller: a wildcard bind is reached over loopback. */
export function localUrl(controllerUrl: string): string {
  const url = new URL(controllerUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url.origin;
}
