/**
 * Fixtures for the IPC tests (test/ipc.test.ts, test/e2e/): a real data folder with wallet records
 * saved by the real store, the holders' child keys in text and file form, and the dispatcher over
 * the real handlers, as the app wires them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '../../main/core/bytes.js';
import type { SchemeId } from '../../main/core/formats/child-key.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import { saveWalletRecord } from '../../main/wallets/store.js';
import { type Dispatch, createDispatch } from '../../main/ipc/dispatch.js';
import { type AppContext, type ContextOptions, createContext, createHandlers } from '../../main/app-handlers.js';
import { OsKeychain } from '../../main/keychain/os-keychain.js';
import type { ConfirmPrompt } from '../../main/dialogs/confirm.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { splitKey } from '../../main/core/wallet/split.js';
import { LABELS3, seededRng } from './sets.js';
import { walletRecordOf } from '../../main/core/wallet/kinds/jointkey.js';

/** The page URL the tests' app is loaded from (the dispatcher accepts only this page). */
export const APP_PAGE = 'file:///opt/JointKey/resources/app.asar/out/renderer/index.html';

export interface WalletFixture {
  walletId: string;
  key: Uint8Array;
  label: string;
  publicKeyHex: string;
  /** Each holder's child key in its one-line text form. */
  texts: string[];
  /** Each holder's child-key file. */
  files: string[];
  /** Each holder's share, hex (to search replies for). */
  sharesHex: string[];
}

/** A fresh empty folder. */
export function tempDir(prefix = 'jointkey-ipc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Saves a 3-holder wallet's record (secp256k1 unless `curve` says) in `dataDir` and writes its child-key files to `keysDir`. */
export function saveWallet(
  dataDir: string,
  keysDir: string,
  scheme: SchemeId = 'shamir',
  seed = 'ipc',
  walletLabel = 'Family savings',
  curve: 'secp256k1' | 'ed25519' = 'secp256k1',
): WalletFixture {
  const rng = seededRng(`${seed}/${scheme}`);
  const key = generatePrivateKey(curve, rng);
  const threshold = scheme === 'xor' || scheme === 'additive' ? 3 : 2;
  const made = {
    key,
    ...splitKey(curve, key, { scheme, parties: 3, threshold, labels: LABELS3, walletLabel, rng }),
  };
  const set = made.set;
  // Every holder confirmed their child key in the split ceremony (a record needs a receipt per holder).
  const receipts = set.labels.map((holder, i) => ({
    index: i + 1,
    holder,
    method: 'file' as const,
    confirmedAt: '2026-11-24T09:00:00.000Z',
  }));
  const { record } = saveWalletRecord(dataDir, walletRecordOf(set, '2026-11-24T09:00:00.000Z', receipts));
  const files = made.childKeys.map((ck) => {
    const path = join(keysDir, `${seed}-${scheme}-${ck.index}.jointkey.json`);
    writeFileSync(path, childKeyToFile(ck, set), { mode: 0o600 });
    return path;
  });
  return {
    walletId: record.id,
    key: made.key,
    label: walletLabel,
    publicKeyHex: record.publicKey,
    texts: made.childKeys.map((ck) => childKeyToText(ck)),
    files,
    sharesHex: made.childKeys.map((ck) => bytesToHex(ck.share)),
  };
}

/**
 * The person at main's confirmation dialog (main/dialogs/confirm.ts), in the tests: records every
 * prompt main shows, and answers with `answer` (true: presses the confirming button — Sign, Use,
 * Remove; false: Cancel), which may look at the prompt.
 */
export class PersonAtDialog {
  readonly prompts: ConfirmPrompt[] = [];
  constructor(public answer: boolean | ((prompt: ConfirmPrompt) => boolean | Promise<boolean>) = true) {}
  readonly confirm = async (prompt: ConfirmPrompt): Promise<boolean> => {
    this.prompts.push(structuredClone(prompt));
    return typeof this.answer === 'function' ? this.answer(prompt) : this.answer;
  };
}

/**
 * The real dispatcher over the real handlers, on `dataDir`. Main's confirmation dialog is answered by
 * `person` (by default one who confirms every prompt, recording each), unless `options.confirm` is given.
 */
export function makeDispatch(
  dataDir: string,
  options: Omit<ContextOptions, 'dataDir'> = {},
  page = APP_PAGE,
  person = new PersonAtDialog(),
): { ctx: AppContext; dispatch: Dispatch; person: PersonAtDialog } {
  // A keychain service of the test's own: never a real user's "JointKey" entries.
  const keychain = new OsKeychain({ service: `JointKeyTest-${randomBytes(6).toString('hex')}` });
  const ctx = createContext({ dataDir, keychain, confirm: person.confirm, ...options });
  return { ctx, dispatch: createDispatch(createHandlers(ctx), page), person };
}
