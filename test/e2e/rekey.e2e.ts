/**
 * Change owners or refresh, on the Wallets screen, in Chromium over the real handlers, by keyboard:
 * a 2-of-3 wallet's "Change owners or refresh…"; Alice's and Carol's current child keys entered as at
 * a joint signing; the note on what a refresh cannot do; a fourth owner, Dave, and the rule 3 of 4;
 * the creation's hand-off and receipts for the four; then both records listed, the old one marked
 * replaced, and the new child keys restoring the same key (the core's restore). An old child key
 * brought to the new wallet is refused, named as replaced. Then a refresh of another wallet (nothing
 * changed): new child keys that restore the key, and do not combine with an old one. Screenshots
 * 100–119, each scanned by axe.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { childKeyFromFile } from '../../main/core/formats/file-form.js';
import { restore } from '../../main/core/wallet/restore.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { decryptChildKeyFile } from '../../main/files/encrypted-child-key.js';
import { supersessionOf } from '../../main/wallets/superseded.js';
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
import { chooseOption, chooseRadio, press, typeInto } from './walk.js';

const skip = skipReason('test/e2e/rekey.e2e.ts', chromiumMissing);

const NEW_HOLDERS = ['Alice', 'Bob', 'Carol', 'Dave'];
const PASS = [
  'velvet harbor quietly orbit',
  'copper lantern drift meadow',
  'tundra pixel saffron canoe',
  'marble falcon winter quiver',
];
/** docs/security.md's words, on screen. */
const CANNOT =
  'A rekey or refresh does not revoke old child keys. It records that a set was replaced and refuses its child keys wherever JointKey is given the data folder; but a quorum of old child keys still restores the key. Only moving the funds to a new wallet takes them out of reach.';

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

/** One range for the file's walks: made once (it clears the range's earlier shots). */
let made: Screens | undefined;
const screensOf = () => (made ??= new Screens(join(ROOT, 'test-results', 'screens'), 100, 119));

/** The creation's hand-off, by keyboard: each holder's encrypted file; returns their paths. */
async function handOff(page: Page, screens: Screens, holders: string[], prefix: string): Promise<string[]> {
  const files: string[] = [];
  const n = holders.length;
  for (const [i, holder] of holders.entries()) {
    await page.getByRole('heading', { level: 2, name: `Pass the computer to ${holder}` }).waitFor();
    await typeInto(page, `${holder}’s passphrase`, PASS[i]!);
    await page.locator('#pass-strength').getByText('Strong', { exact: true }).waitFor();
    await typeInto(page, 'Repeat the passphrase', PASS[i]!);
    await press(page, `Save ${holder}’s file`);
    await page.getByText(`✓ ${holder}’s file is saved`).waitFor();
    files.push((await page.locator('.saved .mono').textContent())!.trim());
    if (prefix === 'rekey' && (i === 0 || i === n - 1))
      await shot(page, screens, `${prefix}-handoff-${holder.toLowerCase()}`);
    await press(
      page,
      i === n - 1 ? 'Everyone has their child key: confirm receipts' : `${holder} is done: next, ${holders[i + 1]}`,
    );
  }
  return files;
}

/** The creation's receipts: each holder re-opens their new file with their passphrase. */
async function confirmAll(page: Page, holders: string[], files: string[]): Promise<void> {
  const n = holders.length;
  for (const [i, holder] of holders.entries()) {
    if ((await page.getByLabel('Who is confirming now?').count()) > 0)
      await chooseOption(page, 'Who is confirming now?', holder);
    await page.getByRole('heading', { level: 2, name: `${holder}, show you have your child key` }).waitFor();
    await typeInto(page, `${holder}’s file`, files[i]!);
    await typeInto(page, `${holder}’s passphrase`, PASS[i]!);
    await press(page, `Confirm ${holder}’s child key`);
    if (i < n - 1) await page.getByText(new RegExp(`^${i + 1} of ${n} holders have confirmed`)).waitFor();
  }
  await page.getByText(`All ${n} holders have confirmed their child keys.`).waitFor();
}

/** The child keys in new encrypted files, decrypted as each holder's machine would. */
async function childKeysOf(files: string[], which: number[]) {
  return Promise.all(
    which.map(async (i) => {
      const plain = await decryptChildKeyFile(readFileSync(files[i]!), PASS[i]!, basename(files[i]!));
      return childKeyFromFile(new TextDecoder().decode(plain)).childKey;
    }),
  );
}

/** The real handlers on a data folder of the test's own, the file dialog answering what the walk picks. */
function appFor(dataDir: string, documentsDir: string, appPage: string) {
  let nextFile: string | null = null;
  const pickFile = (p: string) => void (nextFile = p);
  const { dispatch } = makeDispatch(
    dataDir,
    {
      ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }),
      documentsDir,
      chooseFile: () => {
        const p = nextFile;
        nextFile = null;
        return p;
      },
    },
    appPage,
  );
  return { dispatch, pickFile };
}

describe('Change owners or refresh, in Chromium over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle('2 of 3 becomes 3 of 4 with Dave: same key, old set replaced, an old child key refused', skip),
    async () => {
      const screens = screensOf();
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const documentsDir = tempDir('jointkey-e2e-docs-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-rekey', 'Family savings');
      // Where the app's Create saved the old set's files: the new set's go into a folder of their own.
      const oldFolder = join(documentsDir, 'JointKey', 'Family savings');
      mkdirSync(oldFolder, { recursive: true });
      for (const [i, h] of ['Alice', 'Bob', 'Carol'].entries())
        writeFileSync(join(oldFolder, `Family savings - ${i + 1} ${h}.jointkey.age`), readFileSync(w.files[i]!));

      const { dispatch, pickFile } = appFor(dataDir, documentsDir, chromium.appPage);
      const { context, page, errors } = await openApp(chromium, dispatch);
      try {
        await openScreen(page, 'Wallets');
        await page.getByRole('article', { name: 'Family savings' }).waitFor();
        await press(page, 'Change owners or refresh…');

        // 1. Enough current owners enter their child keys, each checked on entry.
        await page.getByRole('heading', { level: 1, name: 'Change owners or refresh: Family savings' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Enough current owners enter their child keys' }).waitFor();
        expect(
          (
            await page
              .getByRole('list', { name: 'Steps to change the owners or refresh' })
              .getByRole('listitem')
              .allTextContents()
          ).map((x) => x.replace(/\s+/g, '')),
        ).toEqual(['1Currentchildkeys', '2Owners', '3Rule', '4Hand-off', '5Receipts', '6Done']);
        await shot(page, screens, 'rekey-enter');
        expect(await enterFromFile(page, pickFile, w.files[0]!)).toBe('Taken. Alice’s child key is in.');
        expect(await enterFromFile(page, pickFile, w.files[2]!)).toBe('Taken. Carol’s child key is in.');
        await page.getByRole('heading', { level: 2, name: 'Enough child keys to continue' }).waitFor();
        await shot(page, screens, 'rekey-ready');
        await press(page, 'Continue to the new owners');

        // 2. Owners: the old ones by default (a refresh), and what a refresh cannot do, in security.md's words.
        await page.getByRole('heading', { level: 2, name: 'Name the wallet and its new owners' }).waitFor();
        const note = page.getByRole('note', { name: 'What a refresh cannot do' });
        expect((await note.locator('p').nth(1).textContent())!.replace(/\s+/g, ' ').trim()).toBe(CANNOT);
        await page.getByText('As it stands, this is a refresh').waitFor();
        for (const [i, h] of ['Alice', 'Bob', 'Carol'].entries())
          expect(await page.getByLabel(`Owner ${i + 1} name`).inputValue()).toBe(h);
        await shot(page, screens, 'rekey-owners-refresh');
        await press(page, 'Add an owner');
        await typeInto(page, 'Owner 4 name', 'Dave');
        await page.getByText('As it stands, this is a rekey').waitFor();
        await shot(page, screens, 'rekey-owners-dave');
        await press(page, 'Continue to the rule');

        // 3. Rule: any 3 of the 4; SLIP-39 words are not offered (they would make a new seed).
        await page.getByRole('heading', { level: 2, name: 'Choose who must sign' }).waitFor();
        expect(await page.getByRole('radio', { name: /^Any 2 of 4 owners/ }).isChecked()).toBe(true);
        expect(await page.getByRole('radio', { name: /SLIP-39/ }).isDisabled()).toBe(true);
        await chooseRadio(page, /^Any /);
        await chooseOption(page, 'How many owners must sign', '3 of 4');
        await shot(page, screens, 'rekey-rule');
        await press(page, 'Make the new child keys');

        // 4. The creation's hand-off, one owner at a time.
        const files = await handOff(page, screens, NEW_HOLDERS, 'rekey');
        expect(files[3]).toMatch(
          new RegExp(
            `^${documentsDir}/JointKey/Family savings/New set [0-9a-f]{8}/Family savings - 4 Dave\\.jointkey\\.age$`,
          ),
        );

        // 5. Receipts: each owner re-opens their new file; no new record before the last.
        await page.getByRole('heading', { level: 2, name: 'Each owner confirms their new child key' }).waitFor();
        await shot(page, screens, 'rekey-receipts');
        await confirmAll(page, NEW_HOLDERS, files);
        expect(supersessionOf(dataDir, w.walletId)).toBeUndefined();
        await page.getByText(/marks the old set as replaced/).waitFor();
        expect(await page.getByText('The key you imported is still where it came from').count()).toBe(0);
        await shot(page, screens, 'rekey-receipts-complete');
        await press(page, 'Finish: wipe the original key');

        // 6. Done: the same addresses; the old set replaced.
        await page.getByRole('heading', { level: 2, name: 'The wallet has its new owners' }).waitFor();
        await page.getByText('✓ Family savings has new owners').waitFor();
        await page.getByText(w.publicKeyHex).count();
        await shot(page, screens, 'rekey-done');
        const s = supersessionOf(dataDir, w.walletId);
        expect(s).toMatchObject({ how: 'rekeyed' });
        await press(page, 'Go to Wallets');

        // Both records are listed; the old one says it was replaced and offers no rekey.
        await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
        await page.getByText('2 shared wallets').waitFor();
        await shot(page, screens, 'rekey-wallets');
        const old = page.getByRole('article', { name: 'Family savings' }).filter({ hasText: 'Replaced on' });
        await old.getByText(/this wallet was rekeyed and these child keys no longer/).waitFor();
        expect(await old.getByRole('button', { name: 'Change owners or refresh…' }).count()).toBe(0);
        // Its child keys no longer count: no check offered, its history kept.
        expect(await old.getByRole('button', { name: 'Check my child key' }).count()).toBe(0);
        expect(await old.getByText('Child-key checks').count()).toBe(0);
        await old.getByText(/^History/).waitFor();
        const fresh = page.getByRole('article', { name: 'Family savings' }).filter({ hasText: 'Any 3 of 4' });
        expect(
          (await fresh.getByRole('list', { name: 'Owners' }).getByRole('listitem').allTextContents()).map((t) =>
            t.replace(/\s+/g, ''),
          ),
        ).toEqual(['1Alice', '2Bob', '3Carol', '4Dave']);

        // The core's restore: three new child keys give the same public key.
        const cks = await childKeysOf(files, [0, 1, 3]);
        expect(bytesToHex(secp256k1.getPublicKey(restore(cks).secret, true))).toBe(w.publicKeyHex);

        // An old child key brought to the new wallet: refused, named as replaced.
        await press(page, 'Change owners or refresh…');
        await page.getByRole('heading', { level: 2, name: 'Enough current owners enter their child keys' }).waitFor();
        expect(await enterFromFile(page, pickFile, w.files[1]!)).toMatch(
          /^Not taken\. Bob’s child key from the set replaced on .* — use the new one\./,
        );
        await shot(page, screens, 'rekey-old-refused');
        await press(page, 'Cancel and wipe the child keys');
        await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it.skipIf(skip !== undefined)(
    skipTitle('a refresh: the same owners and rule, new child keys; old and new never combine', skip),
    async () => {
      const screens = screensOf();
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const documentsDir = tempDir('jointkey-e2e-docs-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-refresh', 'Holiday fund');
      const { dispatch, pickFile } = appFor(dataDir, documentsDir, chromium.appPage);
      const { context, page, errors } = await openApp(chromium, dispatch);
      try {
        await openScreen(page, 'Wallets');
        await press(page, 'Change owners or refresh…');
        await page.getByRole('heading', { level: 1, name: 'Change owners or refresh: Holiday fund' }).waitFor();
        expect(await enterFromFile(page, pickFile, w.files[1]!)).toBe('Taken. Bob’s child key is in.');
        expect(await enterFromFile(page, pickFile, w.files[2]!)).toBe('Taken. Carol’s child key is in.');
        await page.getByText('2 of 2 — enough to continue').first().waitFor();
        await press(page, 'Continue to the new owners');
        await page.getByText('As it stands, this is a refresh').waitFor();
        await press(page, 'Continue to the rule');
        await page.getByRole('heading', { level: 2, name: 'Choose who must sign' }).waitFor();
        await page.getByText('As it stands, this is a refresh').waitFor();
        await shot(page, screens, 'refresh-rule');
        await press(page, 'Make the new child keys');
        const holders = ['Alice', 'Bob', 'Carol'];
        const files = await handOff(page, screens, holders, 'refresh');
        await confirmAll(page, holders, files);
        await press(page, 'Finish: wipe the original key');
        await page.getByRole('heading', { level: 2, name: 'The wallet is refreshed' }).waitFor();
        await page.getByText('✓ Holiday fund has been refreshed').waitFor();
        await shot(page, screens, 'refresh-done');
        expect(supersessionOf(dataDir, w.walletId)).toMatchObject({ how: 'refreshed' });
        await press(page, 'Go to Wallets');
        await page
          .getByRole('article', { name: 'Holiday fund' })
          .filter({ hasText: 'Replaced on' })
          .getByText(/this wallet was refreshed/)
          .waitFor();

        // The new files restore the key; with an old child key, they do not.
        const fresh = await childKeysOf(files, [0, 1, 2]);
        expect(bytesToHex(secp256k1.getPublicKey(restore([fresh[0]!, fresh[2]!]).secret, true))).toBe(w.publicKeyHex);
        const oldBob = childKeyFromFile(readFileSync(w.files[1]!, 'utf8')).childKey;
        expect(() => restore([fresh[0]!, oldBob])).toThrow();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
