/**
 * A joint signing session as the app's main process runs it — the real dispatcher and handlers — in
 * a process of its own so a test can kill it with SIGKILL at any step: open the wallet, describe a
 * transfer, enter two child-key files, sign, save the result. Prints one line per step done.
 * Usage: node session-runner.mjs DATA_DIR WALLET_ID FILE1 FILE2
 */
import { createDispatch } from '../../main/ipc/dispatch.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';

const [dataDir, walletId, ...files] = process.argv.slice(2) as [string, string, string, string];
const PAGE = 'app://jointkey/index.html';
// The holders press Sign in main's confirmation dialog (main/dialogs/confirm.ts).
const confirm = async () => true;
const dispatch = createDispatch(createHandlers(createContext({ dataDir, confirm })), PAGE);
async function call(channel: string, payload: unknown): Promise<any> {
  const r = (await dispatch(channel as never, PAGE, payload)) as { ok: boolean; value?: any; message?: string };
  if (!r.ok) throw new Error(`${channel}: ${r.message}`);
  return r.value;
}
const { sessionId } = await call('session/open', { walletId });
process.stdout.write('opened\n');
await call('session/describe', {
  sessionId,
  request: {
    kind: 'eth-transfer',
    tx: {
      chainId: 31337,
      nonce: 0,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      valueWei: '1000000000000000000',
      gas: '21000',
      maxFeePerGasWei: '2000000000',
      maxPriorityFeePerGasWei: '1000000000',
      data: '0x',
    },
  },
});
process.stdout.write('described\n');
for (const path of files) {
  await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path } });
  process.stdout.write('entered\n');
}
await call('session/sign', { sessionId });
process.stdout.write('signed\n');
await call('session/save-result', { sessionId });
process.stdout.write('saved\n');
await call('session/close', { sessionId });
process.stdout.write('closed\n');
