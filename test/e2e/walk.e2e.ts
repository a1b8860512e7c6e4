/**
 * One walk through every screen, as three holders would, in Chromium over the real main-process
 * handlers, the real keychain (inside scripts/with-secret-service.sh) and real files: the Wallets
 * screen empty; Create a shared wallet (a generated key, any 2 of Alice, Bob and Carol: encrypted
 * files, a paper backup, words in main's own window, every receipt); Import my child key (Bob stores
 * his in this computer's keychain); Joint signing (an Ethereum transfer with Alice's file and Bob's
 * keychain entry — after another wallet's child key, a duplicate and Carol's with a typo are refused
 * and named; then a message with Carol typing hers); Health check. The wallet the walk made is the
 * one it signs with. Screenshots in test-results/screens-walk/NN-name.png, each scanned with axe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Browser } from 'playwright-core';
import { recoverTransactionAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { childKeyToText } from '../../main/core/text-form.js';
import { openChildKeyFile } from '../../main/files/child-key-files.js';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';
import { createWalletWalk, wordsWindow } from './create-walk.js';
import {
  RENDERER_DIR,
  ROOT,
  Screens,
  assertRendererBuilt,
  contextWithBridge,
  launchChromium,
  serveStatic,
} from './harness.js';
import { finishSigning, healthCheck, importChildKey, signMessage, signTransfer } from './sign-walk.js';

const HOLDERS = ['Alice', 'Bob', 'Carol'];
const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];
const missing = secretServiceMissing();

describe('every screen in one walk: create → import → sign → health check', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let appPage: string;

  beforeAll(async () => {
    assertRendererBuilt();
    server = await serveStatic(RENDERER_DIR);
    appPage = `${server.origin}/index.html`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.skipIf(missing !== undefined && !REQUIRE_SECRET_SERVICE)(
    missing ? `the whole walk (skipped: ${missing})` : 'three holders, one wallet, every screen',
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens-walk'), 1, 99);
      const dataDir = tempDir('jointkey-walk-data-');
      const chosen = join(tempDir('jointkey-walk-keys-'), 'Family keys');
      const savedDir = tempDir('jointkey-walk-signed-');
      const other = saveWallet(tempDir(), tempDir(), 'shamir', 'walk-other', 'Someone else');
      const words = wordsWindow(browser, screens);
      let nextFile: string | null = null;
      // The folder dialog's answer: the holders' folder while creating, then where results are saved.
      let folderAnswer = chosen;
      const pickFile = (path: string) => (nextFile = path);
      const { ctx, dispatch } = makeDispatch(
        dataDir,
        {
          ceremonies: new Ceremonies({ dataDir, scryptLogN: 15 }),
          documentsDir: tempDir('jointkey-walk-docs-'),
          showWords: words.showWords,
          chooseFolder: async () => folderAnswer,
          chooseFile: () => {
            const p = nextFile;
            nextFile = null;
            return p;
          },
        },
        appPage,
      );
      const context = await contextWithBridge(browser, dispatch);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      try {
        await page.goto(appPage);
        await page.getByText('No shared wallets on this computer yet').waitFor();
        await screens.shot(page, 'walk-wallets-empty');

        // Create: a generated key, any 2 of the 3.
        const made = await createWalletWalk(page, screens, {
          walletLabel: 'Family savings',
          holders: HOLDERS,
          passphrases: PASS,
          threshold: 2,
          words: words.shown,
          chosenFolder: chosen,
          shots: (name) => ['owners', 'rule', 'receipts-complete', 'done'].includes(name),
        });
        expect(made.files).toHaveLength(3);
        folderAnswer = savedDir;

        // Import: Bob keeps his child key in this computer's keychain.
        await importChildKey(page, screens, pickFile, {
          label: 'Bob',
          index: 2,
          parties: 3,
          wallet: 'Family savings',
          file: made.files[1]!,
          passphrase: PASS[1]!,
        });
        expect((await ctx.keychain.list()).map((e) => e.holder)).toEqual(['Bob']);

        // Carol types her child key: its text form, read from her file (as she would from her paper).
        const carol = await openChildKeyFile(made.files[2]!, PASS[2]);
        if (carol.kind !== 'jointkey') throw new Error('expected a JointKey child key');
        const carolText = childKeyToText(carol.childKey);

        const setup = {
          walletLabel: 'Family savings',
          pickFile,
          alice: { label: 'Alice', file: made.files[0]!, passphrase: PASS[0]! },
          bob: { label: 'Bob' },
          carolText,
          otherWalletFile: other.files[0]!,
          // The key is new each run: the typo goes in the share, three groups from the end, never in
          // the header (where a changed length would make the live check wait for more groups).
          typoGroup: Math.floor((carolText.length - 4 + 1) / 6) - 2,
        };
        const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
        const signed = await signTransfer(page, screens, setup, {
          to,
          amountEth: '0.25',
          chainId: '31337',
          nonce: '0',
        });
        expect(signed.from).toBe(made.addresses['ethereum']);
        expect(await recoverTransactionAddress({ serializedTransaction: signed.rawTx as `0x02${string}` })).toBe(
          made.addresses['ethereum'],
        );
        await finishSigning(page);

        const text = 'We, the owners, agree.';
        const message = await signMessage(page, screens, setup, text);
        expect(message.publicKeyHex).toBe(made.publicKey);
        expect(
          secp256k1.verify(
            Buffer.from(message.signatureHex, 'hex'),
            sha256(new TextEncoder().encode(text)),
            Buffer.from(made.publicKey, 'hex'),
            { prehash: false },
          ),
        ).toBe(true);

        expect(await healthCheck(page, screens, setup)).toMatch(
          /^The child keys of Alice, Carol restore Family savings/,
        );
        expect(errors).toEqual([]);
        expect(ctx.sessions.size).toBe(0);
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
        expect(readFileSync(made.files[0]!, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
      } finally {
        await context.close();
      }
    },
  );
});
