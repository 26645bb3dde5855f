import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { api, ApiError, messageOf } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { Modal } from '../../components/modal.tsx';
import { appStore } from '../../store/index.ts';
import { placeProblems, readEditor, type EditorMode } from './blueprint-json.ts';
import { scanJson } from './json-locate.ts';

interface BlueprintEditorProps {
  mode: EditorMode;
  initialText: string;
  title: string;
  onClose(): void;
  onSaved(blueprint: Blueprint): void;
}

const LINE_HEIGHT = 20;

/**
 * A blueprint as JSON in a plain textarea, with a line-number gutter. Syntax errors show live
 * with their line and column; on Save, the API's 422 details are listed with their paths and
 * the lines they point at (found again in the current text, so they follow edits).
 */
export function BlueprintEditor({ mode, initialText, title, onClose, onSaved }: BlueprintEditorProps) {
  const [text, setText] = useState(initialText);
  const [details, setDetails] = useState<Record<string, unknown>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [askDiscard, setAskDiscard] = useState(false);
  const [tried, setTried] = useState(false);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  const bandsRef = useRef<HTMLDivElement>(null);
  const ids = { label: useId(), status: useId(), problems: useId(), note: useId() };

  const syntax = useMemo(() => scanJson(text).error, [text]);
  const problems = useMemo(() => placeProblems(text, details), [text, details]);
  const badLines = useMemo(() => {
    const lines = new Set<number>();
    if (syntax) lines.add(syntax.line);
    for (const problem of problems) if (problem.line !== null) lines.add(problem.line);
    return lines;
  }, [syntax, problems]);
  const lineCount = useMemo(() => text.split('\n').length, [text]);
  const dirty = text !== initialText;

  // Modal re-runs its focus effect when onClose changes, so it gets one stable function.
  const closeRef = useRef<() => void>(onClose);
  closeRef.current = () => {
    if (dirty && !busy) setAskDiscard(true);
    else onClose();
  };
  const close = useCallback(() => closeRef.current(), []);

  function syncScroll() {
    const top = areaRef.current?.scrollTop ?? 0;
    for (const layer of [gutterRef.current, bandsRef.current]) if (layer) layer.style.transform = `translateY(${-top}px)`;
  }

  /** Puts the caret on a line (selecting it) and scrolls it into the middle of the view. */
  function goToLine(line: number, column = 1) {
    const area = areaRef.current;
    if (!area) return;
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const length = lines[line - 1]?.length ?? 0;
    area.focus();
    if (column > 1) area.setSelectionRange(start + column - 1, start + column - 1);
    else area.setSelectionRange(start, start + length);
    area.scrollTop = Math.max(0, (line - 1) * LINE_HEIGHT - area.clientHeight / 3);
    syncScroll();
  }

  async function save() {
    setTried(true);
    setFailure(null);
    const read = readEditor(text, mode);
    if (!read.ok) {
      setDetails(read.problems.details);
      setSummary(read.problems.syntax ? null : 'Fix this before saving');
      if (read.problems.syntax) goToLine(read.problems.syntax.line, read.problems.syntax.column);
      return;
    }
    setBusy(true);
    try {
      const { method, path, body } = read.request;
      const saved = method === 'POST' ? await api.post<Blueprint>(path, body) : await api.put<Blueprint>(path, body);
      appStore.getState().blueprintSaved(saved);
      appStore.getState().notify(mode.kind === 'new' ? `Blueprint ${saved.name} added` : `Blueprint ${saved.name} saved`, 'success');
      onSaved(saved);
    } catch (error) {
      const keyed = error instanceof ApiError && (error.code === 'VALIDATION_ERROR' || error.code === 'CONFLICT') && Object.keys(error.details).length > 0;
      if (keyed) {
        setDetails(error.details);
        setSummary(error.message);
      } else {
        setDetails({});
        setSummary(null);
        setFailure(messageOf(error));
      }
      setBusy(false);
    }
  }

  const invalid = syntax !== null || problems.length > 0;
  return (
    <Modal
      title={title}
      onClose={close}
      footer={askDiscard ? (
        <>
          <span className="grow muted" role="alert">Discard your changes to this blueprint?</span>
          <Button variant="ghost" onClick={() => { setAskDiscard(false); areaRef.current?.focus(); }}>Keep editing</Button>
          <Button variant="danger" onClick={onClose}>Discard</Button>
        </>
      ) : (
        <>
          <Button variant="ghost" onClick={close}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={() => void save()}>Save</Button>
        </>
      )}
    >
      <div className="bp-editor">
        {mode.kind === 'edit' && mode.builtin ? (
          <div className="banner info" id={ids.note}>
            <Icon name="blueprints" />
            <div className="grow">
              This is a built-in blueprint. Saving stores your version as an override of it here; <strong>Restore original</strong> on
              the blueprint brings the shipped version back later.
            </div>
          </div>
        ) : (
          <p className="bp-editor-note" id={ids.note}>
            {mode.kind === 'new'
              ? <>The <code>id</code> is a lowercase slug such as <code>my-game</code> and cannot change later. Use <code>{'{{VARIABLE}}'}</code> in the startup line for each variable.</>
              : <>Saving replaces the blueprint as a whole. Servers that use it pick the change up at their next start.</>}
          </p>
        )}

        <div className="field">
          <label id={ids.label} htmlFor={`${ids.label}-area`}>Blueprint JSON</label>
          <div className={`json-editor${invalid ? ' invalid' : ''}`}>
            <div className="json-gutter" aria-hidden="true">
              <div className="json-gutter-inner" ref={gutterRef}>
                {Array.from({ length: lineCount }, (_, i) => <div key={i} className={badLines.has(i + 1) ? 'bad' : undefined}>{i + 1}</div>)}
              </div>
            </div>
            <div className="json-area">
              <div className="json-bands" aria-hidden="true">
                <div className="json-bands-inner" ref={bandsRef}>
                  {[...badLines].map((line) => <div key={line} style={{ top: (line - 1) * LINE_HEIGHT }} />)}
                </div>
              </div>
              <textarea id={`${ids.label}-area`} ref={areaRef} className="input mono" value={text} spellCheck={false} wrap="off"
                autoCapitalize="off" autoComplete="off" aria-invalid={invalid || undefined}
                aria-describedby={`${ids.status} ${problems.length > 0 ? ids.problems : ''} ${ids.note}`.trim()}
                onChange={(e) => setText(e.target.value)} onScroll={syncScroll}
                onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); void save(); } }} />
            </div>
          </div>
          <div id={ids.status} className={syntax ? 'error' : 'hint'} role={syntax && tried ? 'alert' : undefined}>
            {syntax ? (
              <>
                Line {syntax.line}, column {syntax.column}: {syntax.message}.{' '}
                <button type="button" className="linklike" onClick={() => goToLine(syntax.line, syntax.column)}>Go to line {syntax.line}</button>
              </>
            ) : <>Valid JSON · {lineCount} lines · Ctrl+S saves</>}
          </div>
        </div>

        {problems.length > 0 && !syntax ? (
          <div className="banner error" role="alert" id={ids.problems}>
            <Icon name="alert" />
            <div className="grow">
              <strong>{summary ?? 'The API did not accept this blueprint'}</strong>
              <ul className="bp-problems" aria-label="Problems">
                {problems.map((problem) => (
                  <li key={problem.path}>
                    <code>{problem.path === 'body' ? '(whole blueprint)' : problem.path}</code>
                    <span>{problem.message}</span>
                    {problem.line !== null ? (
                      <button type="button" className="linklike" onClick={() => goToLine(problem.line!)}>line {problem.line}</button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        {failure ? <div className="banner error" role="alert"><Icon name="alert" /><div className="grow">{failure}</div></div> : null}
      </div>
    </Modal>
  );
}
