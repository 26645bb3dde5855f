import { z } from 'zod';
import { LocalAgentStatusSchema } from './api/local-agent.ts';
import { ErrorBodySchema, type ErrorBody } from './errors.ts';
import type { DesktopMethod } from './ipc-channels.ts';

export { IPC_CHANNELS, DESKTOP_METHODS, DESKTOP_BRIDGE_NAME, type DesktopMethod, type IpcChannel } from './ipc-channels.ts';

/**
 * The desktop app's bridge between its window (renderer, through the preload) and the Electron
 * main process. Every message has a request and an answer schema; the main process validates
 * each request against its schema before a handler sees it.
 */

export const DEFAULT_CONTROLLER_PORT = 8420;

const settingsFields = {
  port: z.number().int().min(1).max(65535).describe('port of the controller (and of the window, which loads it)'),
  exposeToLan: z.boolean().describe('bind 0.0.0.0 so teammates on the LAN reach the API and the admin UI'),
  localAgent: z.boolean().describe('run the embedded agent so this machine runs game servers (needs Docker)'),
  startAtLogin: z.boolean(),
  startMinimized: z.boolean().describe('start in the tray, without showing the window'),
};

export const DesktopSettingsSchema = z.object(settingsFields);
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = {
  port: DEFAULT_CONTROLLER_PORT,
  exposeToLan: false,
  localAgent: true,
  startAtLogin: false,
  startMinimized: false,
};

export const UpdateDesktopSettingsBody = z.strictObject(settingsFields).partial();
export type UpdateDesktopSettingsBody = z.infer<typeof UpdateDesktopSettingsBody>;

/** A setting this run does not take from the saved settings, because a flag or variable said otherwise. */
export const SettingOverrideSchema = z.object({
  setting: z.enum(['port', 'exposeToLan', 'localAgent']),
  by: z.string().describe('the flag or environment variable, e.g. --port'),
});
export type SettingOverride = z.infer<typeof SettingOverrideSchema>;

export const DesktopSettingsStateSchema = z.object({
  settings: DesktopSettingsSchema,
  restartRequired: z.boolean().describe('saved settings this run cannot apply until the app restarts (port, LAN)'),
  overrides: z.array(SettingOverrideSchema),
});
export type DesktopSettingsState = z.infer<typeof DesktopSettingsStateSchema>;

export const NotifyRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  body: z.string().max(1000).default(''),
});
export type NotifyRequest = z.input<typeof NotifyRequestSchema>;

/** Only web links leave the app: file:, javascript:, custom schemes and the like are refused. */
export const ExternalUrlSchema = z.string().max(2048).refine((value) => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http or https URL');

export const OpenExternalRequestSchema = z.strictObject({ url: ExternalUrlSchema });
export type OpenExternalRequest = z.infer<typeof OpenExternalRequestSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  electron: z.string().nullable(),
  platform: z.string(),
  dataDir: z.string(),
  controllerUrl: z.string().describe('where this window loads the controller'),
  exposed: z.boolean().describe('whether the controller listens on more than loopback'),
  lanUrls: z.array(z.string()).describe('addresses teammates on the LAN can use while exposed'),
  localAgent: LocalAgentStatusSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const NoPayload = z.undefined();

/** Every message: what the window sends and what it gets back in `data`. */
export const IPC_CONTRACT = {
  getSettings: { request: NoPayload, answer: DesktopSettingsStateSchema },
  setSettings: { request: UpdateDesktopSettingsBody, answer: DesktopSettingsStateSchema },
  notify: { request: NotifyRequestSchema, answer: z.object({ shown: z.boolean() }) },
  openExternal: { request: OpenExternalRequestSchema, answer: z.object({ opened: z.boolean() }) },
  revealDataFolder: { request: NoPayload, answer: z.object({ path: z.string() }) },
  appInfo: { request: NoPayload, answer: AppInfoSchema },
  restart: { request: NoPayload, answer: z.object({ restarting: z.boolean() }) },
} as const satisfies Record<DesktopMethod, { request: z.ZodType; answer: z.ZodType }>;

export type IpcRequest<M extends DesktopMethod> = z.input<(typeof IPC_CONTRACT)[M]['request']>;
export type IpcParsedRequest<M extends DesktopMethod> = z.output<(typeof IPC_CONTRACT)[M]['request']>;
export type IpcAnswer<M extends DesktopMethod> = z.output<(typeof IPC_CONTRACT)[M]['answer']>;

/**
 * What every IPC call resolves to. A thrown error crosses IPC as its message alone, so handlers
 * answer with the API's error shape instead.
 */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ipcResultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBodySchema }),
  ]);
}

/** What the preload exposes as `window.stellarDesktop`: one function per message. */
export type DesktopApi = {
  [M in DesktopMethod]: undefined extends IpcRequest<M>
    ? IpcRequest<M> extends undefined
      ? () => Promise<IpcResult<IpcAnswer<M>>>
      : (request?: IpcRequest<M>) => Promise<IpcResult<IpcAnswer<M>>>
    : (request: IpcRequest<M>) => Promise<IpcResult<IpcAnswer<M>>>;
};
