/**
 * A split ceremony as the app's main process runs it (main/ceremony/ceremonies.ts), in a process of
 * its own so a test can kill it with SIGKILL at any step: an imported key read from a file, three
 * holders' encrypted files, each receipt, then the wallet recorded. Prints one line per step done.
 * Usage: node ceremony-runner.mjs DATA_DIR KEY_FILE FOLDER
 */
import { Ceremonies } from '../../main/ceremony/ceremonies.js';

const [dataDir, keyFile, folder] = process.argv.slice(2) as [string, string, string];
const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];
const c = new Ceremonies({ dataDir, scryptLogN: 14 });
const started = await c.start({
  source: { kind: 'key-file', path: keyFile, curve: 'secp256k1' },
  walletLabel: 'Family savings',
  holders: ['Alice', 'Bob', 'Carol'],
  scheme: 'xor',
});
const id = started.ceremonyId;
process.stdout.write('started\n');
const files: string[] = [];
for (const i of [1, 2, 3]) {
  files.push((await c.handOffFile(id, i, PASS[i - 1]!, folder)).path);
  process.stdout.write(`handed ${i}\n`);
}
for (const i of [1, 2, 3]) {
  await c.confirm(id, i, { kind: 'file', path: files[i - 1]!, passphrase: PASS[i - 1] });
  process.stdout.write(`confirmed ${i}\n`);
}
c.finish(id);
process.stdout.write('finished\n');
