import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { useStore } from '../../../store/index.ts';
import { searchDecorations } from './terminal-theme.ts';

/**
 * The console's find box (Ctrl/Cmd+F): Enter finds the next match, Shift+Enter the previous,
 * Escape closes it and gives the keyboard back to where it was.
 */
export function TerminalSearch({ search, onClose }: { search: SearchAddon; onClose(): void }) {
  const theme = useStore((s) => s.theme);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
    const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) => setResults({ index: resultIndex, count: resultCount }));
    return () => {
      subscription.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const options = { decorations: searchDecorations(theme) };
  function find(direction: 'next' | 'previous', term = query, incremental = false) {
    if (term === '') {
      search.clearDecorations();
      setResults(null);
      return;
    }
    if (direction === 'next') search.findNext(term, { ...options, incremental });
    else search.findPrevious(term, options);
  }

  let summary = '';
  if (query !== '' && results) summary = results.count === 0 ? 'No matches' : results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count}+ matches`;

  return (
    <div className="console-search" role="search">
      <input ref={input} className="input" type="search" aria-label="Search the console" placeholder="Find in console" value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          find('next', event.target.value, true);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            find(event.shiftKey ? 'previous' : 'next');
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }} />
      <span className="console-search-count num" aria-live="polite">{summary}</span>
      <Button size="small" variant="ghost" icon="chevronUp" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={query === ''} onClick={() => find('previous')} />
      <Button size="small" variant="ghost" icon="chevronDown" aria-label="Next match" title="Next match (Enter)" disabled={query === ''} onClick={() => find('next')} />
      <Button size="small" variant="ghost" icon="x" aria-label="Close search" title="Close (Escape)" onClick={onClose} />
    </div>
  );
}
