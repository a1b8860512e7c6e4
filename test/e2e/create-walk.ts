/**
 * The Create a shared wallet walk, by keyboard: key → owners → rule → hand-off (one holder at a
 * time) → receipts → done, with a screenshot and an axe scan of each step. Exported so a longer walk
 * can chain create → import → sign: {@link createWalletWalk} returns the wallet, its files and their
 * passphrases. The holder's words are shown, as in the app, in a page of their own with JavaScript
 * disabled ({@link wordsWindow}), never in the app's page.
 */
import { existsSync, statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Screens, expectAccessible } from './harness.js';
import { chooseOption, chooseRadio, press, tabTo, typeInto } from './walk.js';

/** Stands in for main's words window: opens main's HTML in a JavaScript-disabled page, screenshots and scans it. */
export function wordsWindow(browser: Browser, screens: Screens) {
  const shown: string[] = [];
  return {
    shown,
    showWords: async ({ html }: { html: string; title: string }) => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 960, height: 640 },
      });
      try {
        const page = await context.newPage();
        await page.setContent(html);
        await screens.shot(page, 'create-words-window');
        shown.push((await page.locator('.g').allTextContents()).join('-'));
        // axe runs as a script: the same static page is scanned in a page that allows one.
        const scan = await browser.newContext({ bypassCSP: true, viewport: { width: 960, height: 640 } });
        try {
          const scanned = await scan.newPage();
          await scanned.setContent(html);
          await expectAccessible(scanned, 'words window');
        } finally {
          await scan.close();
        }
      } catch (e) {
        if (process.env['JOINTKEY_E2E_DEBUG']) console.log('words window:', e);
        throw e;
      } finally {
        await context.close();
      }
    },
  };
}

export interface CreateWalkOptions {
  walletLabel: string;
  holders: string[];
  /** One strong passphrase per holder. */
  passphrases: string[];
  /** A generated key (default), or an imported key in a file. */
  key?: { kind: 'generate' } | { kind: 'key-file'; path: string };
  /** All must sign (default), or any `threshold` of them. */
  threshold?: number;
  /** Split as SLIP-39 words (with `threshold`, or all by default) instead of JointKey child keys; no paper backup. */
  slip39?: boolean;
  /** The words window's shown words (from {@link wordsWindow}), filled as they are shown. */
  words: string[];
  /** Awaited once the app says the last holder's words were shown (the real app's window is checked and closed there). */
  onWordsShown?: () => Promise<void>;
  /** A folder `dialog/choose-folder` answers with, chosen for the first holder; else the default folder. */
  chosenFolder?: string;
  /** Check the refusals on the way (weak and mismatching passphrases, wrong receipts). */
  refusals?: boolean;
  /** The wallet label of a ceremony that stopped (a crash) before this walk: shown on the Key step, then dismissed. */
  stopped?: string;
  /** Once the paper backup is saved: "I have printed it — delete the PDF", and the PDF is gone. */
  deletePaper?: boolean;
  /** Which steps to screenshot (all by default). */
  shots?: (name: string) => boolean;
}

export interface CreatedWallet {
  walletId: string;
  publicKey: string;
  addresses: Record<string, string>;
  /** Each holder's encrypted file, in holder order. */
  files: string[];
  passphrases: string[];
  /** The holder whose paper backup was saved, and where (deleted already with `deletePaper`). */
  paperBackup: string;
}

/** The Key step's choice for a private key in a file (renderer/src/lib/create-flow.ts, IMPORT_KINDS). */
const KEY_FILE_OPTION = 'A file holding the private key';

async function step(page: Page, screens: Screens, o: CreateWalkOptions, name: string, title: string): Promise<void> {
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
  if (o.shots?.(name) ?? true) await screens.shot(page, `create-${name}`);
  await expectAccessible(page, `create ${name}`);
}

/** Walks the Create screen from the app's navigation to Done, and returns what the holders took. */
export async function createWalletWalk(page: Page, screens: Screens, o: CreateWalkOptions): Promise<CreatedWallet> {
  const n = o.holders.length;
  await press(page, 'Create a shared wallet', { back: true });
  await page.getByRole('heading', { level: 1, name: 'Create a shared wallet' }).waitFor();
  expect(
    (
      await page.getByRole('list', { name: 'Steps to create a shared wallet' }).getByRole('listitem').allTextContents()
    ).map((x) => x.replace(/\s+/g, '')),
  ).toEqual(['1Key', '2Owners', '3Rule', '4Hand-off', '5Receipts', '6Done']);

  // 1. Key.
  if (o.stopped !== undefined) {
    const note = page.getByRole('note', { name: `A split of ${o.stopped} did not finish` });
    await note.waitFor();
    expect(await note.textContent()).toMatch(
      /Stopped during the hand-off: 1 of \d+ holders were handed their child key .*delete the files listed and start again\./,
    );
    await step(page, screens, o, 'stopped', 'Choose the key');
    await press(page, 'I have dealt with it');
    await note.waitFor({ state: 'detached' });
  }
  if (o.key?.kind === 'key-file') {
    await chooseRadio(page, /^Import an existing key/);
    expect(await page.getByRole('radio', { name: /Generate a new key/ }).isChecked()).toBe(false);
    await page.getByText('The key’s source is left untouched').waitFor();
    await chooseOption(page, 'What do you have?', KEY_FILE_OPTION);
    await typeInto(page, 'Path of the key file', o.key.path);
  }
  await step(page, screens, o, 'key', 'Choose the key');
  await press(page, 'Continue to owners');

  // 2. Owners: the wallet's name, then each owner; an extra row added and removed by keyboard.
  await page.getByRole('heading', { level: 2, name: 'Name the wallet and its owners' }).waitFor();
  if (o.refusals) {
    await press(page, 'Continue to the rule');
    await page.getByText('Give the wallet a name the owners will recognise').waitFor();
  }
  await typeInto(page, 'Wallet name', o.walletLabel);
  while ((await page.getByRole('textbox', { name: /^Owner \d+ name$/ }).count()) < n) await press(page, 'Add an owner');
  await press(page, 'Add an owner');
  await expect.poll(() => page.getByRole('textbox', { name: /^Owner \d+ name$/ }).count()).toBe(n + 1);
  await press(page, `Remove owner ${n + 1}`);
  await expect.poll(() => page.getByRole('textbox', { name: /^Owner \d+ name$/ }).count()).toBe(n);
  for (const [i, h] of o.holders.entries()) await typeInto(page, `Owner ${i + 1} name`, h);
  await step(page, screens, o, 'owners', 'Name the wallet and its owners');
  await press(page, 'Continue to the rule');

  // 3. Rule: all must sign by default; each choice explained in one sentence.
  await page.getByRole('heading', { level: 2, name: 'Choose who must sign' }).waitFor();
  expect(await page.getByRole('radio', { name: new RegExp(`All ${n} owners must sign`) }).isChecked()).toBe(true);
  // SLIP-39 words make a standard SLIP-39 wallet, a new seed: not offered for an imported key.
  expect(await page.getByRole('radio', { name: /SLIP-39/ }).isDisabled()).toBe(o.key !== undefined);
  if (o.slip39) {
    await chooseRadio(page, /SLIP-39/);
    const f = await tabTo(page, 'How many owners’ words are needed', { role: 'combobox' });
    expect(f.selected).toBe(`All ${n} of ${n}`);
    if (o.threshold !== undefined)
      await chooseOption(page, 'How many owners’ words are needed', `${o.threshold} of ${n}`);
  } else if (o.threshold !== undefined) {
    await chooseRadio(page, /^Any /);
    await chooseOption(page, 'How many owners must sign', `${o.threshold} of ${n}`);
  }
  await step(page, screens, o, 'rule', 'Choose who must sign');
  await press(page, 'Split the key');

  // 4. Hand-off, one holder at a time.
  const files: string[] = [];
  let paperBackup = '';
  for (const [i, holder] of o.holders.entries()) {
    const heading = page.getByRole('heading', { level: 2, name: `Pass the computer to ${holder}` });
    await heading.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('holder-title');
    // The screen was cleared: nothing of the previous holder is left in the fields.
    expect(await page.getByLabel(`${holder}’s passphrase`).inputValue()).toBe('');
    expect(await page.getByLabel('Repeat the passphrase').inputValue()).toBe('');
    if (i === 0 && o.chosenFolder) {
      await press(page, 'Choose another folder');
      await page.getByText(o.chosenFolder, { exact: true }).waitFor();
    }
    if (i === 0 && o.refusals) {
      await typeInto(page, `${holder}’s passphrase`, 'P@ssw0rd2024!');
      await page.getByText(/could be guessed in about 10\^\d+ tries/).waitFor();
      expect(await page.locator('#pass-strength').textContent()).toMatch(/Choose four or more random words/);
      await step(page, screens, o, 'weak-passphrase', `Pass the computer to ${holder}`);
      await typeInto(page, `${holder}’s passphrase`, o.passphrases[i]!);
      await page.locator('#pass-strength').getByText('Strong', { exact: true }).waitFor();
      await typeInto(page, 'Repeat the passphrase', `${o.passphrases[i]!} `);
      await press(page, `Save ${holder}’s file`);
      await page.getByText('The two passphrases are not the same. Type it again in both fields.').waitFor();
      await step(page, screens, o, 'passphrases-differ', `Pass the computer to ${holder}`);
    }
    await typeInto(page, `${holder}’s passphrase`, o.passphrases[i]!);
    await page.locator('#pass-strength').getByText('Strong', { exact: true }).waitFor();
    await typeInto(page, 'Repeat the passphrase', o.passphrases[i]!);
    await press(page, `Save ${holder}’s file`);
    await page.getByText(`✓ ${holder}’s file is saved`).waitFor();
    const path = (await page.locator('.saved .mono').textContent())!.trim();
    expect(path).toMatch(new RegExp(`${i + 1} ${holder}\\.jointkey\\.age$`));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    files.push(path);
    if (i === 1 && o.slip39) expect(await page.getByRole('button', { name: 'Print a paper backup' }).count()).toBe(0);
    if (i === 1 && !o.slip39) {
      await press(page, 'Print a paper backup');
      await page.getByText('Print it now, then delete the PDF.').waitFor();
      paperBackup = (await page.locator('.extra .mono').textContent())!.trim();
      expect(statSync(paperBackup).mode & 0o777).toBe(0o600);
      if (o.deletePaper) {
        await step(page, screens, o, 'handoff-paper-saved', `Pass the computer to ${holder}`);
        await press(page, 'I have printed it — delete the PDF');
        await page
          .getByRole('status')
          .filter({ hasText: `Deleted ${paperBackup}` })
          .waitFor();
        expect(existsSync(paperBackup)).toBe(false);
        await step(page, screens, o, 'handoff-paper-deleted', `Pass the computer to ${holder}`);
      }
    }
    if (i === n - 1) {
      await press(page, `Show ${holder}’s words`);
      await page.getByText('The words were shown in their own window.').waitFor();
      await o.onWordsShown?.();
    }
    if (i === 0 || i === n - 1 || o.refusals)
      await step(page, screens, o, `handoff-${holder.toLowerCase()}`, `Pass the computer to ${holder}`);
    await press(
      page,
      i === n - 1 ? 'Everyone has their child key: confirm receipts' : `${holder} is done: next, ${o.holders[i + 1]}`,
    );
  }

  // 5. Receipts: each holder proves they have their child key.
  await page.getByRole('heading', { level: 2, name: 'Each owner confirms their child key' }).waitFor();
  await page.getByText(`0 of ${n} holders have confirmed — waiting for ${o.holders.join(', ')}`).waitFor();
  await step(page, screens, o, 'receipts', 'Each owner confirms their child key');
  const confirmFile = async (who: number, path: string, passphrase: string) => {
    const name = o.holders[who]!;
    if ((await page.getByLabel('Who is confirming now?').count()) > 0)
      await chooseOption(page, 'Who is confirming now?', name);
    await page.getByRole('heading', { level: 2, name: `${name}, show you have your child key` }).waitFor();
    await typeInto(page, `${name}’s file`, path);
    await typeInto(page, `${name}’s passphrase`, passphrase);
    await press(page, `Confirm ${name}’s child key`);
  };
  if (o.refusals) {
    // Bob presents Alice's file (with her passphrase): refused, naming Bob and what to do.
    await confirmFile(1, files[0]!, o.passphrases[0]!);
    await page
      .getByText(
        `${o.holders[1]} presented child key 1 (${o.holders[0]}), not their own (child key 2). Each holder confirms with the child key they were given.`,
      )
      .waitFor();
    await step(page, screens, o, 'receipt-refused', `${o.holders[1]}, show you have your child key`);
    // The passphrase was cleared from the form as soon as main had it.
    expect(await page.getByLabel(`${o.holders[1]}’s passphrase`, { exact: true }).inputValue()).toBe('');
    // Bob's own file with a wrong passphrase: refused, naming Bob.
    await confirmFile(1, files[1]!, o.passphrases[2]!);
    await page
      .getByText(new RegExp(`^${o.holders[1]}’s receipt was not taken: .*the passphrase does not open this file`))
      .waitFor();
  }
  for (let i = 0; i < n - 1; i++) {
    await confirmFile(i, files[i]!, o.passphrases[i]!);
    await page.getByText(new RegExp(`^${i + 1} of ${n} holders have confirmed`)).waitFor();
  }
  await page.getByText(`${n - 1} of ${n} holders have confirmed — waiting for ${o.holders[n - 1]}`).waitFor();
  // The last holder re-types their words.
  const last = o.holders[n - 1]!;
  await page.getByRole('heading', { level: 2, name: `${last}, show you have your child key` }).waitFor();
  await chooseRadio(page, /^Type my words/);
  const words = o.words.at(-1)!;
  await typeInto(page, `${last}’s words`, words.toUpperCase().replaceAll('-', ' '));
  await step(page, screens, o, 'receipt-words', `${last}, show you have your child key`);
  await press(page, `Confirm ${last}’s child key`);
  await page.getByText(`All ${n} holders have confirmed their child keys.`).waitFor();
  await step(page, screens, o, 'receipts-complete', 'Every owner has their child key');
  await press(page, 'Finish: wipe the original key');

  // 6. Done: the key was wiped, the wallet recorded; its addresses shown for deposits.
  await page.getByRole('heading', { level: 2, name: 'The shared wallet is ready' }).waitFor();
  await page.getByText(`✓ ${o.walletLabel} is ready`).waitFor();
  expect(await page.getByText('The key you imported is still where it came from').count()).toBe(
    o.key?.kind === 'key-file' ? 1 : 0,
  );
  const card = page.getByRole('article', { name: o.walletLabel });
  const eth = (await card.getByText(/^0x[0-9a-fA-F]{40}$/).textContent())!;
  await step(page, screens, o, 'done', 'The shared wallet is ready');
  const walletId = (await page.evaluate(
    `window.jointkey.wallets.list({}).then((r) => r.value.wallets.find((w) => w.label === ${JSON.stringify(o.walletLabel)}))`,
  )) as { id: string; publicKey: string; addresses: Record<string, string> };
  expect(walletId.addresses['ethereum']).toBe(eth);
  await press(page, 'Go to Wallets');
  await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
  await page.getByRole('heading', { level: 2, name: o.walletLabel }).waitFor();
  return {
    walletId: walletId.id,
    publicKey: walletId.publicKey,
    addresses: walletId.addresses,
    files,
    passphrases: o.passphrases,
    paperBackup,
  };
}
