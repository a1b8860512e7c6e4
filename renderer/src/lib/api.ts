/**
 * The bridge to the main process: `window.jointkey`, which the preload exposes (and the end-to-end
 * tests' bridge stands in for). Its type is derived from the IPC contract; only types are imported.
 */
import type { Failure, JointKeyApi } from '../../../main/ipc/contract.js';

declare global {
  interface Window {
    jointkey?: JointKeyApi;
  }
}

export type { Failure, JointKeyApi };

/** The reply when the window has no bridge (opened outside the app). */
export const NO_BRIDGE: Failure = {
  ok: false,
  code: 'INTERNAL',
  message: 'This window is not connected to JointKey. Close it and start the JointKey app again.',
};

/** The bridge, or undefined when the page runs outside the app. */
export function bridge(): JointKeyApi | undefined {
  return window.jointkey;
}
