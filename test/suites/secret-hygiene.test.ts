/**
 * Secret hygiene: a whole session as the app runs it — create a wallet from a generated key, hand
 * each holder their encrypted file (one also a paper backup, one also their words), take every
 * receipt, import a holder's child key into the keychain, then sign and save an Ethereum transfer —
 * over the real dispatcher, handlers, core, files and a real GNOME Keyring. Then everything the app
 * wrote is searched for the private key — in hex (either case), base64, base64url and raw bytes:
 * every file in the data folder and the holders' folder (wallet records, journals, settings, the
 * signed result, the encrypted files, the PDF), every IPC reply, every log line, and every keychain
 * entry (each holder's own entry holds their child key, never the key). Zero hits.
 *
 * The key is generated inside main and never given to the test: the test restores it at the end
 * from the holders' files, in memory, only to know what to search for.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { restore } from '../../main/core/wallet/restore.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { openChildKeyFile } from '../../main/files/child-key-files.js';
import type { Result } from '../../main/ipc/contract.js';
import { createDispatch } from '../../main/ipc/dispatch.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';
import { OsKeychain } from '../../main/keychain/os-keychain.js';
import { APP_PAGE, tempDir } from '../support/ipc.js';
import { secretServiceMissing } from '../support/secret-service.js';
import { jointKeyIn } from '../support/records.js';

const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];
const missing = secretServiceMissing();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every form the key could take in text or bytes. */
function forms(key: Uint8Array): { name: string; needle: Buffer }[] {
  const b = Buffer.from(key);
  return [
    { name: 'hex', needle: Buffer.from(b.toString('hex')) },
    { name: 'HEX', needle: Buffer.from(b.toString('hex').toUpperCase()) },
    { name: 'base64', needle: Buffer.from(b.toString('base64').replace(/=+$/, '')) },
    { name: 'base64url', needle: Buffer.from(b.toString('base64url')) },
    { name: 'raw bytes', needle: b },
  ];
}

describe.skipIf(missing !== undefined)(
  `secret hygiene: nothing the app writes holds the key${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
    );
    afterAll(() => spies.forEach((s) => s.mockRestore()));

    it('create → hand-off → receipts → keychain → sign → save: zero hits in files, replies, logs and the keychain', async () => {
      const dataDir = tempDir('jointkey-hygiene-data-');
      const documentsDir = tempDir('jointkey-hygiene-docs-');
      const keychain = new OsKeychain({ service: `JointKeyHygiene-${Date.now()}` });
      const pages: string[] = [];
      const ctx = createContext({
        dataDir,
        keychain,
        documentsDir,
        ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }),
        showWords: async (p: { html: string }) => void pages.push(p.html),
        chooseFolder: async () => join(documentsDir, 'chosen'),
        // Bob and the signers confirm in main's own dialog (main/dialogs/confirm.ts).
        confirm: async () => true,
      } as never);
      const dispatch = createDispatch(createHandlers(ctx), APP_PAGE, (e) => logs.push(String(e)));
      const replies: unknown[] = [];
      const call = async (channel: string, payload: unknown): Promise<any> => {
        const r = (await dispatch(channel as never, APP_PAGE, payload)) as Result<unknown>;
        replies.push(r);
        if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`);
        return r.value;
      };

      // Create: a generated key, three holders, all must sign.
      const started = await call('ceremony/start', {
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Family savings',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'xor',
      });
      const id = started.ceremonyId as string;
      const folder = started.defaultFolder as string;
      const files: string[] = [];
      for (const i of [1, 2, 3])
        files.push(
          (await call('ceremony/hand-off-file', { ceremonyId: id, index: i, passphrase: PASS[i - 1], folder })).path,
        );
      await call('ceremony/paper-backup', { ceremonyId: id, index: 2, folder });
      await call('ceremony/show-words', { ceremonyId: id, index: 3 });
      for (const i of [1, 2, 3])
        expect(
          (
            await call('ceremony/confirm-receipt', {
              ceremonyId: id,
              index: i,
              proof: { kind: 'file', path: files[i - 1], passphrase: PASS[i - 1] },
            })
          ).last,
        ).toMatchObject({ accepted: true });
      const { wallet } = await call('ceremony/finish', { ceremonyId: id });

      // Bob keeps his child key in this computer's keychain.
      await call('keychain/import', { path: files[1], passphrase: PASS[1] });

      // Sign an Ethereum transfer: Alice's file, Bob's keychain entry, Carol's file; save the result.
      const { sessionId } = await call('session/open', { walletId: wallet.id });
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
      await call('session/add-child-key', {
        sessionId,
        childKey: { kind: 'file', path: files[0], passphrase: PASS[0] },
      });
      await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: `${wallet.id}/2` } });
      await call('session/add-child-key', {
        sessionId,
        childKey: { kind: 'file', path: files[2], passphrase: PASS[2] },
      });
      const signed = await call('session/sign', { sessionId });
      expect(signed.kind).toBe('eth-transfer');
      await call('session/save-result', { sessionId });
      await call('session/close', { sessionId });

      // Only now, and only in memory: the key, restored from the holders' files, to know what to look for.
      const read = await Promise.all(files.map((f, i) => openChildKeyFile(f, PASS[i])));
      const { secret: key } = restore(read.map((r) => jointKeyIn(r).childKey));
      expect(key).toHaveLength(32);

      const places: { where: string; bytes: Buffer }[] = [
        ...[...filesUnder(dataDir), ...filesUnder(documentsDir)].map((f) => ({ where: f, bytes: readFileSync(f) })),
        { where: 'IPC replies', bytes: Buffer.from(JSON.stringify(replies)) },
        { where: 'logs', bytes: Buffer.from(logs.join('\n')) },
        { where: 'the words pages', bytes: Buffer.from(pages.join('\n')) },
      ];
      for (const e of await keychain.list())
        places.push({ where: `keychain entry ${e.id}`, bytes: Buffer.from(await keychain.read(e.id)) });
      // What was searched: the record, a journal, the result, three encrypted files, the PDF, the keychain.
      expect(places.some((p) => p.where.endsWith('.wallet.json'))).toBe(true);
      expect(places.some((p) => p.where.includes('/ceremonies/'))).toBe(true);
      expect(places.some((p) => p.where.includes('/signed/'))).toBe(true);
      expect(places.filter((p) => p.where.endsWith('.jointkey.age'))).toHaveLength(3);
      expect(places.some((p) => p.where.endsWith('.pdf'))).toBe(true);
      expect(places.some((p) => p.where.startsWith('keychain entry'))).toBe(true);

      const hits = places.flatMap((p) =>
        forms(key)
          .filter((f) => p.bytes.includes(f.needle))
          .map((f) => `${f.name} in ${p.where}`),
      );
      expect(hits).toEqual([]);
      // The search itself finds what it looks for: the public key is in the wallet record.
      const record = places.find((p) => p.where.endsWith('.wallet.json'))!;
      expect(record.bytes.includes(Buffer.from(wallet.publicKey))).toBe(true);
      for (const e of await keychain.list()) await keychain.remove(e.id);
      key.fill(0);
      expect(bytesToHex(key)).toBe('00'.repeat(32));
    }, 120_000);
  },
);
