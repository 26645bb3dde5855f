import type Docker from 'dockerode';
import { Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A live, hijacked attach to one container: its output as text, and its stdin. */
export interface ConsoleAttachment {
  /** Resolves once the engine closes the stream (the process ended, or the engine went away), after the last output was delivered. */
  readonly ended: Promise<void>;
  readonly open: boolean;
  write(text: string): Promise<void>;
  close(): void;
}

export interface AttachOptions {
  stdin: boolean;
  onOutput: (chunk: string) => void;
}

/**
 * Attaches with a hijacked connection, so stdin can be written on the same stream. Without a
 * TTY the engine multiplexes stdout and stderr into framed chunks; each side gets its own
 * decoder, so a UTF-8 character split across two frames is not mangled.
 *
 * The engine frames output per write of the process, often a few hundred bytes each. What
 * arrives in one turn of the event loop is handed on as one chunk (in arrival order), so a
 * flood becomes a few large console batches rather than thousands of small frames — the
 * per-frame work (JSON, WebSocket framing, a syscall per hop) is what limits lines per second.
 */
export async function attachConsole(docker: Docker, container: Docker.Container, options: AttachOptions): Promise<ConsoleAttachment> {
  const stream = (await container.attach({ stream: true, stdin: options.stdin, stdout: true, stderr: true, hijack: true })) as Duplex;
  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')] as const;
  let pending: string[] = [];
  let flushScheduled: NodeJS.Immediate | null = null;
  const flush = (): void => {
    if (flushScheduled !== null) clearImmediate(flushScheduled);
    flushScheduled = null;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    options.onOutput(text);
  };
  const sink = (decoder: StringDecoder): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        const text = decoder.write(chunk);
        if (text) {
          pending.push(text);
          flushScheduled ??= setImmediate(flush);
        }
        done();
      },
    });
  docker.modem.demuxStream(stream, sink(decoders[0]), sink(decoders[1]));

  let open = true;
  const ended = new Promise<void>((resolve) => {
    const finish = (): void => {
      if (!open) return;
      open = false;
      flush();
      for (const decoder of decoders) {
        const rest = decoder.end();
        if (rest) options.onOutput(rest);
      }
      resolve();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    // A broken connection ends the attachment like a closed one; the caller asks the engine what happened.
    stream.once('error', finish);
  });

  return {
    ended,
    get open() {
      return open;
    },
    write(text: string) {
      return new Promise<void>((resolve, reject) => {
        if (!open) return reject(new Error('the console attachment is closed'));
        stream.write(text, (error) => (error ? reject(error) : resolve()));
      });
    },
    close() {
      stream.destroy();
    },
  };
}
