/**
 * The only module that imports ipcMain: one `ipcMain.handle` per contract channel, each passing the
 * sender frame's URL to {@link Dispatch}, which refuses any frame but the app's own page (a sub-frame
 * never qualifies). Only main/index.ts imports this module: requiring Electron outside the app fails.
 */
import { ipcMain } from 'electron';
import { CHANNELS } from './contract.js';
import type { Dispatch } from './dispatch.js';

export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS)
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      const url = frame && frame.parent === null ? frame.url : '';
      return dispatch(channel, url, payload);
    });
}
