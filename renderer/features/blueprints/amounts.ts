/**
 * Sizes given in the API's MiB, the way a person writes them in a form hint or on a card:
 * "64 MiB", "1.5 GiB", "180 GiB" (lib/format's formatMiB keeps a decimal, "64.0 MiB", which
 * suits a live meter but not a rounded default).
 */
export function sizeOfMiB(mib: number): string {
  if (Math.abs(mib) < 1024) return `${mib} MiB`;
  const gib = mib / 1024;
  if (Math.abs(gib) < 1024) return `${trim(gib)} GiB`;
  return `${trim(gib / 1024)} TiB`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(1)));
}
