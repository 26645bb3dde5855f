/**
 * Game-server-like output (log lines of varying length) cut into fixed-size chunks, the way a
 * stream hands it over: chunk boundaries fall anywhere, mostly in the middle of a line.
 */
export function consoleOutputChunks(lineCount: number, chunkChars: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < lineCount; i += 1) {
    const seconds = String(i % 60).padStart(2, '0');
    lines.push(`[12:34:${seconds}] [Server thread/INFO]: Player${i % 97} moved ${'.'.repeat(i % 40)} to chunk ${i * 7}, ${i * 13}`);
  }
  const text = `${lines.join('\n')}\n`;
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += chunkChars) chunks.push(text.slice(start, start + chunkChars));
  return chunks;
}
