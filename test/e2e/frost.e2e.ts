/**
 * A FROST wallet signs across three computers, in Chromium over the real main-process handlers:
 * three data folders, three app windows (Alice coordinates; Bob and Carol sign, 2 of 3). Alice writes
 * the request on the Joint signing screen ("Sign from your own computers"); Bob and Carol open it on
 * "Answer a signing request", read it, and answer round 1 (Bob his file, Carol her typed words) and
 * round 2 (main's own dialog shows what the screen shows); Carol's replayed round 2 is refused
 * (NONCE_USED); Alice combines the shares, and noble verifies the signature. Screenshots 160–179,
 * each scanned by axe.
 */
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/curves/utils.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeDispatch, tempDir } from '../support/ipc.js';
import { frostWallet } from '../support/frost.js';
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
import { openScreen } from './sign-walk.js';
import { chooseRadio, press, typeInto } from './walk.js';

const skip = skipReason('test/e2e/frost.e2e.ts', chromiumMissing);

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

describe('A FROST wallet across three computers, in Chromium, over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle('request, round 1, round 2 on each holder’s computer; a replay refused; the signature verifies', skip),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 160, 179);
      const w = frostWallet('secp256k1', 'e2e-frost');
      const out = tempDir('jointkey-e2e-frost-files-');
      let nextFile: string | null = null;
      const pickFile = (path: string) => void (nextFile = path);
      const computers = w.pcs.map((dataDir) => {
        const holder = new HolderAtMainDialog();
        const { dispatch, ctx } = makeDispatch(
          dataDir,
          {
            chooseFile: () => {
              const p = nextFile;
              nextFile = null;
              return p;
            },
            chooseSaveFile: async ({ defaultName }) => join(out, defaultName),
          },
          chromium.appPage,
          holder.person,
        );
        return { dispatch, ctx, holder };
      });
      const apps = [];
      for (const c of computers) {
        const app = await openApp(chromium, c.dispatch);
        c.holder.page = app.page;
        apps.push(app);
      }
      const [alice, bob, carol] = apps.map((a) => a.page) as [Page, Page, Page];
      try {
        // Alice, the coordinator: a message, signed by Bob and Carol.
        await openScreen(alice, 'Joint signing');
        await chooseRadio(alice, /^Roof fund/);
        await press(alice, 'Continue');
        await alice.getByRole('heading', { name: '2. What will Roof fund sign?' }).waitFor();
        await press(alice, 'Sign from your own computers…');
        await alice
          .getByRole('heading', { name: /Sign from your own computers: what will Roof fund sign\?/ })
          .waitFor();
        await typeInto(alice, 'Message', 'Pay the roofer 1,200 EUR');
        for (const name of ['Alice', 'Carol']) {
          await alice.getByRole('checkbox', { name }).focus();
          await alice.keyboard.press('Space');
        }
        expect(await alice.getByRole('checkbox', { name: 'Bob' }).isChecked()).toBe(true);
        await shot(alice, screens, 'frost-request-compose');
        await press(alice, 'Create the request…');
        await alice.getByRole('heading', { name: 'The request is saved — send it to the signers' }).waitFor();
        const reqPath = (await alice
          .getByText(/^Saved as /)
          .locator('.mono')
          .textContent())!.trim();
        expect(reqPath.startsWith(out)).toBe(true);
        await shot(alice, screens, 'frost-request-saved');

        /** A signer opens the request on their own computer and reads it. */
        const openRequest = async (page: Page) => {
          await openScreen(page, 'Answer a signing request');
          pickFile(reqPath);
          await press(page, 'Open a signing request…');
          await page.getByRole('heading', { name: /2\. Read it: Roof fund asks to sign/ }).waitFor();
          const what = page.getByRole('region', { name: 'What is signed' });
          await expect.poll(() => what.textContent()).toMatch(/Pay the roofer 1,200 EUR|24 bytes/);
        };
        const saved = async (page: Page) =>
          (await page
            .getByText(/^Saved as /)
            .locator('.mono')
            .textContent())!.trim();

        // Round 1: Bob with his file, Carol typing her words.
        await openRequest(bob);
        await shot(bob, screens, 'frost-answer-read');
        pickFile(w.files[1]!);
        await press(bob, 'Choose my child-key file…');
        await bob.getByText('2-bob.frost.json', { exact: true }).waitFor();
        await press(bob, 'Save my commitment…');
        await bob.getByRole('heading', { name: 'Bob’s commitment is saved' }).waitFor();
        const bobC = await saved(bob);
        await shot(bob, screens, 'frost-commitment-saved');

        await openRequest(carol);
        await chooseRadio(carol, 'Type the words');
        await typeInto(carol, 'Your child key, as written down', w.texts[2]!);
        await press(carol, 'Save my commitment…');
        await carol.getByRole('heading', { name: 'Carol’s commitment is saved' }).waitFor();
        const carolC = await saved(carol);

        // Round 2: each loads both commitments and signs, after main's own dialog.
        const round2 = async (page: Page, enter: () => Promise<void>) => {
          for (const c of [bobC, carolC]) {
            pickFile(c);
            await press(page, 'Add a commitment file…');
            await page.getByText(c.split('/').at(-1)!, { exact: true }).waitFor();
          }
          await enter();
          await press(page, 'Sign and save my share…');
        };
        await press(bob, 'Go on to round 2');
        await round2(bob, async () => {
          pickFile(w.files[1]!);
          await press(bob, 'Choose my child-key file…');
        });
        await bob.getByRole('heading', { name: 'Bob’s signature share is saved' }).waitFor();
        const bobS = await saved(bob);
        await shot(bob, screens, 'frost-share-saved');

        await press(carol, 'Go on to round 2');
        await round2(carol, async () => {
          await chooseRadio(carol, 'Type the words');
          await typeInto(carol, 'Your child key, as written down', w.texts[2]!);
        });
        await carol.getByRole('heading', { name: 'Carol’s signature share is saved' }).waitFor();
        const carolS = await saved(carol);

        // Carol's round 2 again, with the same request and files: her nonces were used once.
        await press(carol, 'Done');
        pickFile(reqPath);
        await press(carol, 'Open a signing request…');
        await carol.getByRole('heading', { name: /2\. Read it/ }).waitFor();
        await press(carol, 'Answer round 2');
        await round2(carol, async () => {
          await chooseRadio(carol, 'Type the words');
          await typeInto(carol, 'Your child key, as written down', w.texts[2]!);
        });
        const alert = carol.getByRole('alert');
        await expect.poll(() => alert.textContent()).toMatch(/already used to sign/);
        expect(await alert.textContent()).toContain('NONCE_USED');
        await shot(carol, screens, 'frost-replay-refused');

        // Each signer was asked in main's dialog, in the words their screen showed; nothing else.
        for (const c of computers) expect(c.holder.mismatches).toEqual([]);
        expect(computers[1]!.holder.prompts.map((p) => p.confirmLabel)).toEqual(['Sign']);
        expect(computers[2]!.holder.prompts.map((p) => p.confirmLabel)).toEqual(['Sign', 'Sign']);

        // Alice went to another screen meanwhile: she opens the request she saved.
        await openScreen(alice, 'Wallets');
        await openScreen(alice, 'Joint signing');
        await chooseRadio(alice, /^Roof fund/);
        await press(alice, 'Continue');
        await press(alice, 'Sign from your own computers…');
        pickFile(reqPath);
        await press(alice, 'Open a request I made…');
        await alice.getByRole('heading', { name: 'Your request — load the signers’ answers' }).waitFor();
        expect(
          (await alice
            .getByText(/^Opened from /)
            .locator('.mono')
            .textContent())!.trim(),
        ).toBe(reqPath);
        await shot(alice, screens, 'frost-request-reopened');

        // Alice combines the answers.
        for (const [button, files] of [
          ['Add a commitment file…', [bobC, carolC]],
          ['Add a share file…', [carolS, bobS]],
        ] as const)
          for (const f of files) {
            pickFile(f);
            await press(alice, button);
            await alice.getByText(f.split('/').at(-1)!, { exact: true }).waitFor();
          }
        await shot(alice, screens, 'frost-answers-loaded');
        await press(alice, 'Combine the shares');
        await alice.getByRole('heading', { name: 'The message is signed' }).waitFor();
        const [sigHex, pubHex] = (await alice.locator('dd.raw').allTextContents()).map((t) => t.trim());
        await shot(alice, screens, 'frost-signed');
        expect(
          schnorr.verify(
            hexToBytes(sigHex!),
            new TextEncoder().encode('Pay the roofer 1,200 EUR'),
            hexToBytes(pubHex!),
          ),
        ).toBe(true);

        for (const page of [alice, bob, carol]) {
          const html = (await page.content()).toLowerCase();
          for (const s of w.sharesHex) expect(html).not.toContain(s);
        }
        for (const a of apps) expect(a.errors).toEqual([]);
      } finally {
        for (const a of apps) await a.context.close();
      }
    },
    240_000,
  );
});
