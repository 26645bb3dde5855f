// Typecheck only (not a test file): the real Electron API fits the ElectronLike interface the
// desktop shell is written against, so what the tests' stand-in exercises is what Electron has.
import type * as Electron from 'electron';
import type { ElectronLike } from '../../../main/electron-like.ts';

declare const electron: typeof Electron;
export const fits: ElectronLike = electron;
