/**
 * One FROST holder's answer as the app's main process makes it — the real dispatcher and handlers —
 * in a process of its own, so a test can kill it with SIGKILL at any moment: round 1 (frost/commit)
 * or round 2 (frost/respond) of the request REQ with the child-key file KEY, the answer saved to OUT
 * (main's save dialog answered with it), the holder pressing Sign in main's dialog. Prints "opened"
 * once the request is read, "done" once the answer is saved.
 * Usage: node frost-runner.mjs DATA_DIR commit|respond REQ KEY OUT [COMMITMENT…]
 */
import { createDispatch } from '../../main/ipc/dispatch.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';

const [dataDir, round, req, key, out, ...commitments] = process.argv.slice(2) as [
  string,
  'commit' | 'respond',
  string,
  string,
  string,
  ...string[],
];
const PAGE = 'app://jointkey/index.html';
const confirm = async () => true;
const chooseSaveFile = async () => out;
const dispatch = createDispatch(createHandlers(createContext({ dataDir, confirm, chooseSaveFile })), PAGE);
async function call(channel: string, payload: unknown): Promise<any> {
  const r = (await dispatch(channel as never, PAGE, payload)) as { ok: boolean; value?: any; message?: string };
  if (!r.ok) throw new Error(`${channel}: ${r.message}`);
  return r.value;
}
const { requestHash } = await call('frost/open-request', { path: req });
process.stdout.write('opened\n');
const childKey = { kind: 'file', path: key };
if (round === 'commit') await call('frost/commit', { path: req, requestHash, childKey });
else await call('frost/respond', { path: req, requestHash, commitments, childKey });
process.stdout.write('done\n');
