/**
 * Joint signing of a Bitcoin transaction (PSBT) end to end, in Chromium over the real main-process
 * handlers: the wallet card shows the descriptors; a PSBT with a fee above the bound is refused
 * before any child key; a PSBT built by bitcoinjs-lib with the wallet's SegWit and Taproot inputs and a
 * foreign one is chosen, described in plain words, signed with two holders' files and saved; the
 * saved PSBT is validated and finalized by bitcoinjs-lib. Screenshots 120–139, each scanned by axe.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex } from '@scure/base';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../support/psbt.js';
import {
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
import { chooseRadio, press } from './walk.js';

const skip = skipReason('test/e2e/psbt.e2e.ts', chromiumMissing);

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

describe('A Bitcoin transaction (PSBT) in Chromium, over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle('descriptors on the card; a high fee refused; a PSBT described, signed, saved, finalized', skip),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 120, 139);
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const savedDir = tempDir('jointkey-e2e-signed-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-psbt', 'Family savings');
      const pub = hex.decode(w.publicKeyHex);
      const psbtPath = join(keys, 'unsigned.psbt');
      writeFileSync(psbtPath, buildPsbt(pub, { foreign: true }).toBase64());
      const highFee = join(keys, 'high-fee.psbt');
      writeFileSync(highFee, buildPsbt(pub, { amount: 20_000_000n, change: false }).toBuffer());
      let nextFile: string | null = null;
      const pickFile = (path: string) => void (nextFile = path);
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
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      try {
        // The wallet card: the descriptors for a watch-only wallet.
        await openScreen(page, 'Wallets');
        const wpkh = page.getByLabel('SegWit descriptor');
        await expect.poll(() => wpkh.inputValue()).toMatch(new RegExp(`^wpkh\\(${w.publicKeyHex}\\)#[a-z0-9]{8}$`));
        expect(await page.getByLabel('Taproot descriptor').inputValue()).toMatch(/^tr\([0-9a-f]{64}\)#[a-z0-9]{8}$/);
        await shot(page, screens, 'psbt-wallet-descriptors');

        await openScreen(page, 'Joint signing');
        await chooseRadio(page, /^Family savings/);
        await press(page, 'Continue');
        await page.getByRole('heading', { name: '2. What will Family savings sign?' }).waitFor();
        await chooseRadio(page, 'A Bitcoin transaction (PSBT)');

        // A fee above the bound: refused at once, before any child key, saying what to do.
        pickFile(highFee);
        await press(page, 'Choose the PSBT file…');
        await page.getByText('high-fee.psbt', { exact: true }).waitFor();
        await press(page, 'Show it in plain words');
        await page.getByText(/above the sanity bound of 1000 sat\/vB/).waitFor();
        await shot(page, screens, 'psbt-refused-high-fee');

        pickFile(psbtPath);
        await press(page, 'Choose the PSBT file…');
        await page.getByText('unsigned.psbt', { exact: true }).waitFor();
        await shot(page, screens, 'psbt-compose');
        await press(page, 'Show it in plain words');
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        const what = page.getByRole('region', { name: 'Family savings will sign' });
        await expect
          .poll(() => what.textContent())
          .toMatch(/Input 0: 0\.00100000 BTC from bc1q.*this wallet’s SegWit address/);
        const text = (await what.textContent())!;
        expect(text).toMatch(/Input 1: .*this wallet’s Taproot address/);
        expect(text).toMatch(/Input 2: .*someone else’s/);
        expect(text).toMatch(/change back to this wallet’s SegWit address/);
        expect(text).toMatch(/Fee: 0\.00002000 BTC — about [\d.]+ sat\/vB/);
        await shot(page, screens, 'psbt-read-together');
        await press(page, 'We all agree — enter child keys');

        await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();
        expect(await enterFromFile(page, pickFile, w.files[0]!)).toBe('Taken. Alice’s child key is in.');
        expect(await enterFromFile(page, pickFile, w.files[2]!)).toBe('Taken. Carol’s child key is in.');
        await page.getByRole('heading', { name: 'Ready to sign' }).waitFor();
        await press(page, 'Sign');

        await page.getByRole('heading', { name: 'The Bitcoin transaction is signed' }).waitFor();
        const result = page.getByRole('region', { name: 'The Bitcoin transaction is signed' });
        const shown = (await result.locator('dd.raw').first().textContent())!.trim();
        await press(page, 'Save to a file…');
        const saved = page.getByText(/^Saved as /);
        await saved.waitFor();
        const savedPath = (await saved.locator('.mono').first().textContent())!.trim();
        await shot(page, screens, 'psbt-signed');
        expect(savedPath.startsWith(savedDir)).toBe(true);
        expect(savedPath.endsWith('.psbt')).toBe(true);

        const back = bitcoin.Psbt.fromBuffer(readFileSync(savedPath));
        expect(back.toBase64()).toBe(shown);
        expect(back.validateSignaturesOfInput(0, validator)).toBe(true);
        expect(back.validateSignaturesOfInput(1, validator)).toBe(true);
        back.signInput(2, foreignSigner);
        back.finalizeAllInputs();
        expect(back.extractTransaction().ins).toHaveLength(3);

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
    180_000,
  );
});
