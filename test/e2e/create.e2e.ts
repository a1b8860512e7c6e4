/**
 * Create a shared wallet, end to end in Chromium over the real main-process handlers (see
 * harness.ts): three holders, a generated key, all must sign — with a weak passphrase refused with
 * its reason, a mismatching repeat, a wrong receipt refused and named — then every receipt and
 * Done; and an imported key (hex in a file), any 2 of 3. The files written open with the command
 * line to the wallet's key; the imported key's file is unchanged; no reply to the page carried key
 * material. And a wallet split as SLIP-39 words (all 3 must sign): created, then a message signed with
 * it — Bob's words from the keychain (Import my child key; where there is no Secret Service that step
 * is skipped, saying why, and Bob enters his file), another wallet's words, a typo (named by word) and
 * a duplicate (named by holder) refused; the words combine with the npm `slip39` package to the
 * wallet's key. Without Chromium the whole file is skipped, saying why. Screenshots
 * test-results/screens/20–39-create-*.png and 80–99-*.png (SLIP-39), each scanned with axe.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { p2tr, p2wpkh } from '@scure/btc-signer';
import slip39 from 'slip39';
import { privateKeyToAddress } from 'viem/accounts';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict } from '../../main/core/bytes.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { slip39SplitKey } from '../../main/core/wallet/kinds/slip39.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { openChildKeyFile, wipeRead } from '../../main/files/child-key-files.js';
import { readJournals } from '../../main/ceremony/journal.js';
import type { Dispatch } from '../../main/ipc/dispatch.js';
import { assertBuilt, jointkey } from '../support/cli.js';
import { makeDispatch, tempDir } from '../support/ipc.js';
import { keychainSkipReason } from '../support/secret-service.js';
import { seededRng } from '../support/sets.js';
import { type CreatedWallet, createWalletWalk, wordsWindow } from './create-walk.js';
import {
  HolderAtMainDialog,
  ROOT,
  Screens,
  chromiumMissing,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { HOLDERS, PASS } from './holders-walk.js';
import { healthCheckWithWords, importChildKey, signWithWords } from './sign-walk.js';
import { wordsIn } from '../support/records.js';

const IMPORTED_HEX = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

async function mnemonicIn(path: string, passphrase: string): Promise<string> {
  const read = await openChildKeyFile(path, passphrase);
  try {
    return wordsIn(read).mnemonic;
  } finally {
    wipeRead([read]);
  }
}

/** On a failure, keeps what the page showed: test-results/create-failure.png. */
async function failureShot<T>(page: Page, walk: Promise<T>): Promise<T> {
  try {
    return await walk;
  } catch (e) {
    await page.screenshot({ path: join(ROOT, 'test-results', 'create-failure.png'), fullPage: true }).catch(() => {});
    if (process.env['JOINTKEY_E2E_DEBUG']) console.log(await page.evaluate('document.body.innerText'));
    throw e;
  }
}

const skip = skipReason('test/e2e/create.e2e.ts', chromiumMissing);
const title = skipTitle('Create a shared wallet, in Chromium over the real handlers', skip);

describe.skipIf(skip !== undefined)(title, () => {
  const chromium = useChromiumApp(assertBuilt);
  const screens = new Screens(join(ROOT, 'test-results', 'screens'), 20, 39);

  /** The app over a fresh data folder; every reply the page got is kept, to search for secrets. */
  async function open(shots = screens) {
    const dataDir = tempDir();
    const documentsDir = tempDir('jointkey-docs-');
    const chosen = join(tempDir('jointkey-chosen-'), 'Family keys');
    const words = wordsWindow(chromium.browser, shots);
    let nextFile = '';
    const pickFile = (path: string): void => {
      nextFile = path;
    };
    // The holders at main's own confirmation dialog: they confirm only what the screen shows.
    const holders = new HolderAtMainDialog();
    const { dispatch } = makeDispatch(
      dataDir,
      {
        // A lower scrypt work factor than the app's 2^18, to spare the shared test machine; the format is the same.
        ceremonies: new Ceremonies({ dataDir, scryptLogN: 15 }),
        documentsDir,
        showWords: words.showWords,
        chooseFolder: async () => chosen,
        chooseFile: () => nextFile,
      },
      chromium.appPage,
      holders.person,
    );
    const replies: unknown[] = [];
    const recording = (async (channel: string, sender: string, payload: unknown) => {
      const r = await dispatch(channel, sender, payload);
      replies.push(r);
      return r;
    }) as Dispatch;
    const { context, page, errors } = await openApp(chromium, recording);
    holders.page = page;
    return { dataDir, documentsDir, chosen, words, page, context, errors, replies, pickFile, holders };
  }

  it('a generated key, all 3 must sign: refusals named, every receipt, then Done; the files restore its key', async () => {
    const { dataDir, chosen, words, page, context, errors, replies } = await open();
    // An earlier attempt stopped mid-hand-off (the app crashed): only its journal is left.
    const crashed = new Ceremonies({ dataDir, scryptLogN: 14 });
    const old = await crashed.start({
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: 'Old attempt',
      holders: HOLDERS,
      scheme: 'additive',
    });
    await crashed.handOffFile(old.ceremonyId, 1, PASS[0]!, tempDir());
    const made = await failureShot(
      page,
      createWalletWalk(page, screens, {
        walletLabel: 'Family savings',
        holders: HOLDERS,
        passphrases: PASS,
        words: words.shown,
        chosenFolder: chosen,
        refusals: true,
        stopped: 'Old attempt',
      }),
    );
    expect(made.files).toEqual(HOLDERS.map((h, i) => join(chosen, `Family savings - ${i + 1} ${h}.jointkey.age`)));
    expect(made.paperBackup).toBe(join(chosen, 'Family savings - 2 Bob - paper backup.pdf'));
    expect(readFileSync(made.paperBackup).subarray(0, 5).toString()).toBe('%PDF-');
    expect(made.addresses['ethereum']).toMatch(/^0x[0-9a-fA-F]{40}$/);

    // The files open with the command line, with their passphrases, to the wallet's key.
    const passFile = join(tempDir(), 'passphrases.txt');
    writeFileSync(passFile, `${PASS.join('\n')}\n`, { mode: 0o600 });
    const restored = jointkey(['restore', '--passphrase-file', passFile, ...made.files]);
    expect(restored.status, restored.stderr).toBe(0);
    const secretHex = restored.json.secretHex as string;
    expect(bytesToHex(secp256k1.getPublicKey(hexToBytesStrict(secretHex, 'secretHex'), true))).toBe(made.publicKey);
    // Two of three are not enough for an all-must-sign wallet.
    expect(jointkey(['restore', '--passphrase-file', passFile, made.files[0]!, made.files[1]!]).status).not.toBe(0);

    // Nothing the page was sent carried the key, a child key's words or a passphrase.
    const all = JSON.stringify(replies).toLowerCase();
    expect(all).not.toContain(secretHex);
    expect(all).not.toContain(words.shown[0]!.slice(4, 40));
    for (const p of [...PASS, 'P@ssw0rd2024!']) expect(all).not.toContain(p.toLowerCase());
    expect(readJournals(dataDir)).toMatchObject([
      { status: 'abandoned', walletLabel: 'Old attempt' },
      { status: 'finished', setId: made.walletId },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000); // key by key, control by control: longer than the default on a busy machine

  it('an imported key in a file, any 2 of 3: its file is untouched, and the files restore exactly that key', async () => {
    const { words, page, context, errors } = await open();
    const keyFile = join(tempDir('jointkey-src-'), 'old-wallet.key');
    writeFileSync(keyFile, `${IMPORTED_HEX}\n`, { mode: 0o600 });
    const before = { bytes: readFileSync(keyFile), mtime: statSync(keyFile).mtimeMs };
    const made = await failureShot(
      page,
      createWalletWalk(page, screens, {
        walletLabel: 'Partnership',
        holders: HOLDERS,
        passphrases: PASS,
        words: words.shown,
        key: { kind: 'key-file', path: keyFile },
        threshold: 2,
        shots: (name) => ['key', 'rule', 'done'].includes(name),
      }),
    );
    expect(made.addresses['ethereum']).toBe('0x2c7536E3605D9C16a7a3D7b1898e529396a65c23');
    const passFile = join(tempDir(), 'passphrases.txt');
    writeFileSync(passFile, `${PASS[0]}\n${PASS[2]}\n`, { mode: 0o600 });
    const restored = jointkey(['restore', '--passphrase-file', passFile, made.files[0]!, made.files[2]!]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.json.secretHex).toBe(IMPORTED_HEX);
    expect(readFileSync(keyFile).equals(before.bytes)).toBe(true);
    expect(statSync(keyFile).mtimeMs).toBe(before.mtime);
    expect(errors).toEqual([]);
    await context.close();
  });

  /**
   * A wallet split as SLIP-39 words, made in the first test and used by the next two: Bob's words go
   * into this computer's keychain where there is one (else that step is skipped, saying why, and Bob
   * enters his file when signing), then a message is signed and a health check passes.
   */
  describe('SLIP-39 words, three holders, all must sign', () => {
    const keychain =
      skip === undefined
        ? skipReason('the SLIP-39 keychain step (Import my child key)', keychainSkipReason())
        : keychainSkipReason();
    let slip:
      | (Awaited<ReturnType<typeof open>> & {
          screens: Screens;
          made: CreatedWallet;
          carolWords: string;
          /** The Ethereum path's public key (hex), derived from the words independently. */
          ethereumKey?: string;
        })
      | undefined;
    afterAll(() => slip?.context.close());

    /** Runs one step on the wallet the first test made; on a failure keeps test-results/slip39-failure.png. */
    async function step(run: (s: NonNullable<typeof slip>) => Promise<void>): Promise<void> {
      if (!slip) throw new Error('the SLIP-39 wallet was not made: see the first SLIP-39 test');
      try {
        await run(slip);
      } catch (e) {
        const path = join(ROOT, 'test-results', 'slip39-failure.png');
        await slip.page.screenshot({ path, fullPage: true }).catch(() => {});
        throw e;
      }
    }

    it('hand-off, receipts, Done; the words, combined by the npm slip39 package, derive to the addresses on the card', async () => {
      const slipScreens = new Screens(join(ROOT, 'test-results', 'screens'), 80, 99);
      const app = await open(slipScreens);
      const made = await failureShot(
        app.page,
        createWalletWalk(app.page, slipScreens, {
          walletLabel: 'Family words',
          holders: HOLDERS,
          passphrases: PASS,
          words: app.words.shown,
          slip39: true,
          shots: (name) => ['rule', 'handoff-carol', 'receipt-words', 'done'].includes(name),
        }),
      );
      const carolWords = app.words.shown.at(-1)!.replaceAll('-', ' ');
      slip = { ...app, screens: slipScreens, made, carolWords };
      expect(carolWords.split(' ')).toHaveLength(33);
      const card = app.page.getByRole('article', { name: 'Family words' });
      await card
        .getByText(
          /^secp256k1 key · SLIP-39 recovery words · Recoverable in any SLIP-39 wallet \(Trezor, Keystone…\) · created /,
        )
        .waitFor();
      await slipScreens.shot(app.page, 'slip39-wallets');

      // Standard SLIP-39: the npm package combines the holders' words to a BIP-32 seed, and
      // @scure/bip32 derives from it, on the standard paths, the addresses the card shows.
      const alice = await mnemonicIn(made.files[0]!, PASS[0]!);
      const bob = await mnemonicIn(made.files[1]!, PASS[1]!);
      const seed = Uint8Array.from(slip39.recoverSecret([alice, bob, carolWords], ''));
      const root = HDKey.fromMasterSeed(seed);
      expect(bytesToHex(root.publicKey!)).toBe(made.publicKey);
      const at = (path: string) => root.derive(path).publicKey!;
      const shown = {
        ethereum: privateKeyToAddress(`0x${bytesToHex(root.derive("m/44'/60'/0'/0/0").privateKey!)}`),
        bitcoinP2wpkh: p2wpkh(at("m/84'/0'/0'/0/0")).address!,
        bitcoinP2tr: p2tr(at("m/86'/0'/0'/0/0").subarray(1)).address!,
      };
      expect(made.addresses).toEqual(shown);
      for (const a of Object.values(shown)) await card.getByText(a, { exact: true }).waitFor();
      slip.ethereumKey = bytesToHex(at("m/44'/60'/0'/0/0"));
    }, 240_000);

    it.skipIf(keychain !== undefined)(
      skipTitle('Bob keeps his words in this computer’s keychain (Import my child key)', keychain),
      () =>
        step(async ({ page, screens, pickFile, made }) => {
          await importChildKey(page, screens, pickFile, {
            label: 'Bob',
            file: made.files[1]!,
            passphrase: PASS[1]!,
            index: 2,
            parties: 3,
            wallet: 'Family words',
          });
        }),
    );

    it(
      `a message signed, wrong entries refused and named; a health check — Bob’s words from ${
        keychain === undefined ? 'the keychain' : `his file (the keychain skipped: ${keychain})`
      }`,
      () =>
        step(async ({ page, screens, pickFile, made, carolWords, errors, replies, holders, ethereumKey }) => {
          const other = slip39SplitKey('secp256k1', generatePrivateKey('secp256k1', seededRng('e2e/other')), {
            labels: ['X', 'Y', 'Z'],
            rng: seededRng('e2e/other/split'),
          }).mnemonics[0]!;
          const alice = { label: 'Alice', file: made.files[0]!, passphrase: PASS[0]! };
          const bob =
            keychain === undefined ? { label: 'Bob' } : { label: 'Bob', file: made.files[1]!, passphrase: PASS[1]! };
          const message = 'We agree to move the savings.';
          const signed = await signWithWords(
            page,
            screens,
            { walletLabel: 'Family words', pickFile, alice, bob, carolWords, otherWalletWords: other },
            message,
          );
          // ecdsa-sha256 signs with the standard wallet's Ethereum key (m/44'/60'/0'/0/0).
          expect(signed.publicKeyHex).toBe(ethereumKey);
          const digest = sha256(new TextEncoder().encode(message));
          expect(
            secp256k1.verify(hexToBytesStrict(signed.signatureHex, 's'), digest, hexToBytesStrict(ethereumKey!, 'p'), {
              prehash: false,
            }),
          ).toBe(true);
          const health = await healthCheckWithWords(page, screens, {
            walletLabel: 'Family words',
            pickFile,
            alice,
            bob,
            carolWords,
          });
          expect(health).toMatch(/^The child keys of Alice, Bob, Carol restore Family words/);
          // Main asked before the signature (and before Bob's keychain entry was used, for the message and
          // the health check), each time in what the screen showed.
          expect(holders.mismatches).toEqual([]);
          expect(holders.prompts.map((p) => p.confirmLabel)).toEqual(
            keychain === undefined ? ['Use Bob’s child key', 'Sign', 'Use Bob’s child key'] : ['Sign'],
          );

          // Nothing the page was sent carried a holder's words.
          const words = [
            await mnemonicIn(made.files[0]!, PASS[0]!),
            await mnemonicIn(made.files[1]!, PASS[1]!),
            carolWords,
          ];
          const all = JSON.stringify(replies);
          for (const m of words) expect(all).not.toContain(m.split(' ').slice(4, 8).join(' '));
          expect(errors).toEqual([]);
        }),
      120_000,
    );
  });
});
