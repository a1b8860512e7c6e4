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

/** What a bridge call updates: the busy flag and the error banner of a screen's state. */
export interface CallState {
  busy: boolean;
  error: Failure | undefined;
}

/**
 * Runs one bridge call with `state`'s busy flag and error banner: returns its value, or undefined on
 * failure (the failure, or {@link NO_BRIDGE} without a bridge, is then in `state.error`).
 */
export async function runCall<T>(
  state: CallState,
  api: JointKeyApi | undefined,
  call: (api: JointKeyApi) => Promise<{ ok: true; value: T } | Failure>,
): Promise<T | undefined> {
  if (!api) {
    state.error = NO_BRIDGE;
    return undefined;
  }
  state.busy = true;
  state.error = undefined;
  try {
    const r = await call(api);
    if (!r.ok) {
      state.error = r;
      return undefined;
    }
    return r.value;
  } finally {
    state.busy = false;
  }
}
