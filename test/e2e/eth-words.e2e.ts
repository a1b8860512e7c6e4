/**
 * Ethereum in plain words, end to end, in Chromium over the real main-process handlers: tokens sent
 * (“Send 250.5 TUSD to …”), an unlimited approval named in red, a contract call without its ABI
 * refused as blind until as many holders as the rule needs tick that they accept it, and EIP-712
 * typed data shown field by field; each signed with two holders' files and checked by viem (the
 * call data decoded, the typed-data signature recovered to the wallet's address). Screenshots
 * 150–159, each scanned by axe.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hex } from '@scure/base';
import type { Page } from 'playwright-core';
import { type Hex, decodeFunctionData, erc20Abi, parseTransaction, verifyTypedData } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
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

const skip = skipReason('test/e2e/eth-words.e2e.ts', chromiumMissing);
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

describe('Ethereum in plain words in Chromium, over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle(
      'tokens, an unlimited approval, a blind call only with the holders’ ticks, typed data: described, signed',
      skip,
    ),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 150, 159);
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-eth-words', 'Family savings');
      const point = secp256k1.Point.fromBytes(hex.decode(w.publicKeyHex)).toBytes(false);
      const address = publicKeyToAddress(`0x${hex.encode(point)}`);
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
        },
        chromium.appPage,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      const start = async () => {
        await openScreen(page, 'Joint signing');
        await chooseRadio(page, /^Family savings/);
        await press(page, 'Continue');
        await page.getByRole('heading', { name: '2. What will Family savings sign?' }).waitFor();
      };
      const what = () => page.getByRole('region', { name: 'Family savings will sign' });
      const signWithTwo = async () => {
        await press(page, 'We all agree — enter child keys');
        await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();
        expect(await enterFromFile(page, pickFile, w.files[0]!)).toBe('Taken. Alice’s child key is in.');
        expect(await enterFromFile(page, pickFile, w.files[2]!)).toBe('Taken. Carol’s child key is in.');
        await page.getByRole('heading', { name: 'Ready to sign' }).waitFor();
        await press(page, 'Sign');
      };
      try {
        await start();
        // A contract call without its ABI: the red box, and a refusal until two holders tick.
        await chooseRadio(page, 'A contract call');
        await page.getByLabel('Contract address').fill(TOKEN);
        await page.getByLabel('Call data (hex)').fill('0xdeadbeef0000');
        await page.getByText('Without the contract’s ABI, JointKey cannot say what this call does.').waitFor();
        await press(page, 'Show it in plain words');
        await page.getByText(/blind/i).first().waitFor();
        await page.getByRole('alert').first().waitFor();
        await page.getByLabel('Alice accepts signing this blind').check();
        await press(page, 'Show it in plain words');
        await page.getByText('Signing blind needs the agreement of 2 holders: 1 ticked.').waitFor();
        await page.getByLabel('Carol accepts signing this blind').check();
        await shot(page, screens, 'eth-call-blind');
        await press(page, 'Show it in plain words');
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        await expect.poll(async () => (await what().textContent()) ?? '').toMatch(/ACCEPTED SIGNING BLIND/);
        await shot(page, screens, 'eth-call-blind-read');
        await press(page, 'Change it');

        // An unlimited approval: named as such.
        await chooseRadio(page, 'Tokens (ERC-20)');
        await page.getByLabel('Allow an address to spend tokens').check();
        await page.getByLabel('Token contract address').fill(TOKEN);
        await page.getByLabel('Address allowed to spend').fill(BOB);
        await page.getByLabel('Decimals').fill('6');
        await page.getByLabel('Symbol').fill('TUSD');
        await page.getByLabel(/Unlimited: let it spend all/).check();
        await press(page, 'Show it in plain words');
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        await expect.poll(async () => (await what().textContent()) ?? '').toMatch(/UNLIMITED approval/);
        await shot(page, screens, 'eth-approve-unlimited-read');
        await press(page, 'Change it');

        // Tokens sent: described in the token's units, signed; viem decodes the transfer.
        await page.getByLabel('Send tokens').check();
        await page.getByLabel('Recipient’s address').fill(BOB);
        await page.getByLabel('Amount (in the token’s units)').fill('250.5');
        await shot(page, screens, 'eth-token-compose');
        await press(page, 'Show it in plain words');
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        await expect.poll(async () => (await what().textContent()) ?? '').toMatch(/250\.5 TUSD/);
        await shot(page, screens, 'eth-token-read');
        await signWithTwo();
        await page.getByRole('heading', { name: 'The transfer is signed' }).waitFor();
        const raw = (await page.locator('dd.raw').first().textContent())!.trim() as Hex;
        const tx = parseTransaction(raw);
        expect(tx.to?.toLowerCase()).toBe(TOKEN.toLowerCase());
        expect(decodeFunctionData({ abi: erc20Abi, data: tx.data! }).args).toEqual([BOB, 250_500_000n]);
        await press(page, 'Done');

        // Typed data (an EIP-2612 permit), shown field by field, signed; viem recovers the wallet.
        await start();
        await chooseRadio(page, 'Typed data (EIP-712)');
        const typed = {
          domain: { name: 'Test USD', version: '1', chainId: 1, verifyingContract: TOKEN },
          types: {
            Permit: [
              { name: 'owner', type: 'address' },
              { name: 'spender', type: 'address' },
              { name: 'value', type: 'uint256' },
              { name: 'nonce', type: 'uint256' },
              { name: 'deadline', type: 'uint256' },
            ],
          },
          primaryType: 'Permit',
          message: { owner: address, spender: BOB, value: '1000000', nonce: '0', deadline: '1999999999' },
        };
        await page.getByLabel('Typed data (EIP-712 JSON)').fill(JSON.stringify(typed, null, 2));
        await press(page, 'Show it in plain words');
        await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
        await expect.poll(async () => (await what().textContent()) ?? '').toMatch(/Permit/);
        await shot(page, screens, 'eth-typed-data-read');
        await signWithTwo();
        await page.getByRole('heading', { name: 'The message is signed' }).waitFor();
        const signature = (await page.locator('dd.raw').first().textContent())!.trim() as Hex;
        await shot(page, screens, 'eth-typed-data-signed');
        expect(
          await verifyTypedData({
            address,
            domain: { ...typed.domain, verifyingContract: TOKEN as Hex },
            types: typed.types,
            primaryType: 'Permit',
            message: { owner: address, spender: BOB as Hex, value: 1000000n, nonce: 0n, deadline: 1999999999n },
            signature,
          }),
        ).toBe(true);
        await press(page, 'Done');
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
