// The window's preload: sandboxed, so it is compiled to one CommonJS file (out/main/preload.cjs)
// whose only module is `electron`. It gives the page the bridge and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_NAME } from '../contracts/ipc-channels.ts';
import { createDesktopApi } from './preload-api.ts';

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_NAME, createDesktopApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)));
