import type { ExitInfo } from '../environment/process-environment.ts';

/** The shell `shell` mode runs the startup line with (agent/environment/docker/container-options.ts). */
const STARTUP_SHELL = '/bin/sh';

/**
 * Lines that say the startup could not even be executed, as the container's init (tini, from
 * `Init: true`) and the shells of common images print them. tini: `[FATAL tini (7)] exec
 * /bin/sh failed: No such file or directory`; busybox/dash: `sh: ./srv: not found`, `sh: 1:
 * ./srv: Permission denied`; bash: `bash: line 1: ./srv: cannot execute binary file: Exec
 * format error`. A binary for another CPU is run as a script by busybox's sh, which then
 * trips over the ELF header on line 1.
 */
const INIT_EXEC = /\[FATAL tini \(\d+\)\] exec (.+?) failed: (.+)$/;
const SHELL_ERROR = /^(?:\S*\/)?(?:ba|da|a)?sh: (?:line )?(?:\d+: )?(.+?): (not found|command not found|No such file or directory|Permission denied|cannot execute binary file.*|Exec format error)\s*$/;
const ELF_AS_SCRIPT = /^(\S+): line 1: .*ELF/;

type Cause = 'missing' | 'permission' | 'format';

function causeOf(text: string): Cause | null {
  if (/not found|No such file/i.test(text)) return 'missing';
  if (/Permission denied/i.test(text)) return 'permission';
  if (/Exec format error|cannot execute binary/i.test(text)) return 'format';
  return null;
}

function explain(path: string, cause: Cause, viaInit: boolean): string {
  if (viaInit && path === STARTUP_SHELL && cause === 'missing') {
    return `the image has no ${STARTUP_SHELL}, so the startup line cannot run through a shell (choose a blueprint whose startup mode is "entrypoint" for this image)`;
  }
  switch (cause) {
    case 'missing':
      return `the startup command ${path} was not found in the image or the server files`;
    case 'permission':
      return `permission denied running ${path} (not executable, or not readable by the server's user)`;
    case 'format':
      return `exec format error running ${path}: it is not a program this machine can run (built for another CPU architecture, or not a binary)`;
  }
}

/**
 * Why a process that just ended could not run its startup at all, in words, from its last
 * output lines; null when nothing says so (an ordinary exit, described by its code). Looks
 * from the newest line back, since the last complaint is the one that ended the process.
 */
export function explainStartupFailure(exit: ExitInfo, lines: readonly string[]): string | null {
  if (exit.exitCode === 0 || exit.oomKilled) return null;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!.replace(/[\r\n]+$/, '');
    const init = INIT_EXEC.exec(line);
    if (init) {
      const cause = causeOf(init[2]!);
      return cause ? explain(init[1]!, cause, true) : `could not run ${init[1]}: ${init[2]}`;
    }
    const shell = SHELL_ERROR.exec(line);
    if (shell) {
      const cause = causeOf(shell[2]!);
      if (cause) return explain(shell[1]!, cause, false);
    }
    const elf = ELF_AS_SCRIPT.exec(line);
    if (elf) return explain(elf[1]!, 'format', false);
  }
  return null;
}
