import { CONTROLLER_HELP, DataFileError, startController } from '../controller/index.ts';
import type { LocalAgentStatus } from '../contracts/index.ts';
import type { Desktop } from './desktop.ts';
import { desktopLaunch, controllerArgs } from './desktop-config.ts';
import { startLocalAgent } from './local-agent.ts';
import { SettingsStore } from './settings-store.ts';

/**
 * Starts the controller inside the app: the desktop settings from userData, then the same
 * flags and variables as `npm run serve` (which win for this run), data in userData unless
 * --data / STELLAR_DATA_DIR say otherwise. Returns false when the app must not go on (it has
 * already said why and is quitting).
 */
export async function setupController(desktop: Desktop): Promise<boolean> {
  const { app, dialog } = desktop.electron;
  const { store, problem } = await SettingsStore.open(desktop.userData);
  desktop.settings = store;
  if (problem) {
    desktop.log(problem);
    void dialog.showMessageBox({ type: 'warning', title: 'StellarStack', message: 'Your desktop settings were reset', detail: problem }).catch(() => {});
  }

  let launch;
  try {
    launch = desktopLaunch(controllerArgs(desktop.options.argv.slice(1)), store.get(), desktop.userData, desktop.env);
  } catch (error) {
    desktop.log(`${(error as Error).message}\n\n${CONTROLLER_HELP}`);
    app.exit(2);
    return false;
  }
  if (launch === 'help') {
    desktop.say(CONTROLLER_HELP);
    app.exit(0);
    return false;
  }
  desktop.launch = launch;
  const { config } = launch;
  try {
    desktop.controller = await (desktop.options.startController ?? startController)(config);
  } catch (error) {
    const message = error instanceof DataFileError ? error.message : `could not start: ${(error as Error).message}`;
    desktop.log(message);
    const hint = /EADDRINUSE/.test(message) ? `\n\nAnother program uses port ${config.port}. Quit it, or start StellarStack with --port <another port>.` : '';
    dialog.showErrorBox('StellarStack could not start', `${message}${hint}`);
    app.exit(1);
    return false;
  }
  desktop.say(`StellarStack controller ready at ${desktop.controller.url} (data: ${config.dataDir})`);
  return true;
}

/** Why the local agent is off when the configuration says off. */
function disabledReason(desktop: Desktop): string {
  const override = desktop.launch?.overrides.find((o) => o.setting === 'localAgent');
  return override ? override.by : 'the "Run game servers on this machine" setting';
}

/**
 * The embedded agent for this machine, when Docker answers and the setting is on. Its outcome
 * (on, or off and why) goes to the controller, where the window and LAN browsers read it.
 */
export async function setupLocalAgent(desktop: Desktop): Promise<LocalAgentStatus> {
  const { controller, launch } = desktop;
  if (!controller || !launch) throw new Error('setupLocalAgent() needs the controller: call setupController() first');
  desktop.localAgent = await (desktop.options.startLocalAgent ?? startLocalAgent)(controller, launch.config, {
    say: desktop.say,
    agentLog: (message) => { if (launch.config.logLevel !== 'silent') desktop.say(`[local agent] ${message}`); },
    disabledReason: disabledReason(desktop),
  });
  return desktop.localAgent.status;
}

/** One switch at a time per app: a quick on-off-on must not start two agents. */
const switching = new WeakMap<Desktop, Promise<unknown>>();

/**
 * The "Run game servers on this machine" switch, applied at once: on starts the agent (if
 * Docker answers), off disconnects it. Game servers keep running either way; the agent
 * reattaches to them when it comes back. A flag that turned it off for this run wins.
 */
export function applyLocalAgentSetting(desktop: Desktop, on: boolean): Promise<LocalAgentStatus> {
  const run = (switching.get(desktop) ?? Promise.resolve()).then(async () => {
    const { controller, launch } = desktop;
    if (!controller || !launch) throw new Error('no controller');
    if (launch.overrides.some((o) => o.setting === 'localAgent')) return controller.app.localAgentStatus.get();
    const running = desktop.localAgent?.agent ?? null;
    if (on && !running) {
      launch.config = { ...launch.config, localAgent: true };
      return setupLocalAgent(desktop);
    }
    if (!on) {
      launch.config = { ...launch.config, localAgent: false };
      await running?.close();
      return setupLocalAgent(desktop);
    }
    return controller.app.localAgentStatus.get();
  });
  switching.set(desktop, run.catch(() => undefined));
  return run;
}
