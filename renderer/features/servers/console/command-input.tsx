import { useMemo, useState } from 'react';
import { Icon } from '../../../components/icon.tsx';
import { CommandHistory, sessionHistoryStorage } from './command-history.ts';
import type { ConsoleConnection } from './console-connection.ts';

interface Props {
  serverId: string;
  connection: ConsoleConnection;
  /** Why commands cannot be sent right now, or null when they can. */
  blockedBecause: string | null;
}

const MAX_COMMAND_LENGTH = 4096;

/** The console's command line: Enter sends, Up/Down walk this server's history. */
export function CommandInput({ serverId, connection, blockedBecause }: Props) {
  const history = useMemo(() => new CommandHistory(serverId, sessionHistoryStorage()), [serverId]);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const disabled = blockedBecause !== null;

  function send() {
    if (value.trim() === '') return;
    if (!connection.sendCommand(value)) {
      setProblem('Not connected to the console: the command was not sent.');
      return;
    }
    history.push(value);
    setValue('');
    setProblem(null);
  }

  return (
    <div className="console-command">
      <div className={`console-command-row${disabled ? ' disabled' : ''}`}>
        <Icon name="terminal" size={15} />
        <input className="console-command-input mono" aria-label="Console command" aria-describedby="console-command-hint"
          placeholder={disabled ? blockedBecause : 'Type a command and press Enter'} value={value} disabled={disabled}
          maxLength={MAX_COMMAND_LENGTH} autoComplete="off" spellCheck={false}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              send();
            } else if (event.key === 'ArrowUp') {
              const entry = history.previous(value);
              if (entry !== null) {
                event.preventDefault();
                setValue(entry);
              }
            } else if (event.key === 'ArrowDown') {
              const entry = history.next();
              if (entry !== null) {
                event.preventDefault();
                setValue(entry);
              }
            }
          }} />
      </div>
      <div id="console-command-hint" className={problem ? 'console-command-hint error' : 'console-command-hint'} role={problem ? 'alert' : undefined}>
        {problem ?? (disabled ? '' : 'Enter sends · ↑ ↓ history')}
      </div>
    </div>
  );
}
