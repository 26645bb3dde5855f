import { StopActionSchema, type StopAction } from '../../../contracts/index.ts';
import type { ImportWarnings } from './import-warnings.ts';

/**
 * An egg's `config.stop`: a console command, or a signal — `^C` is Ctrl-C (SIGINT) and `^^C`
 * is "kill it" (SIGKILL), as the panels read them; `^SIGTERM` (or `^TERM`) names one.
 */
export function stopFromEgg(stop: string | null | undefined, warnings: ImportWarnings): StopAction {
  const text = (stop ?? '').trim();
  if (text === '') {
    warnings.add('config.stop', 'is empty; the server is stopped with SIGTERM');
    return { type: 'signal', value: 'SIGTERM' };
  }
  if (text === '^C') return { type: 'signal', value: 'SIGINT' };
  if (text === '^^C') return { type: 'signal', value: 'SIGKILL' };
  if (text.startsWith('^')) {
    const name = text.slice(1).toUpperCase();
    const signal = StopActionSchema.safeParse({ type: 'signal', value: name.startsWith('SIG') ? name : `SIG${name}` });
    if (signal.success) return signal.data;
    warnings.add('config.stop', `"${text}" is not a signal StellarStack can send; the server is stopped with SIGTERM`);
    return { type: 'signal', value: 'SIGTERM' };
  }
  if (text.length > 200) {
    warnings.add('config.stop', 'is longer than 200 characters; the server is stopped with SIGTERM');
    return { type: 'signal', value: 'SIGTERM' };
  }
  return { type: 'command', value: text };
}

export function stopToEgg(stop: StopAction): string {
  if (stop.type === 'command') return stop.value;
  if (stop.value === 'SIGINT') return '^C';
  if (stop.value === 'SIGKILL') return '^^C';
  return `^${stop.value}`;
}
