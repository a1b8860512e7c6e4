/**
 * A rekey as the app's main process runs it — the real dispatcher and handlers — in a process of its
 * own so a test can kill it with SIGKILL at any step: a session opened for a rekey, two current
 * child-key files entered, `session/rekey` to 3 of 4 with Dave, each new holder's encrypted file,
 * each receipt, then `ceremony/finish`. Prints one line per step done.
 * Usage: node rekey-runner.mjs DATA_DIR WALLET_ID FOLDER FILE1 FILE2
 */
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { createDispatch } from '../../main/ipc/dispatch.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';

const [dataDir, walletId, folder, ...files] = process.argv.slice(2) as [string, string, string, string, string];
const PAGE = 'app://jointkey/index.html';
const PASS = [
  'velvet harbor quietly orbit',
  'copper lantern drift meadow',
  'tundra pixel saffron canoe',
  'marble falcon winter quiver',
];
const ctx = createContext({ dataDir, ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }) });
const dispatch = createDispatch(createHandlers(ctx), PAGE);
async function call(channel: string, payload: unknown): Promise<any> {
  const r = (await dispatch(channel as never, PAGE, payload)) as { ok: boolean; value?: any; message?: string };
  if (!r.ok) throw new Error(`${channel}: ${r.message}`);
  return r.value;
}
const { sessionId } = await call('session/open', { walletId, purpose: 'rekey' });
for (const path of files) await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path } });
process.stdout.write('entered\n');
const started = await call('session/rekey', { sessionId, holders: ['Alice', 'Bob', 'Carol', 'Dave'], threshold: 3 });
const ceremonyId = started.ceremonyId as string;
process.stdout.write('started\n');
const written: string[] = [];
for (const index of [1, 2, 3, 4]) {
  written.push((await call('ceremony/hand-off-file', { ceremonyId, index, passphrase: PASS[index - 1], folder })).path);
  process.stdout.write(`handed ${index}\n`);
}
for (const index of [1, 2, 3, 4]) {
  const r = await call('ceremony/confirm-receipt', {
    ceremonyId,
    index,
    proof: { kind: 'file', path: written[index - 1], passphrase: PASS[index - 1] },
  });
  if (!r.last.accepted) throw new Error(r.last.message);
  process.stdout.write(`confirmed ${index}\n`);
}
await call('ceremony/finish', { ceremonyId });
process.stdout.write('finished\n');
