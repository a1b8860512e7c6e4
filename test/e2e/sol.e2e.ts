/**
 * A Solana transfer in the app, end to end, in Chromium over the real main-process handlers, by
 * keyboard: a secp256k1 wallet is not offered Solana, an Ed25519 wallet is offered only Solana and a
 * message; the form's own checks, then main's refusals in its own words (an amount of 0, the System
 * Program as recipient); the transfer read together, confirmed in main's dialog only when it shows
 * the same lines, signed with two holders' files, checked by micro-sol-signer and OpenSSL, saved as
 * JSON and as the base64 transaction to send, with one line saying what to do with it. Screenshots
 * 190–199, each scanned by axe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hexToBytesStrict } from '../../main/core/bytes.js';
import { ed25519PublicKeyBase58 } from '../../main/core/chains/addresses.js';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { checkSignedTransfer } from '../support/solana.js';
import {
  HolderAtMainDialog,
  ROOT,
  Screens,
  chromiumMissing,
  expectAccessible,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { enterFromFile, openScreen } from './sign-walk.js';
import { chooseRadio, press, typeInto } from './walk.js';

const skip = skipReason('test/e2e/sol.e2e.ts', chromiumMissing);
const TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
const HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
const SYSTEM_PROGRAM = '11111111111111111111111111111111';

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

/** The labels of the "What to sign" radio buttons. */
const kinds = (page: Page) =>
  page
    .getByRole('group', { name: 'What to sign' })
    .getByRole('radio')
    .evaluateAll((els) => els.map((e) => (e.parentElement?.textContent ?? '').trim()));

describe('a Solana transfer in Chromium, over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle(
      'only an Ed25519 wallet is offered Solana; refused in main’s words; read, confirmed, signed, verified, saved',
      skip,
    ),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 190, 199);
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const savedDir = tempDir('jointkey-e2e-saved-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-sol', 'Roof fund', 'ed25519');
      saveWallet(dataDir, keys, 'shamir', 'e2e-sol-secp', 'Family savings');
      const from = ed25519PublicKeyBase58(hexToBytesStrict(w.publicKeyHex, 'publicKey'));
      let nextFile: string | null = null;
      const pickFile = (path: string) => void (nextFile = path);
      // The holders at main's own dialog: they press Sign only when it shows what the screen shows.
      const holders = new HolderAtMainDialog();
      const { ctx, dispatch } = makeDispatch(
        dataDir,
        {
          chooseFile: () => {
            const p = nextFile;
            nextFile = null;
            return p;
          },
          chooseFolder: async () => savedDir,
        },
        chromium.appPage,
        holders.person,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      holders.page = page;
      const start = async (label: string) => {
        await openScreen(page, 'Joint signing');
        await chooseRadio(page, new RegExp(`^${label}`));
        await press(page, 'Continue');
        await page.getByRole('heading', { name: `2. What will ${label} sign?` }).waitFor();
      };
      try {
        // A secp256k1 wallet: Ethereum and Bitcoin, never Solana.
        await start('Family savings');
        expect(await kinds(page)).toEqual([
          'An Ethereum transfer',
          'Tokens (ERC-20)',
          'A contract call',
          'An Ethereum message',
          'Typed data (EIP-712)',
          'A Bitcoin transaction (PSBT)',
          'A message',
        ]);
        await press(page, 'Cancel');
        await page.getByRole('heading', { name: '1. Choose the wallet' }).waitFor();

        // An Ed25519 wallet: Solana (chosen first) and a message, nothing main would refuse.
        await start('Roof fund');
        expect(await kinds(page)).toEqual(['A Solana transfer (SOL)', 'A message']);
        expect(await page.getByRole('radio', { name: 'A Solana transfer (SOL)' }).isChecked()).toBe(true);
        await page.getByText(`From this wallet’s own address ${from}`).waitFor();
        await shot(page, screens, 'sol-compose');

        // The form's own checks: each field says what to enter.
        await typeInto(page, 'Recipient’s Solana address', `${TO.slice(0, -1)}0`);
        await press(page, 'Show it in plain words');
        await page.getByText('Enter the recipient’s Solana address: 32 to 44 letters and digits').waitFor();
        await page.getByText('Enter the amount of SOL to send, like 1.5.').waitFor();
        await page.getByText('Enter a recent blockhash of the network you send on').waitFor();
        await shot(page, screens, 'sol-form-errors');

        // Main's refusals, in its words: an amount of 0, then the System Program as recipient.
        await typeInto(page, 'Recipient’s Solana address', SYSTEM_PROGRAM);
        await typeInto(page, 'Amount (SOL)', '0');
        await typeInto(page, 'Recent blockhash', HASH);
        await press(page, 'Show it in plain words');
        const banner = page.getByRole('alert');
        await expect
          .poll(() => banner.textContent())
          .toContain('The amount is 0 SOL: give the amount to send, more than 0.');
        await shot(page, screens, 'sol-main-refuses-zero');
        await typeInto(page, 'Amount (SOL)', '1.5');
        await press(page, 'Show it in plain words');
        await expect
          .poll(() => banner.textContent())
          .toContain("is the System Program's address, not an account: SOL cannot be sent to it.");
        await typeInto(page, 'Recipient’s Solana address', TO);
        await press(page, 'Show it in plain words');

        // Read together: main's lines.
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        const what = page.getByRole('region', { name: 'Roof fund will sign' });
        await expect.poll(() => what.textContent()).toContain(`Send 1.5 SOL (1,500,000,000 lamports) to ${TO}`);
        expect(await what.textContent()).toContain(`from ${from} (this wallet)`);
        expect(await what.textContent()).toContain(`recent blockhash ${HASH}`);
        await shot(page, screens, 'sol-read-together');
        await press(page, 'We all agree — enter child keys');

        await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();
        expect(await enterFromFile(page, pickFile, w.files[0]!)).toBe('Taken. Alice’s child key is in.');
        expect(await enterFromFile(page, pickFile, w.files[2]!)).toBe('Taken. Carol’s child key is in.');
        await page.getByRole('heading', { name: 'Ready to sign' }).waitFor();
        await shot(page, screens, 'sol-ready');
        await press(page, 'Sign');

        // Signed: the dialog showed the lines on screen; another library reads and verifies the transaction.
        const result = page.getByRole('region', { name: 'The SOL transfer is signed' });
        await result.waitFor();
        expect(holders.mismatches).toEqual([]);
        expect(holders.person.prompts.map((p) => p.title)).toEqual(['JointKey — sign']);
        const base64 = (await result.locator('dd.raw').textContent())!.trim();
        const signature = checkSignedTransfer(base64, { from, to: TO, lamports: 1_500_000_000n, blockhash: HASH });
        expect((await result.locator('dd').nth(1).textContent())!.trim()).toBe(signature);
        await result
          .getByText('JointKey does not send it: save it, then send the .sol.txt file’s transaction')
          .waitFor();
        await shot(page, screens, 'sol-signed');

        await press(page, 'Save to a file…');
        const saved = page.getByText(/^Saved as /);
        await saved.waitFor();
        const [jsonPath, txPath] = (await saved.locator('.mono').allTextContents()).map((t) => t.trim());
        expect(jsonPath).toMatch(new RegExp(`^${savedDir}/Roof fund - signed SOL transfer .*\\.json$`));
        expect(txPath).toBe(jsonPath!.replace(/\.json$/, '.sol.txt'));
        expect(readFileSync(txPath!, 'utf8')).toBe(`${base64}\n`);
        expect(JSON.parse(readFileSync(jsonPath!, 'utf8'))).toMatchObject({ kind: 'sol-transfer', signature, from });
        await shot(page, screens, 'sol-saved');

        await press(page, 'Done');
        await page.getByRole('heading', { name: '1. Choose the wallet' }).waitFor();
        expect(ctx.sessions.size).toBe(0);
        const html = (await page.content()).toLowerCase();
        for (const s of w.sharesHex) expect(html).not.toContain(s);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    240_000,
  );
});
