import type { PortRange, ServerPort } from '../../contracts/index.ts';

/**
 * Ports and port ranges as people type them: "25565/tcp, 25565/udp" and "25565-25665, 27015".
 * The API takes arrays; these turn one into the other and say what is wrong with a typed line.
 */

export function formatPorts(ports: readonly ServerPort[]): string {
  return ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
}

/** "25565/tcp, 27015/udp" (the protocol defaults to tcp) → ports, or the first problem in words. */
export function parsePorts(text: string): { ports: ServerPort[] } | { error: string } {
  const ports: ServerPort[] = [];
  for (const item of splitList(text)) {
    const match = /^(\d{1,5})(?:\s*\/\s*(tcp|udp))?$/i.exec(item);
    const port = match ? Number(match[1]) : NaN;
    if (!match || port < 1 || port > 65535) return { error: `"${item}" is not a port: write e.g. 25565/tcp or 27015/udp` };
    ports.push({ port, protocol: (match[2]?.toLowerCase() ?? 'tcp') as ServerPort['protocol'] });
  }
  const seen = new Set<string>();
  for (const p of ports) {
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) return { error: `${key} is listed twice` };
    seen.add(key);
  }
  return { ports };
}

export function formatPortRanges(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`)).join(', ');
}

/** "25565-25665, 27015" → ranges, or the first problem in words. */
export function parsePortRanges(text: string): { ranges: PortRange[] } | { error: string } {
  const ranges: PortRange[] = [];
  for (const item of splitList(text)) {
    const match = /^(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?$/.exec(item);
    const start = match ? Number(match[1]) : NaN;
    const end = match ? Number(match[2] ?? match[1]) : NaN;
    if (!match || start < 1 || end > 65535) return { error: `"${item}" is not a port range: write e.g. 25565-25665` };
    if (end < start) return { error: `${item} ends before it starts` };
    ranges.push({ start, end });
  }
  if (ranges.length > 32) return { error: 'Use at most 32 ranges' };
  return { ranges };
}

function splitList(text: string): string[] {
  // "25565 - 25665" and "25565 / udp" are one item each: glue the separators first.
  return text.replace(/\s*([-–/])\s*/g, '$1').split(/[,\s]+/).filter((s) => s !== '');
}
