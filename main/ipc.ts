import {
  AppError,
  IPC_CHANNELS,
  IPC_CONTRACT,
  fieldDetails,
  type DesktopMethod,
  type ErrorBody,
  type IpcAnswer,
  type IpcParsedRequest,
  type IpcResult,
} from '../contracts/index.ts';
import type { BrowserWindowLike, IpcMainInvokeEventLike, IpcMainLike } from './electron-like.ts';
import { originOf } from './security.ts';

export type IpcHandler<M extends DesktopMethod> = (request: IpcParsedRequest<M>) => Promise<IpcAnswer<M>> | IpcAnswer<M>;

export interface TrustedSender {
  /** Our main window, if it exists. */
  window(): BrowserWindowLike | null;
  /** Our controller's origin, e.g. http://127.0.0.1:8420. */
  origin(): string | null;
}

/**
 * The one door between the window and the main process. Every `ipcMain.handle` is registered
 * here, and every call passes the same checks before its handler runs: the sender must be our
 * main window's top frame showing our controller's origin (not another webContents, not an
 * iframe, not a page it navigated to), and the payload must match the message's schema.
 * Handlers answer data or throw; callers always get `{ok:true,data}` or `{ok:false,error}` in
 * the API's error shape, because a thrown error crosses IPC as its message alone.
 */
export class IpcGateway {
  readonly #channels = new Set<string>();

  readonly #ipcMain: IpcMainLike;
  readonly #trusted: TrustedSender;
  readonly #log: (message: string) => void;

  constructor(ipcMain: IpcMainLike, trusted: TrustedSender, log: (message: string) => void = () => {}) {
    this.#ipcMain = ipcMain;
    this.#trusted = trusted;
    this.#log = log;
  }

  handle<M extends DesktopMethod>(method: M, handler: IpcHandler<M>): void {
    const channel = IPC_CHANNELS[method];
    if (this.#channels.has(channel)) throw new Error(`IPC handler for ${method} registered twice`);
    this.#channels.add(channel);
    this.#ipcMain.handle(channel, (event, ...args) => this.#dispatch(method, handler, event, args));
  }

  dispose(): void {
    for (const channel of this.#channels) this.#ipcMain.removeHandler(channel);
    this.#channels.clear();
  }

  /** Why this sender may not use the bridge, or null when it may. */
  refusal(event: IpcMainInvokeEventLike): string | null {
    const window = this.#trusted.window();
    const origin = this.#trusted.origin();
    if (!window || window.isDestroyed() || origin === null) return 'the app window is not open';
    if (event.sender !== window.webContents) return 'the sender is not the app window';
    const frame = event.senderFrame;
    if (!frame) return 'the sending frame is gone';
    if (frame.parent !== null) return 'the sender is a frame inside the page, not the page';
    if (originOf(frame.url) !== origin) return `the sender is not showing the controller (${originOf(frame.url) ?? 'no origin'})`;
    return null;
  }

  async #dispatch<M extends DesktopMethod>(method: M, handler: IpcHandler<M>, event: IpcMainInvokeEventLike, args: unknown[]): Promise<IpcResult<IpcAnswer<M>>> {
    const refused = this.refusal(event);
    if (refused) {
      this.#log(`refused IPC ${method}: ${refused}`);
      return failure(new AppError('FORBIDDEN', 'Only the StellarStack window may use the desktop bridge'));
    }
    if (args.length > 1) return failure(new AppError('VALIDATION_ERROR', 'A desktop message takes one argument', { _: `got ${args.length}` }));
    const contract = IPC_CONTRACT[method];
    const request = contract.request.safeParse(args[0]);
    if (!request.success) return failure(new AppError('VALIDATION_ERROR', 'The message is not valid', fieldDetails(request.error.issues)));
    try {
      const data = await handler(request.data as IpcParsedRequest<M>);
      // The answer is checked too: the window must never get what the contract does not promise.
      const answer = contract.answer.safeParse(data);
      if (!answer.success) throw new Error(`answer to ${method} breaks its contract: ${JSON.stringify(fieldDetails(answer.error.issues))}`);
      return { ok: true, data: answer.data as IpcAnswer<M> };
    } catch (error) {
      if (error instanceof AppError) return failure(error);
      this.#log(`IPC ${method} failed: ${(error as Error).stack ?? String(error)}`);
      return failure(new AppError('INTERNAL_ERROR', 'Something went wrong in the desktop app; the details are in its log'));
    }
  }
}

function failure(error: AppError): { ok: false; error: ErrorBody } {
  return { ok: false, error: error.toBody() };
}
