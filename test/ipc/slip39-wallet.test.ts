/**
 * A SLIP-39 wallet through the app's IPC contract, over the real dispatcher, handlers, core and
 * files: created for three holders (Alice's encrypted file, Bob's and Carol's words in main's own
 * window), receipts refused and taken, the record written only after the last one — public data
 * only — then signed with (another wallet's words, a typo and a duplicate refused, naming what to
 * do) and health-checked; the mnemonics combine with the npm `slip39` package to the wallet's key.
 * No reply carries a mnemonic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import slip39 from 'slip39';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict } from '../../main/core/bytes.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { slip39SplitKey } from '../../main/core/wallet/kinds/slip39.js';
import { WORDLIST } from '../../main/core/sharing/slip39/index.js';
import { anyWalletRecordFromJson, wordsIn } from '../support/records.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { openChildKeyFile, wipeRead } from '../../main/files/child-key-files.js';
import type { Result } from '../../main/ipc/contract.js';
import { APP_PAGE, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';
import { seededRng } from '../support/sets.js';

const PASS = 'velvet harbor quietly orbit';
const missing = secretServiceMissing();

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

/** The words shown on a words page. */
function wordsOf(html: string): string {
  return [...html.matchAll(/<span class="g">([^<]*)<\/span>/g)].map((m) => m[1]).join(' ');
}

function typo(mnemonic: string, n: number): string {
  const words = mnemonic.split(' ');
  words[n - 1] = WORDLIST[(WORDLIST.indexOf(words[n - 1] as string) + 1) % 1024] as string;
  return words.join(' ');
}

async function mnemonicIn(path: string, passphrase: string): Promise<string> {
  const read = await openChildKeyFile(path, passphrase);
  try {
    return wordsIn(read).mnemonic;
  } finally {
    wipeRead([read]);
  }
}

function setUp() {
  const dataDir = tempDir();
  const folder = tempDir('jointkey-docs-');
  const pages: { html: string; title: string }[] = [];
  const { dispatch } = makeDispatch(dataDir, {
    ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }),
    documentsDir: folder,
    showWords: async (p: { html: string; title: string }) => void pages.push(p),
  });
  const replies: unknown[] = [];
  const call = async (channel: string, payload: unknown) => {
    const r = await dispatch(channel, APP_PAGE, payload);
    replies.push(r);
    return r as Result<any>;
  };
  return { dataDir, folder, pages, call, replies };
}

describe('a SLIP-39 wallet over the IPC contract', () => {
  it('is created with receipts, recorded with public data only, and signs; its words are standard SLIP-39', async () => {
    const { dataDir, folder, pages, call, replies } = setUp();
    const started = expectOk(
      await call('ceremony/start', {
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Family savings',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'slip39',
        threshold: 2,
      }),
    );
    const id = started.ceremonyId as string;
    expect(started).toMatchObject({
      scheme: 'slip39',
      threshold: 2,
      parties: 3,
      addresses: {},
      depositsAllowed: false,
    });

    // Alice: her encrypted file. Bob and Carol: their words, in main's own window.
    const file = expectOk(await call('ceremony/hand-off-file', { ceremonyId: id, index: 1, passphrase: PASS, folder }));
    expect(file.name).toBe('Family savings - 1 Alice.jointkey.age');
    const paper = await call('ceremony/paper-backup', { ceremonyId: id, index: 2, folder });
    expect(paper).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    if (!paper.ok) expect(paper.message).toContain('Show Bob their words');
    expectOk(await call('ceremony/show-words', { ceremonyId: id, index: 2 }));
    expectOk(await call('ceremony/show-words', { ceremonyId: id, index: 3 }));
    const bob = wordsOf(pages[0]!.html);
    const carol = wordsOf(pages[1]!.html);
    expect(bob.split(' ')).toHaveLength(33);
    expect(pages[0]!.html).toContain('Copy the 33 words (standard SLIP-39 words) by hand');
    const alice = await mnemonicIn(file.path, PASS);

    // Receipts: Carol presenting Bob's words, and a typo, are refused naming her; then each is taken.
    const wrong = expectOk(
      await call('ceremony/confirm-receipt', { ceremonyId: id, index: 3, proof: { kind: 'words', text: bob } }),
    );
    expect(wrong.last).toEqual({
      accepted: false,
      code: 'RECEIPT_MISMATCH',
      message: 'Carol presented Bob’s words, not their own. Each holder confirms with the words they were given.',
    });
    const typed = expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: id,
        index: 3,
        proof: { kind: 'words', text: typo(carol, 20) },
      }),
    );
    expect(typed.last.message).toContain('word 20 looks wrong');
    expect((await call('ceremony/finish', { ceremonyId: id })).ok).toBe(false);
    expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: id,
        index: 1,
        proof: { kind: 'file', path: file.path, passphrase: PASS },
      }),
    );
    expectOk(await call('ceremony/confirm-receipt', { ceremonyId: id, index: 2, proof: { kind: 'words', text: bob } }));
    const last = expectOk(
      await call('ceremony/confirm-receipt', { ceremonyId: id, index: 3, proof: { kind: 'words', text: carol } }),
    );
    expect(last.progress.complete).toBe(true);
    const done = expectOk(await call('ceremony/finish', { ceremonyId: id }));
    expect(done.wallet).toMatchObject({ id: started.walletId, scheme: 'slip39', threshold: 2, parties: 3 });
    expect(done.wallet.addresses['ethereum']).toMatch(/^0x[0-9a-fA-F]{40}$/);

    // The record: public data only, strict, and the words combine (npm slip39) to its key.
    const recordText = readFileSync(join(dataDir, 'wallets', `${started.walletId}.wallet.json`), 'utf8');
    const parsed = anyWalletRecordFromJson(JSON.parse(recordText));
    expect(parsed.record.receipts.map((r) => [r.holder, r.method])).toEqual([
      ['Alice', 'file'],
      ['Bob', 'words'],
      ['Carol', 'words'],
    ]);
    for (const m of [alice, bob, carol]) expect(recordText).not.toContain(m.split(' ').slice(4, 8).join(' '));
    // A standard SLIP-39 wallet: the words' master secret is a BIP-32 seed (its master public key the
    // wallet's), and the Ethereum address is m/44'/60'/0'/0/0's, as a Trezor derives it.
    const key = Uint8Array.from(slip39.recoverSecret([alice, carol], ''));
    const root = HDKey.fromMasterSeed(key);
    expect(bytesToHex(root.publicKey!)).toBe(started.publicKey);
    const ethKey = root.derive("m/44'/60'/0'/0/0");
    expect(done.wallet.addresses['ethereum']).toBe(privateKeyToAddress(`0x${bytesToHex(ethKey.privateKey!)}`));
    const ethPublic = bytesToHex(ethKey.publicKey!);
    expect(bytesToHex(Uint8Array.from(slip39.recoverSecret([bob, alice], '')))).toBe(bytesToHex(key));

    // Joint signing: another wallet's words, a typo, a duplicate — each refused at once.
    const list = expectOk(await call('wallets/list', {}));
    expect(list.wallets.map((w: { scheme: string }) => w.scheme)).toEqual(['slip39']);
    const open = expectOk(await call('session/open', { walletId: started.walletId }));
    const sessionId = open.sessionId as string;
    expect(open.progress.summary).toBe('0 of 2 — 2 more from any of: Alice, Bob, Carol');
    const other = slip39SplitKey('secp256k1', generatePrivateKey('secp256k1', seededRng('o')), {
      labels: ['X', 'Y'],
      rng: seededRng('o/split'),
    }).mnemonics[0]!;
    const message = 'pay the plumber';
    expectOk(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message },
      }),
    );
    const add = async (childKey: unknown) =>
      expectOk(await call('session/add-child-key', { sessionId, childKey })).last;
    expect(await add({ kind: 'text', text: other })).toMatchObject({ accepted: false, code: 'DIFFERENT_WALLET' });
    expect(await add({ kind: 'text', text: typo(bob, 9) })).toEqual({
      accepted: false,
      code: 'MNEMONIC_CHECKSUM',
      message: 'These words have a typo: word 9 looks wrong. Compare it with the holder’s copy and correct it.',
    });
    expect(await add({ kind: 'file', path: file.path, passphrase: PASS })).toEqual({
      accepted: true,
      holder: { index: 1, label: 'Alice' },
    });
    expect(await add({ kind: 'text', text: alice })).toMatchObject({ accepted: false, code: 'DUPLICATE_CHILD_KEY' });
    expect(await add({ kind: 'text', text: bob })).toEqual({ accepted: true, holder: { index: 2, label: 'Bob' } });
    const signed = expectOk(await call('session/sign', { sessionId }));
    expect(signed.publicKeyHex).toBe(ethPublic); // ecdsa-sha256: signed by the Ethereum key
    const digest = sha256(new TextEncoder().encode(message));
    expect(
      secp256k1.verify(hexToBytesStrict(signed.signatureHex, 's'), digest, hexToBytesStrict(ethPublic, 'p'), {
        prehash: false,
      }),
    ).toBe(true);

    // Health check with two others.
    const h = expectOk(await call('session/open', { walletId: started.walletId })).sessionId as string;
    for (const text of [carol, bob])
      expectOk(await call('session/add-child-key', { sessionId: h, childKey: { kind: 'text', text } }));
    expect(expectOk(await call('health/check', { sessionId: h }))).toMatchObject({
      ok: true,
      publicKeyHex: started.publicKey,
    });

    // Import my child key: Alice keeps her words in this computer's keychain, then enters them from it.
    if (missing && !REQUIRE_SECRET_SERVICE) console.warn(`SLIP-39 keychain steps skipped: ${missing}`);
    else {
      const preview = expectOk(await call('keychain/inspect', { path: file.path, passphrase: PASS }));
      expect(preview).toEqual({
        id: `${started.walletId}/1`,
        setId: started.walletId,
        index: 1,
        parties: 3,
        threshold: 2,
        wallet: 'Family savings',
        holder: 'Alice',
        encrypted: true,
        walletKnown: true,
        inKeychain: false,
      });
      const stored = expectOk(await call('keychain/import', { path: file.path, passphrase: PASS }));
      expect(stored.entry).toEqual({
        id: `${started.walletId}/1`,
        setId: started.walletId,
        index: 1,
        wallet: 'Family savings',
        holder: 'Alice',
      });
      expect(expectOk(await call('keychain/list', {})).entries).toEqual([stored.entry]);
      expect(await call('keychain/import', { path: file.path, passphrase: PASS })).toMatchObject({
        ok: false,
        code: 'KEYCHAIN_ENTRY_EXISTS',
      });
      const k = expectOk(await call('session/open', { walletId: started.walletId })).sessionId as string;
      const fromKeychain = expectOk(
        await call('session/add-child-key', { sessionId: k, childKey: { kind: 'keychain', id: stored.entry.id } }),
      );
      expect(fromKeychain.last).toEqual({ accepted: true, holder: { index: 1, label: 'Alice' } });
      expectOk(await call('session/add-child-key', { sessionId: k, childKey: { kind: 'text', text: carol } }));
      expect(expectOk(await call('health/check', { sessionId: k })).ok).toBe(true);
      expectOk(await call('keychain/remove', { id: stored.entry.id }));
    }

    // No reply carried any holder's words.
    const all = JSON.stringify(replies);
    for (const m of [alice, bob, carol]) expect(all).not.toContain(m.split(' ').slice(4, 8).join(' '));
  }, 60_000);

  it('a JointKey wallet’s session refuses a SLIP-39 file, saying what to enter instead', async () => {
    const { dataDir, folder, call } = setUp();
    const w = saveWallet(dataDir, folder);
    const words = slip39SplitKey('secp256k1', w.key, { labels: ['A', 'B'], rng: seededRng('jk/slip') }).mnemonics[0]!;
    const path = join(folder, 'words.txt');
    writeFileSync(path, `${words}\n`);
    const sessionId = expectOk(await call('session/open', { walletId: w.walletId })).sessionId as string;
    const r = expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path } }));
    expect(r.last).toEqual({
      accepted: false,
      code: 'DIFFERENT_SCHEME',
      message: `${path} holds SLIP-39 words, and this wallet was split as JointKey child keys. Enter this holder’s JointKey child key (its file, or the words starting with jk1-).`,
    });
  });

  it('refuses a SLIP-39 wallet of more than 16 holders, saying why', async () => {
    const { call } = setUp();
    const r = await call('ceremony/start', {
      source: { kind: 'generate', curve: 'ed25519' },
      walletLabel: 'Club',
      holders: Array.from({ length: 17 }, (_, i) => `Member ${i + 1}`),
      scheme: 'slip39',
    });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    if (!r.ok) expect(r.message).toBe('SLIP-39 takes 2 to 16 holders. Correct it and try again.');
  });
});
