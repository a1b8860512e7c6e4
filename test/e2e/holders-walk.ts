/**
 * The three holders' walk through every screen, by keyboard, shared by the Chromium harness
 * (walk.e2e.ts) and the real Electron app (test/electron/app.e2e.ts): Create a shared wallet (a
 * generated key, any 2 of Alice, Bob and Carol), Import my child key (Bob, into this computer's
 * keychain), Joint signing (an Ethereum transfer, then a message) and Health check. The wallet the
 * walk makes is the one it signs with. Each app answers the file and folder dialogs its own way,
 * through the hooks below.
 */
import type { Page } from 'playwright-core';
import { recoverTransactionAddress } from 'viem';
import { expect } from 'vitest';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import { openChildKeyFile } from '../../main/files/child-key-files.js';
import { type CreatedWallet, createWalletWalk } from './create-walk.js';
import type { Screens } from './harness.js';
import {
  type PickFile,
  expectMessageSigned,
  finishSigning,
  healthCheck,
  importChildKey,
  signMessage,
  signTransfer,
} from './sign-walk.js';
import { jointKeyIn } from '../support/records.js';

export const HOLDERS = ['Alice', 'Bob', 'Carol'];
export const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];

export interface HoldersWalkHooks {
  /** The folder the folder dialog answers with while creating: the holders' files go there. */
  chosenFolder: string;
  /** Sets the folder dialog's answer from then on (called with where signed results are saved). */
  setFolder: (path: string) => void | Promise<void>;
  /** Sets the path the next file dialog returns. */
  pickFile: PickFile;
  /** The words shown in the words window, filled as they are shown (see CreateWalkOptions.words). */
  words: string[];
  /** Awaited once the last holder's words were shown (the real app's window is handled there). */
  onWordsShown?: () => Promise<void>;
  /** The holders' labels whose child keys this computer's keychain holds. */
  keychainHolders: () => Promise<(string | null)[]>;
  /** A child-key file of another wallet (refused, named). */
  otherWalletFile: string;
  /** Where signed results are saved. */
  savedDir: string;
}

/** Walks create → import → sign → health check; returns the wallet made. */
export async function holdersWalk(page: Page, screens: Screens, h: HoldersWalkHooks): Promise<CreatedWallet> {
  await page.getByText('No shared wallets on this computer yet').waitFor();
  await screens.shot(page, 'walk-wallets-empty');

  // Create: a generated key, any 2 of the 3.
  const made = await createWalletWalk(page, screens, {
    walletLabel: 'Family savings',
    holders: HOLDERS,
    passphrases: PASS,
    threshold: 2,
    words: h.words,
    ...(h.onWordsShown ? { onWordsShown: h.onWordsShown } : {}),
    chosenFolder: h.chosenFolder,
    shots: (name) => ['owners', 'rule', 'receipts-complete', 'done'].includes(name),
  });
  expect(made.files).toHaveLength(3);
  await h.setFolder(h.savedDir);

  // Import: Bob keeps his child key in this computer's keychain.
  await importChildKey(page, screens, h.pickFile, {
    label: 'Bob',
    index: 2,
    parties: 3,
    wallet: 'Family savings',
    file: made.files[1]!,
    passphrase: PASS[1]!,
  });
  expect(await h.keychainHolders()).toEqual(['Bob']);

  // Carol types her child key: its text form, read from her file (as she would from her paper).
  const carol = await openChildKeyFile(made.files[2]!, PASS[2]);
  const carolText = childKeyToText(jointKeyIn(carol).childKey);

  const setup = {
    walletLabel: 'Family savings',
    pickFile: h.pickFile,
    alice: { label: 'Alice', file: made.files[0]!, passphrase: PASS[0]! },
    bob: { label: 'Bob' },
    carolText,
    otherWalletFile: h.otherWalletFile,
    // The key is new each run: the typo goes in the share, three groups from the end, never in
    // the header (where a changed length would make the live check wait for more groups).
    typoGroup: Math.floor((carolText.length - 4 + 1) / 6) - 2,
  };
  const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const signed = await signTransfer(page, screens, setup, { to, amountEth: '0.25', chainId: '31337', nonce: '0' });
  expect(signed.from).toBe(made.addresses['ethereum']);
  expect(await recoverTransactionAddress({ serializedTransaction: signed.rawTx as `0x02${string}` })).toBe(
    made.addresses['ethereum'],
  );
  expect(signed.savedPath.startsWith(h.savedDir)).toBe(true);
  await finishSigning(page);

  const text = 'We, the owners, agree.';
  expectMessageSigned(await signMessage(page, screens, setup, text), text, made.publicKey);

  expect(await healthCheck(page, screens, setup)).toMatch(/^The child keys of Alice, Carol restore Family savings/);
  return made;
}
