/**
 * The walks through the Import, Joint signing and Health check screens, by keyboard only (walk.ts:
 * Tab or Shift+Tab to each control, its accessible name checked, then typing, arrows, Space or
 * Enter), each step screenshot and scanned with axe. Exported step by step so a longer
 * walk (create → import → sign) can chain them: each takes the files, passphrases and wallet it needs.
 *
 * `pickFile(path)` sets the path the next "Choose file…" dialog returns (the test's stand-in for
 * Electron's dialog: the context's chooseFile in Chromium, dialog.showOpenDialog replaced in the real app).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Screens, expectAccessible } from './harness.js';
import { chooseRadio, press, typeInto } from './walk.js';

export interface HolderFile {
  label: string;
  file: string;
  passphrase: string;
}

export type PickFile = (path: string) => void | Promise<void>;

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

/** Goes to a screen through the navigation, by keyboard: Shift+Tab back to its button, Enter. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await press(page, label, { back: true });
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/**
 * Screen 3: a holder imports their encrypted child-key file into this computer's keychain — first
 * with a wrong passphrase (refused, saying what to do), then with theirs: the preview names holder
 * and wallet, then it is stored and listed.
 */
export async function importChildKey(
  page: Page,
  screens: Screens,
  pickFile: PickFile,
  holder: HolderFile & { index: number; parties: number; wallet: string },
): Promise<void> {
  await openScreen(page, 'Import my child key');
  await shot(page, screens, 'import-start');

  await pickFile(holder.file);
  await press(page, 'Choose file…');
  await page.getByText(holder.file.split('/').at(-1)!, { exact: true }).waitFor();
  await typeInto(page, 'Your passphrase', 'not my passphrase at all');
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/passphrase/i);
  await shot(page, screens, 'import-wrong-passphrase');

  await typeInto(page, 'Your passphrase', holder.passphrase);
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', {
    name: `This is ${holder.label}’s child key — holder ${holder.index} of ${holder.parties} — for ${holder.wallet}`,
  });
  await heading.waitFor();
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('preview-title');
  await shot(page, screens, 'import-preview');

  await press(page, 'Store in this computer’s keychain');
  await page
    .getByText(`${holder.label}’s child key for ${holder.wallet} is now in this computer’s keychain.`)
    .waitFor();
  const held = page.getByRole('region', { name: 'In this computer’s keychain' });
  await expect
    .poll(() => held.textContent())
    .toMatch(new RegExp(`${holder.label}\\s*— ${holder.wallet} · holder ${holder.index}`));
  expect(await page.getByLabel('Your passphrase').inputValue()).toBe('');
  await shot(page, screens, 'import-stored');

  // The Wallets screen says which holders' child keys this computer's keychain holds.
  await press(page, 'See the wallets');
  await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
  const onWallets = page.getByRole('region', { name: 'In this computer’s keychain' });
  await expect.poll(() => onWallets.textContent()).toContain(`${holder.label}’s child key for ${holder.wallet}`);
  await shot(page, screens, 'wallets-keychain');
}

export interface SigningSetup {
  walletLabel: string;
  pickFile: PickFile;
  /** Enters a child key from a file with its passphrase. */
  alice: HolderFile;
  /** In this computer's keychain. */
  bob: { label: string };
  /** Carol types hers. */
  carolText: string;
  /** A child-key file of another wallet (refused, named). */
  otherWalletFile: string;
  /** The group of Carol's typed child key that gets one wrong character (past the header); 20 by default. */
  typoGroup?: number;
}

/** Enters one child key from a file (and its passphrase); returns the verdict line. */
export async function enterFromFile(
  page: Page,
  pickFile: PickFile,
  file: string,
  passphrase?: string,
): Promise<string> {
  await chooseRadio(page, 'From a child-key file');
  await pickFile(file);
  await press(page, 'Choose file…');
  await page.getByText(file.split('/').at(-1)!, { exact: true }).waitFor();
  await typeInto(page, 'Passphrase of this file', passphrase ?? '');
  return submitEntry(page);
}

/** A holder whose child key is in this computer's keychain (`{label}`), or who enters their file. */
export type KeptChildKey = { label: string } | HolderFile;

/** Enters a {@link KeptChildKey}: from the keychain, or from the holder's file with its passphrase. */
export async function enterKept(page: Page, pickFile: PickFile, holder: KeptChildKey): Promise<string> {
  return 'file' in holder
    ? enterFromFile(page, pickFile, holder.file, holder.passphrase)
    : enterFromKeychain(page, holder.label);
}

export async function enterFromKeychain(page: Page, holder: string): Promise<string> {
  await chooseRadio(page, 'From this computer’s keychain');
  const select = page.getByLabel('Child key in this computer’s keychain');
  await expect.poll(() => select.locator('option:checked').textContent()).toMatch(new RegExp(`^${holder} `));
  return submitEntry(page);
}

/** Types a child key; returns the live check's message once it has one, without submitting. */
export async function typeChildKey(page: Page, text: string): Promise<string> {
  await chooseRadio(page, 'Type the words');
  await typeInto(page, /^Child key, as written/, text);
  const status = page.locator('#typed-key-check');
  await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/\S/);
  return (await status.textContent())!.trim();
}

/** Presses Enter on "Enter this child key"; waits for the verdict and returns its text. */
async function submitEntry(page: Page): Promise<string> {
  const before = (await page.locator('.verdict').count()) > 0 ? await page.locator('.verdict').textContent() : null;
  await press(page, 'Enter this child key');
  await expect
    .poll(
      async () =>
        (await page.locator('.verdict').count()) > 0 && (await page.locator('.verdict').textContent()) !== before,
      { timeout: 15_000 },
    )
    .toBe(true);
  // Every input is cleared after each entry.
  for (const id of ['#file-passphrase', '#typed-key'])
    if ((await page.locator(id).count()) > 0) expect(await page.locator(id).inputValue()).toBe('');
  return (await page.locator('.verdict').textContent())!.trim();
}

async function chooseWallet(page: Page, walletLabel: string): Promise<void> {
  await chooseRadio(page, new RegExp(`^${walletLabel}`));
  await press(page, 'Continue');
}

/**
 * Screen 4, an Ethereum transfer: compose, read together, then the entries — Alice's file with her
 * passphrase; another wallet's file (refused, named); Alice's file again (duplicate, naming Alice); Carol
 * typing with one character changed (the live check and the refusal say where); Bob from the keychain —
 * sign, save. Returns the signed transaction as shown and the saved file's path.
 */
export async function signTransfer(
  page: Page,
  screens: Screens,
  s: SigningSetup,
  tx: { to: string; amountEth: string; chainId: string; nonce: string },
): Promise<{ rawTx: string; from: string; savedPath: string }> {
  await openScreen(page, 'Joint signing');
  await page.getByRole('heading', { name: '1. Choose the wallet' }).waitFor();
  await shot(page, screens, 'sign-choose-wallet');
  await chooseWallet(page, s.walletLabel);

  await page.getByRole('heading', { name: `2. What will ${s.walletLabel} sign?` }).waitFor();
  // A wrong address is refused on the spot, saying what to enter.
  await typeInto(page, 'Recipient’s address', '0x1234');
  await typeInto(page, 'Amount (ETH)', tx.amountEth);
  await press(page, 'Show it in plain words');
  await page.getByText('Enter the recipient’s Ethereum address: 0x and 40 hex digits.', { exact: false }).waitFor();
  await typeInto(page, 'Recipient’s address', tx.to);
  await typeInto(page, 'Chain id', tx.chainId);
  await typeInto(page, 'Transaction number (nonce)', tx.nonce);
  await shot(page, screens, 'sign-compose-transfer');
  await press(page, 'Show it in plain words');

  await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
  const what = page.getByRole('region', { name: `${s.walletLabel} will sign` });
  await expect.poll(() => what.textContent()).toContain(`Send ${tx.amountEth} ETH`);
  expect(await what.textContent()).toContain(`to ${tx.to}`);
  await shot(page, screens, 'sign-read-together');
  await press(page, 'We all agree — enter child keys');

  await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();
  const progress = page.getByRole('region', { name: 'Child keys entered' });
  await expect
    .poll(() => progress.getByRole('status').textContent())
    .toBe('0 of 2 — 2 more from any of: Alice, Bob, Carol');
  await shot(page, screens, 'sign-enter-start');

  expect(await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase)).toBe(
    `Taken. ${s.alice.label}’s child key is in.`,
  );
  await expect.poll(() => progress.getByRole('status').textContent()).toBe('1 of 2 — 1 more from any of: Bob, Carol');
  await shot(page, screens, 'sign-alice-in');

  const other = await enterFromFile(page, s.pickFile, s.otherWalletFile);
  expect(other).toMatch(/^Not taken\. .*\(Alice\).* another wallet/);
  await shot(page, screens, 'sign-refused-other-wallet');

  const dup = await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase);
  expect(dup).toMatch(/^Not taken\. Child key 1 \(Alice\) was already entered/);
  await shot(page, screens, 'sign-refused-duplicate');

  // Carol types hers with one character changed, past the header: the live check says where.
  const group = s.typoGroup ?? 20;
  const at = 4 + (group - 1) * 6 + 2;
  const typo = s.carolText.slice(0, at) + (s.carolText[at] === 'q' ? 'p' : 'q') + s.carolText.slice(at + 1);
  const live = await typeChildKey(page, typo);
  expect(live).toMatch(/^The check fails: most likely a typo in groups? \d+/);
  await shot(page, screens, 'sign-typo-live-check');
  const refused = await submitEntry(page);
  expect(refused).toMatch(
    /^Not taken\. This child key has a typo\. The check fails: most likely a typo in groups? \d+/,
  );
  const named = [...refused.matchAll(/\d+/g)].map((m) => Number(m[0]));
  expect(Math.min(...named)).toBeLessThanOrEqual(group);
  expect(Math.max(...named)).toBeGreaterThanOrEqual(group);
  await expect.poll(() => progress.getByRole('status').textContent()).toBe('1 of 2 — 1 more from any of: Bob, Carol');
  await shot(page, screens, 'sign-refused-typo');

  expect(await enterFromKeychain(page, s.bob.label)).toBe(`Taken. ${s.bob.label}’s child key is in.`);
  await page.getByRole('heading', { name: 'Ready to sign' }).waitFor();
  await shot(page, screens, 'sign-ready');
  await press(page, 'Sign');

  await page.getByRole('heading', { name: 'The transfer is signed' }).waitFor();
  const result = page.getByRole('region', { name: 'The transfer is signed' });
  const rawTx = (await result.locator('dd.raw').textContent())!.trim();
  const from = (await result.locator('dd').first().textContent())!.trim();
  await press(page, 'Save to a file…');
  const saved = page.getByText(/^Saved as /);
  await saved.waitFor();
  const savedPath = (await saved.locator('.mono').textContent())!.trim();
  await shot(page, screens, 'sign-transfer-signed');
  return { rawTx, from, savedPath };
}

/** Done: everything cleared, the session closed; the screen is back at choosing a wallet. */
export async function finishSigning(page: Page): Promise<void> {
  await press(page, 'Done');
  await page.getByRole('heading', { name: '1. Choose the wallet' }).waitFor();
}

/**
 * Screen 4, a message: Carol types hers (the live check says it is complete and whose), Bob's from
 * the keychain; sign. Returns the signature and public key as shown.
 */
export async function signMessage(
  page: Page,
  screens: Screens,
  s: SigningSetup,
  message: string,
): Promise<{ signatureHex: string; publicKeyHex: string }> {
  await chooseWallet(page, s.walletLabel);
  await chooseRadio(page, 'A message');
  await typeInto(page, 'Message', message);
  await shot(page, screens, 'sign-compose-message');
  await press(page, 'Show it in plain words');
  await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
  const what = (await page.getByRole('region', { name: `${s.walletLabel} will sign` }).textContent())!;
  expect(what).toContain(message);
  expect(what).toMatch(/Sign a message of \d+ bytes with ecdsa-sha256/);
  await press(page, 'We all agree — enter child keys');
  await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();

  const live = await typeChildKey(page, s.carolText.toUpperCase());
  expect(live).toBe('Looks complete: the check passes. This is child key 3 (Carol).');
  await shot(page, screens, 'sign-typed-complete');
  expect(await submitEntry(page)).toBe('Taken. Carol’s child key is in.');
  expect(await enterFromKeychain(page, s.bob.label)).toBe(`Taken. ${s.bob.label}’s child key is in.`);
  await press(page, 'Sign');
  await page.getByRole('heading', { name: 'The message is signed' }).waitFor();
  const result = page.getByRole('region', { name: 'The message is signed' });
  const signatureHex = (await result.locator('dd.raw').textContent())!.trim();
  const publicKeyHex = (await result.locator('dd').nth(1).textContent())!.trim();
  await shot(page, screens, 'sign-message-signed');
  await finishSigning(page);
  return { signatureHex, publicKeyHex };
}

/** Checks a message's signature as shown: made by the wallet's public key, and valid for the message (ECDSA over SHA-256). */
export function expectMessageSigned(
  shown: { signatureHex: string; publicKeyHex: string },
  message: string,
  publicKeyHex: string,
): void {
  expect(shown.publicKeyHex).toBe(publicKeyHex);
  expect(
    secp256k1.verify(
      Buffer.from(shown.signatureHex, 'hex'),
      sha256(new TextEncoder().encode(message)),
      Buffer.from(publicKeyHex, 'hex'),
      { prehash: false },
    ),
  ).toBe(true);
}

/**
 * Screen 5: a health check — a wrong child key (another wallet's) refused and named, then Alice's file
 * and Carol's typed words: "The child keys still restore this wallet".
 */
export async function healthCheck(page: Page, screens: Screens, s: SigningSetup): Promise<string> {
  await openScreen(page, 'Health check');
  await chooseWallet(page, s.walletLabel);
  await page.getByRole('heading', { name: `2. Each holder enters their child key for ${s.walletLabel}` }).waitFor();
  const wrong = await enterFromFile(page, s.pickFile, s.otherWalletFile);
  expect(wrong).toMatch(/^Not taken\. .*\(Alice\).* another wallet/);
  await shot(page, screens, 'health-refused-wrong-key');
  expect(await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase)).toBe(
    `Taken. ${s.alice.label}’s child key is in.`,
  );
  await typeChildKey(page, s.carolText);
  expect(await submitEntry(page)).toBe('Taken. Carol’s child key is in.');
  await press(page, 'Check the child keys');
  const ok = page.getByRole('heading', { name: 'The child keys still restore this wallet' });
  await ok.waitFor();
  const summary = (await page
    .getByRole('region', { name: 'The child keys still restore this wallet' })
    .getByRole('status')
    .textContent())!;
  await shot(page, screens, 'health-ok');
  await press(page, 'Done');
  return summary;
}

/**
 * On the signed transfer's result: an endpoint that is not http(s) is refused, saying what to give;
 * then the node's address is set and the transaction broadcast. Returns the line that says it was sent.
 */
export async function broadcastTransfer(page: Page, screens: Screens, nodeUrl: string): Promise<string> {
  await typeInto(page, 'Ethereum node address (JSON-RPC)', 'file:///etc/passwd');
  await press(page, 'Use this node');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(
    /only to http:\/\/ or https:\/\/ addresses, not to a file address\. Give the node’s JSON-RPC address/,
  );
  await shot(page, screens, 'sign-endpoint-refused');
  await typeInto(page, 'Ethereum node address (JSON-RPC)', nodeUrl);
  await press(page, 'Use this node');
  await page.getByText(nodeUrl, { exact: true }).waitFor();
  await press(page, 'Broadcast the transaction');
  const sent = page.getByText(/^Sent to /);
  await sent.waitFor({ timeout: 60_000 });
  await shot(page, screens, 'sign-broadcast');
  return (await sent.textContent())!.trim();
}

/** Types a holder's SLIP-39 words and enters them; returns the verdict line. */
async function enterWords(page: Page, words: string): Promise<string> {
  await chooseRadio(page, 'Type the words');
  await typeInto(page, 'Your SLIP-39 words, as you wrote them down', words);
  return submitEntry(page);
}

/**
 * Screen 5 on a wallet split as SLIP-39 words: Alice's file, Bob's from the keychain (or his file),
 * Carol's words typed — "The child keys still restore this wallet". Returns its summary.
 */
export async function healthCheckWithWords(
  page: Page,
  screens: Screens,
  s: { walletLabel: string; pickFile: PickFile; alice: HolderFile; bob: KeptChildKey; carolWords: string },
): Promise<string> {
  await openScreen(page, 'Health check');
  await chooseWallet(page, s.walletLabel);
  await page.getByRole('heading', { name: `2. Each holder enters their child key for ${s.walletLabel}` }).waitFor();
  expect(await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase)).toBe(
    'Taken. Alice’s child key is in.',
  );
  expect(await enterKept(page, s.pickFile, s.bob)).toBe(`Taken. ${s.bob.label}’s child key is in.`);
  expect(await enterWords(page, s.carolWords)).toBe('Taken. Carol’s child key is in.');
  await press(page, 'Check the child keys');
  const region = page.getByRole('region', { name: 'The child keys still restore this wallet' });
  await region.waitFor();
  const summary = (await region.getByRole('status').textContent())!;
  await shot(page, screens, 'slip39-health-ok');
  await press(page, 'Done');
  return summary;
}

/**
 * Screen 4 on a wallet split as SLIP-39 words, a message: another wallet's words typed (refused,
 * "another wallet"); Alice's file (taken); Carol's words with one word changed (refused, naming the
 * word); Alice's file again (duplicate, naming Alice); Carol's words and Bob's from this computer's
 * keychain (or his file) — then sign.
 * Returns the signature and public key as shown.
 */
export async function signWithWords(
  page: Page,
  screens: Screens,
  s: {
    walletLabel: string;
    pickFile: PickFile;
    alice: HolderFile;
    /** In this computer's keychain, or his file. */
    bob: KeptChildKey;
    carolWords: string;
    otherWalletWords: string;
  },
  message: string,
): Promise<{ signatureHex: string; publicKeyHex: string }> {
  const typeWords = (words: string) => enterWords(page, words);
  await openScreen(page, 'Joint signing');
  await chooseWallet(page, s.walletLabel);
  await chooseRadio(page, 'A message');
  await typeInto(page, 'Message', message);
  await press(page, 'Show it in plain words');
  await page.getByRole('heading', { name: '3. Read this together' }).waitFor();
  await press(page, 'We all agree — enter child keys');
  await page.getByRole('heading', { name: '4. Each holder enters their child key' }).waitFor();
  const progress = page.getByRole('region', { name: 'Child keys entered' });
  const summary = () => progress.getByRole('status').textContent();
  await expect.poll(summary).toBe('0 of 3 — still missing: Alice, Bob, Carol');

  expect(await typeWords(s.otherWalletWords)).toMatch(/^Not taken\. These words belong to another wallet/);
  await shot(page, screens, 'slip39-sign-refused-other-wallet');
  expect(await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase)).toBe(
    'Taken. Alice’s child key is in.',
  );
  await expect.poll(summary).toBe('1 of 3 — still missing: Bob, Carol');

  const words = s.carolWords.split(' ');
  words[11] = words[11] === 'academic' ? 'acid' : 'academic';
  expect(await typeWords(words.join(' '))).toBe(
    'Not taken. These words have a typo: word 12 looks wrong. Compare it with the holder’s copy and correct it.',
  );
  await shot(page, screens, 'slip39-sign-refused-typo');
  expect(await enterFromFile(page, s.pickFile, s.alice.file, s.alice.passphrase)).toMatch(
    /^Not taken\. Alice’s words were already entered\. .*Bob, Carol still have to enter theirs\.$/,
  );
  await shot(page, screens, 'slip39-sign-refused-duplicate');

  expect(await typeWords(s.carolWords.toUpperCase())).toBe('Taken. Carol’s child key is in.');
  await expect.poll(summary).toBe('2 of 3 — still missing: Bob');
  expect(await enterKept(page, s.pickFile, s.bob)).toBe(`Taken. ${s.bob.label}’s child key is in.`);
  await page.getByRole('heading', { name: 'Ready to sign' }).waitFor();
  await shot(page, screens, 'slip39-sign-ready');
  await press(page, 'Sign');
  await page.getByRole('heading', { name: 'The message is signed' }).waitFor();
  const result = page.getByRole('region', { name: 'The message is signed' });
  const signatureHex = (await result.locator('dd.raw').textContent())!.trim();
  const publicKeyHex = (await result.locator('dd').nth(1).textContent())!.trim();
  await shot(page, screens, 'slip39-sign-signed');
  await finishSigning(page);
  return { signatureHex, publicKeyHex };
}
