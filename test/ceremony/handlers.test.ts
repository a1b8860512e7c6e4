/**
 * The split ceremony as the Create screen drives it, over the real dispatcher, handlers, core and
 * files: a generated key handed to three holders (encrypted file, paper backup, words in a page of
 * main's own), weak and shared passphrases refused with their reason, wrong receipts refused naming
 * the holder, the key wiped only after every receipt, the wallet recorded with them — and no reply
 * of the whole ceremony carrying the key, a share, a text form or a passphrase. An imported key's
 * file is left exactly as it was. The public journal says where each ceremony stopped.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { readJournals, whereItStopped } from '../../main/ceremony/journal.js';
import { WORDS_PAGE_CSP, escapeHtml, wordsPageHtml } from '../../main/ceremony/words-page.js';
import { readLog } from '../../main/wallets/log.js';
import { findWalletRecord } from '../../main/wallets/store.js';
import type { Result } from '../../main/ipc/contract.js';
import { wordsWindowOptions } from '../../main/window.js';
import { APP_PAGE, makeDispatch, tempDir } from '../support/ipc.js';

const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

/** A dispatcher whose showWords keeps the pages, and a ceremonies service with a quick scrypt. */
function setUp() {
  const dataDir = tempDir();
  const documentsDir = tempDir('jointkey-docs-');
  const pages: { html: string; title: string }[] = [];
  const ceremonies = new Ceremonies({ dataDir, scryptLogN: 14 });
  const { dispatch } = makeDispatch(dataDir, {
    ceremonies,
    documentsDir,
    showWords: async (p: { html: string; title: string }) => void pages.push(p),
    chooseFolder: async () => join(documentsDir, 'chosen'),
  });
  const replies: unknown[] = [];
  const call = async (channel: string, payload: unknown) => {
    const r = await dispatch(channel, APP_PAGE, payload);
    replies.push(r);
    return r as Result<any>;
  };
  return { dataDir, documentsDir, pages, ceremonies, call, replies };
}

/** The text form shown on a words page: its groups joined back. */
function textFormOf(html: string): string {
  return [...html.matchAll(/<span class="g">([^<]*)<\/span>/g)].map((m) => m[1]).join('-');
}

describe('the split ceremony over the IPC contract', () => {
  it('a generated key: hand-off, refusals with reasons, receipts, then the wallet — no secret in any reply', async () => {
    const { dataDir, documentsDir, pages, ceremonies, call, replies } = setUp();
    const started = expectOk(
      await call('ceremony/start', {
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Family savings',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'shamir',
      }),
    );
    const id = started.ceremonyId as string;
    expect(started).toMatchObject({
      walletLabel: 'Family savings',
      curve: 'secp256k1',
      origin: 'generated',
      threshold: 3,
      parties: 3,
      addresses: {},
      depositsAllowed: false,
      defaultFolder: join(documentsDir, 'JointKey', 'Family savings'),
      holders: [
        { index: 1, label: 'Alice' },
        { index: 2, label: 'Bob' },
        { index: 3, label: 'Carol' },
      ],
    });
    expect(started.progress.summary).toBe('0 of 3 holders have confirmed — waiting for Alice, Bob, Carol');
    const secrets = ceremonies.secretBuffers(id).map((b) => b.slice());
    expect(secrets).toHaveLength(4);
    const folder = started.defaultFolder as string;

    // Passphrases: a weak one says why; the labels count as known words.
    const weak = expectOk(
      await call('ceremony/check-passphrase', { ceremonyId: id, index: 1, passphrase: 'P@ssw0rd2024!' }),
    );
    expect(weak.ok).toBe(false);
    expect(weak.reason).toMatch(/could be guessed in about 10\^\d+ tries.*Choose four or more random words/);
    expect(
      expectOk(
        await call('ceremony/check-passphrase', { ceremonyId: id, index: 1, passphrase: 'Family savings Alice' }),
      ).ok,
    ).toBe(false);
    expect(
      expectOk(await call('ceremony/check-passphrase', { ceremonyId: id, index: 1, passphrase: PASS[0] })),
    ).toMatchObject({ ok: true, reason: '' });
    const refusedWeak = await call('ceremony/hand-off-file', {
      ceremonyId: id,
      index: 1,
      passphrase: 'P@ssw0rd2024!',
      folder,
    });
    expect(refusedWeak).toMatchObject({ ok: false, code: 'WEAK_PASSPHRASE' });
    expect((refusedWeak as { message: string }).message).toMatch(
      /^The passphrase for Alice is not accepted\. .*random words/,
    );

    // Alice and Bob take encrypted files; Bob may not reuse Alice's passphrase.
    const alice = expectOk(
      await call('ceremony/hand-off-file', { ceremonyId: id, index: 1, passphrase: PASS[0], folder }),
    );
    expect(alice.name).toBe('Family savings - 1 Alice.jointkey.age');
    expect(alice.path).toBe(join(folder, alice.name));
    expect(statSync(alice.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(alice.path, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    const reuse = expectOk(await call('ceremony/check-passphrase', { ceremonyId: id, index: 2, passphrase: PASS[0] }));
    expect(reuse).toMatchObject({ ok: false });
    expect(reuse.reason).toMatch(/^Alice already chose this passphrase\..*Bob, choose a different one\.$/);
    expect(
      await call('ceremony/hand-off-file', { ceremonyId: id, index: 2, passphrase: PASS[0], folder }),
    ).toMatchObject({
      ok: false,
      code: 'WEAK_PASSPHRASE',
    });
    const bob = expectOk(
      await call('ceremony/hand-off-file', { ceremonyId: id, index: 2, passphrase: PASS[1], folder }),
    );
    // Never replaces a file.
    expect(
      await call('ceremony/hand-off-file', { ceremonyId: id, index: 2, passphrase: PASS[1], folder }),
    ).toMatchObject({
      ok: false,
      code: 'FILE_EXISTS',
    });

    // Carol: a paper backup (a plaintext PDF, mode 0600) and her words in a page of main's own.
    const paper = expectOk(await call('ceremony/paper-backup', { ceremonyId: id, index: 3, folder }));
    expect(paper.name).toBe('Family savings - 3 Carol - paper backup.pdf');
    expect(readFileSync(paper.path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(paper.path).mode & 0o777).toBe(0o600);
    expect(expectOk(await call('ceremony/show-words', { ceremonyId: id, index: 3 }))).toEqual({ shown: true });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.title).toBe('Carol’s child key — Family savings');
    expect(pages[0]!.html).not.toMatch(/<script|javascript:|<img|<link|src=/i);
    expect(pages[0]!.html).toContain(`content="${escapeHtml(WORDS_PAGE_CSP)}"`);
    const carolWords = textFormOf(pages[0]!.html);
    expect(carolWords).toMatch(/^jk1(-[a-z0-9]{1,5})+$/);

    // Finishing before every receipt is refused, naming who is missing.
    const early = await call('ceremony/finish', { ceremonyId: id });
    expect(early).toMatchObject({ ok: false, code: 'RECEIPT_MISSING' });
    expect((early as { message: string }).message).toMatch(/waiting for Alice, Bob, Carol/);

    // Wrong receipts are verdicts naming the holder and what to do.
    const wrongFile = expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: id,
        index: 2,
        proof: { kind: 'file', path: alice.path, passphrase: PASS[0] },
      }),
    );
    expect(wrongFile.last).toMatchObject({ accepted: false, code: 'RECEIPT_MISMATCH' });
    expect(wrongFile.last.message).toBe(
      'Bob presented child key 1 (Alice), not their own (child key 2). Each holder confirms with the child key they were given.',
    );
    const wrongPass = expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: id,
        index: 2,
        proof: { kind: 'file', path: bob.path, passphrase: PASS[2] },
      }),
    );
    expect(wrongPass.last).toMatchObject({ accepted: false, code: 'WRONG_PASSPHRASE' });
    expect(wrongPass.last.message).toMatch(
      /^Bob’s receipt was not taken: .*the passphrase does not open this file\. Check it/,
    );
    const typo = carolWords.slice(0, 10) + (carolWords[10] === 'q' ? 'p' : 'q') + carolWords.slice(11);
    const wrongWords = expectOk(
      await call('ceremony/confirm-receipt', { ceremonyId: id, index: 3, proof: { kind: 'words', text: typo } }),
    );
    expect(wrongWords.last).toMatchObject({ accepted: false, code: 'CHECKSUM_MISMATCH' });
    expect(wrongWords.last.message).toMatch(/^Carol’s receipt was not taken: /);
    expect(wrongWords.progress.confirmed).toBe(0);

    // The right receipts.
    for (const [index, proof] of [
      [1, { kind: 'file', path: alice.path, passphrase: PASS[0] }],
      [2, { kind: 'file', path: bob.path, passphrase: PASS[1] }],
    ] as const) {
      const r = expectOk(await call('ceremony/confirm-receipt', { ceremonyId: id, index, proof }));
      expect(r.last).toMatchObject({ accepted: true, holder: { index } });
    }
    const last = expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: id,
        index: 3,
        proof: { kind: 'words', text: carolWords.toUpperCase().replaceAll('-', ' ') },
      }),
    );
    expect(last.progress).toMatchObject({ confirmed: 3, complete: true, waiting: [] });
    expect(ceremonies.secretBuffers(id).every((b) => b.some((x) => x !== 0))).toBe(true); // not wiped yet

    const buffers = ceremonies.secretBuffers(id);
    const done = expectOk(await call('ceremony/finish', { ceremonyId: id }));
    expect(buffers.every((b) => b.every((x) => x === 0))).toBe(true); // wiped
    expect(done.wallet).toMatchObject({
      id: started.walletId,
      label: 'Family savings',
      holders: ['Alice', 'Bob', 'Carol'],
    });
    expect(done.wallet.addresses.ethereum).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(done.receipts.map((r: { method: string }) => r.method)).toEqual(['file', 'file', 'words']);
    expect(findWalletRecord(dataDir, started.walletId)?.wallet.record.receipts).toHaveLength(3);
    expect(await call('ceremony/finish', { ceremonyId: id })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    const listed = expectOk(await call('wallets/list', {}));
    expect(listed.wallets.map((w: { id: string }) => w.id)).toEqual([started.walletId]);

    // No reply carried the key, a share, a text form or a passphrase.
    const all = JSON.stringify(replies).toLowerCase();
    for (const b of secrets) expect(all).not.toContain(bytesToHex(b));
    expect(all).not.toContain(carolWords.slice(4, 30));
    for (const p of [...PASS, 'P@ssw0rd2024!']) expect(all).not.toContain(p.toLowerCase());

    // The journal: where it stopped, public data only.
    const [journal] = readJournals(dataDir);
    expect(journal).toMatchObject({ status: 'finished', setId: started.walletId, holders: ['Alice', 'Bob', 'Carol'] });
    expect(journal!.files.map((f) => [f.holder, f.kind])).toEqual([
      ['Alice', 'encrypted-file'],
      ['Bob', 'encrypted-file'],
      ['Carol', 'paper-backup'],
    ]);
    expect(journal!.receipts.map((r) => r.holder)).toEqual(['Alice', 'Bob', 'Carol']);

    // The wallet's record of use starts with its creation and the three receipts, a whole chain.
    const log = readLog(dataDir, started.walletId);
    expect(log.ok).toBe(true);
    expect(log.entries.map((e) => e.event)).toEqual(['created', 'receipt', 'receipt', 'receipt']);
    expect(log.entries[0]!.data).toMatchObject({ label: 'Family savings', previousSetId: null });
    expect(log.entries.slice(1).map((e) => (e.data as { method: string }).method)).toEqual(['file', 'file', 'words']);
    const journalText = JSON.stringify(journal).toLowerCase();
    for (const b of secrets) expect(journalText).not.toContain(bytesToHex(b));
    for (const p of PASS) expect(journalText).not.toContain(p);
    expect(journalText).not.toContain(carolWords.slice(4, 30));
  });

  it('an imported key from a file, 2 of 3: its file is untouched, its addresses shown at once; cancelling wipes and is journaled', async () => {
    const { dataDir, ceremonies, call } = setUp();
    const keyFile = join(tempDir('jointkey-src-'), 'key.txt');
    const hex = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
    writeFileSync(keyFile, `${hex}\n`, { mode: 0o600 });
    const before = { bytes: readFileSync(keyFile), mtime: statSync(keyFile).mtimeMs };
    const started = expectOk(
      await call('ceremony/start', {
        source: { kind: 'key-file', path: keyFile, curve: 'secp256k1' },
        walletLabel: 'Partnership',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'shamir',
        threshold: 2,
      }),
    );
    expect(started).toMatchObject({ origin: 'imported', threshold: 2, depositsAllowed: true });
    expect(started.addresses.ethereum).toBe('0x2c7536E3605D9C16a7a3D7b1898e529396a65c23');
    const id = started.ceremonyId as string;
    const buffers = ceremonies.secretBuffers(id);
    expect(bytesToHex(buffers[0]!)).toBe(hex);
    expect(expectOk(await call('ceremony/abandon', { ceremonyId: id }))).toEqual({ abandoned: true });
    expect(buffers.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(await call('ceremony/show-words', { ceremonyId: id, index: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(expectOk(await call('ceremony/abandon', { ceremonyId: id }))).toEqual({ abandoned: true }); // idempotent
    expect(readFileSync(keyFile).equals(before.bytes)).toBe(true);
    expect(statSync(keyFile).mtimeMs).toBe(before.mtime);
    const [journal] = readJournals(dataDir);
    expect(journal).toMatchObject({ status: 'abandoned', origin: 'imported' });
    expect(whereItStopped(journal!)).toBe('Abandoned: 0 of 3 holders were handed their child key; 0 confirmed.');
    expect(JSON.stringify(journal)).not.toContain(hex);
  });

  it('refuses a bad start in words that say what to do; a bad hex key is not echoed', async () => {
    const { call } = setUp();
    const dup = await call('ceremony/start', {
      source: { kind: 'generate', curve: 'ed25519' },
      walletLabel: 'X',
      holders: ['Alice', 'alice'],
      scheme: 'xor',
    });
    expect(dup).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((dup as { message: string }).message).toMatch(/"alice" is repeated\. Correct it and try again\.$/);
    const bad = await call('ceremony/start', {
      source: {
        kind: 'hex',
        hex: 'zz0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
        curve: 'secp256k1',
      },
      walletLabel: 'X',
      holders: ['Alice', 'Bob'],
      scheme: 'xor',
    });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_KEY' });
    expect(JSON.stringify(bad)).not.toContain('0883a691');
    const relative = await call('ceremony/start', {
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: 'X',
      holders: ['Alice', 'Bob'],
      scheme: 'xor',
    });
    const id = expectOk(relative).ceremonyId;
    const r = await call('ceremony/paper-backup', { ceremonyId: id, index: 1, folder: 'keys' });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((r as { message: string }).message).toMatch(/not a full folder path\. Choose the folder/);
    expect(await call('ceremony/show-words', { ceremonyId: id, index: 3 })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
  });

  it('after a crash mid-ceremony, the journal says where it stopped and what to do; dismissed, it is no longer listed', async () => {
    const { dataDir, documentsDir, call } = setUp();
    const started = expectOk(
      await call('ceremony/start', {
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Family savings',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'additive',
      }),
    );
    const folder = join(documentsDir, 'keys');
    const alice = expectOk(
      await call('ceremony/hand-off-file', { ceremonyId: started.ceremonyId, index: 1, passphrase: PASS[0], folder }),
    );
    expect(expectOk(await call('ceremony/unfinished', {}))).toEqual({ stopped: [] }); // still running here
    // The app "crashes": a new process on the same data folder knows only the journal.
    const { dispatch } = makeDispatch(dataDir, { ceremonies: new Ceremonies({ dataDir }) });
    const stopped = expectOk(await dispatch('ceremony/unfinished', APP_PAGE, {})).stopped;
    expect(stopped).toEqual([
      {
        ceremonyId: started.ceremonyId,
        walletLabel: 'Family savings',
        startedAt: expect.any(String),
        origin: 'generated',
        files: [alice.path],
        summary:
          'Stopped during the hand-off: 1 of 3 holders were handed their child key (Alice); 0 confirmed. Its key was never recorded, so the child keys it handed out cannot be used: delete the files listed and start again.',
      },
    ]);
    expect(expectOk(await dispatch('ceremony/dismiss', APP_PAGE, { ceremonyId: started.ceremonyId }))).toEqual({
      dismissed: true,
    });
    expect(expectOk(await dispatch('ceremony/unfinished', APP_PAGE, {}))).toEqual({ stopped: [] });
    expect(readJournals(dataDir)).toMatchObject([{ status: 'abandoned' }]);
  });

  it('a ceremony idle past the limit is abandoned and wiped', async () => {
    let now = 1_000_000;
    const dataDir = tempDir();
    const c = new Ceremonies({ dataDir, now: () => now, idleMs: 1000 });
    const s = await c.start({
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: '',
      holders: ['A', 'B'],
      scheme: 'xor',
    });
    const buffers = c.secretBuffers(s.ceremonyId);
    now += 1001;
    expect(() => c.wordsPage(s.ceremonyId, 1)).toThrow(/This ceremony is over/);
    expect(buffers.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(c.size).toBe(0);
  });
});

describe('the words page', () => {
  it('escapes everything and shows the groups numbered, with no script', () => {
    const html = wordsPageHtml({
      walletLabel: '<b>"Family"</b>',
      holder: "O'Neil <script>alert(1)</script>",
      index: 2,
      parties: 3,
      threshold: 2,
      textForm: 'jk1-abcde-fghjk-<img>',
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img>');
    expect(html).toContain(escapeHtml("O'Neil <script>alert(1)</script>"));
    expect(html).toContain('&lt;b&gt;&quot;Family&quot;&lt;/b&gt;');
    expect(textFormOf(html)).toBe('jk1-abcde-fghjk-&lt;img&gt;');
    expect(html).toContain('any 2 of the 3 child keys are needed');
  });
});

describe('the words window', () => {
  it('runs no script, has no preload and no Node, and is sandboxed', () => {
    const o = wordsWindowOptions();
    expect(o.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      images: false,
    });
    expect(o.webPreferences?.preload).toBeUndefined();
    expect(o.show).toBe(false);
  });
});
