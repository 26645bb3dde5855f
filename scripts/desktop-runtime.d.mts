// Types for desktop-runtime.mjs (plain JavaScript: `npm start` runs it before anything is compiled).
export declare const DESKTOP_ENTRY: string;

interface Where {
  root: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export declare function findElectron(where: Where): { electron: string } | { reason: string };
export declare function findDesktopRuntime(where: Where): { electron: string; entry: string } | { reason: string };
export declare function runElectron(options: { electron: string; entry: string; args: string[]; switches?: string[]; env?: NodeJS.ProcessEnv }): Promise<number>;
