import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../components/button.tsx';
import { Icon } from '../../../components/icon.tsx';
import { appStore, useStore } from '../../../store/index.ts';
import type { ConsoleConnection } from './console-connection.ts';
import { TerminalSearch } from './terminal-search.tsx';
import { terminalTheme } from './terminal-theme.ts';
import { dimLine, TerminalWriter } from './terminal-writer.ts';

interface Props {
  connection: ConsoleConnection;
  /** Shown at the left of the console's toolbar (title, route). */
  toolbar?: ReactNode;
  /** Under the screen (banners, the command line): inside the frame, so Ctrl/Cmd+F works from there too. */
  children?: ReactNode;
}

interface Mounted {
  terminal: Terminal;
  search: SearchAddon;
}

/**
 * The console output: one xterm, created on mount and disposed on unmount, fed straight from
 * the connection's events through the flow-controlled writer (never through React state or
 * the store). It follows the tail unless the reader scrolled up, then offers "Jump to live".
 */
export function TerminalView({ connection, toolbar, children }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [mounted, setMounted] = useState<Mounted | null>(null);
  const [following, setFollowing] = useState(true);
  const [searching, setSearching] = useState(false);
  const theme = useStore((s) => s.theme);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      disableStdin: true,
      convertEol: true,
      scrollback: 5000,
      fontFamily: "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 1.25,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      allowProposedApi: true,
      theme: terminalTheme(appStore.getState().theme),
    });
    const disposables: IDisposable[] = [terminal];
    const fit = new FitAddon();
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.loadAddon(new WebLinksAddon());
    terminal.open(element);
    // Output only: no blinking cursor in the middle of a log.
    terminal.write('\x1b[?25l');
    const writer = new TerminalWriter(terminal);

    disposables.push({
      dispose: connection.subscribe((event) => {
        switch (event.type) {
          case 'backlog':
            // Each backlog is the whole recent output: it replaces what is on screen, so a
            // reconnect never shows a line twice.
            writer.replace(event.lines);
            return;
          case 'lines':
            writer.writeLines(event.lines);
            return;
          case 'throttled':
            if (event.dropped > 0) writer.write(dimLine(`… ${event.dropped} ${event.dropped === 1 ? 'line was' : 'lines were'} skipped: the server printed faster than it could be sent`));
            return;
        }
      }),
    });

    const updateFollowing = () => {
      const buffer = terminal.buffer.active;
      setFollowing(buffer.viewportY >= buffer.baseY);
    };
    disposables.push(terminal.onScroll(updateFollowing), terminal.onWriteParsed(updateFollowing));

    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        setSearching(true);
        return false;
      }
      return true;
    });

    // Fit to the box, at most once a frame, and not while hidden (another tab is showing).
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
      });
    });
    observer.observe(element);
    disposables.push({ dispose: () => { observer.disconnect(); cancelAnimationFrame(frame); } });

    setMounted({ terminal, search });
    return () => {
      setMounted(null);
      // The terminal goes last: it disposes its addons with it.
      for (const disposable of disposables.reverse()) disposable.dispose();
    };
  }, [connection]);

  useEffect(() => {
    if (mounted) mounted.terminal.options.theme = terminalTheme(theme);
  }, [mounted, theme]);

  function jumpToLive() {
    mounted?.terminal.scrollToBottom();
    setFollowing(true);
  }

  return (
    <div className="console-frame"
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
          event.preventDefault();
          setSearching(true);
        }
      }}>
      <div className="console-toolbar">
        {toolbar}
        <span className="grow" />
        <Button size="small" variant="ghost" icon="search" aria-label="Search the console output" title="Search (Ctrl+F)" aria-pressed={searching}
          onClick={() => setSearching((open) => !open)} />
        <CopyOutputButton terminal={mounted?.terminal ?? null} />
      </div>
      <div className="console-screen">
        <div ref={host} className="console-host" role="region" aria-label="Console output" />
        {searching && mounted ? (
          <TerminalSearch search={mounted.search} onClose={() => { setSearching(false); mounted.terminal.focus(); }} />
        ) : null}
        {!following ? (
          <button type="button" className="console-live-pill" onClick={jumpToLive}>
            <Icon name="arrowDown" size={14} /> Jump to live
          </button>
        ) : null}
      </div>
      {children}
    </div>
  );
}

/** Copies the selection, or everything the console holds when nothing is selected. */
function CopyOutputButton({ terminal }: { terminal: Terminal | null }) {
  const [copied, setCopied] = useState(false);
  const notify = useStore((s) => s.notify);
  async function copy() {
    if (!terminal) return;
    const text = terminal.hasSelection() ? terminal.getSelection() : bufferText(terminal);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      notify('The browser did not allow copying; select the text and press Ctrl+C.', 'error');
    }
  }
  return (
    <Button size="small" variant="ghost" icon={copied ? 'check' : 'copy'} disabled={!terminal} onClick={() => void copy()}
      aria-label="Copy console output" title="Copy the selection, or the whole console when nothing is selected">
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

function bufferText(terminal: Terminal): string {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i += 1) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    // A wrapped row continues the line before it.
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}
