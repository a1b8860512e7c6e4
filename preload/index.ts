/**
 * The preload bridge: exposes named functions to the renderer through contextBridge, never
 * ipcRenderer itself. The IPC contract that these functions call arrives with the desktop app.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('jointkey', {
  version: '0.1.0',
});
