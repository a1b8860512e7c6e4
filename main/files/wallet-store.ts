/**
 * Wallet records on disk: `<data dir>/wallets/<set id>.wallet.json`, public data only, written
 * atomically and never replaced. The data dir is the app's (Electron's userData: ~/.config/JointKey
 * on Linux, ~/Library/Application Support/JointKey on macOS, %APPDATA%\JointKey on Windows); the CLI
 * takes --data-dir.
 */
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Receipt } from '../core/ceremony.js';
import type { SetPublic } from '../core/child-key.js';
import { type ErrorCode, JointKeyError, isJointKeyError } from '../core/errors.js';
import { bytesToHex } from '../core/bytes.js';
import type { Slip39Wallet } from '../core/slip39-wallet.js';
import type { Slip39ChildKey } from '../core/slip39/file-form.js';
import {
  type AnyWalletRecord,
  type Slip39WalletRecordJson,
  type WalletRecordJson,
  anyWalletRecordFromJson,
  slip39WalletRecordOf,
  walletRecordOf,
} from '../core/wallet-record.js';
import { ensureDir, readLimited, writeNewFile } from './atomic.js';

const MAX_RECORD_BYTES = 1024 * 1024;

/** The app's data folder on this platform (what Electron's app.getPath('userData') gives for JointKey). */
export function defaultDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'JointKey');
  if (process.platform === 'win32')
    return join(process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'JointKey');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'JointKey');
}

function walletsDir(dataDir: string): string {
  return join(dataDir, 'wallets');
}

/**
 * Saves a set's wallet record, with every holder's receipt; returns its path. Throws JointKeyError
 * FILE_EXISTS if already saved, RECEIPT_MISSING without a receipt per holder.
 */
export function saveWalletRecord(
  dataDir: string,
  set: SetPublic,
  receipts: readonly Receipt[],
  now = new Date(),
): { path: string; record: WalletRecordJson } {
  return writeRecord(dataDir, walletRecordOf(set, now.toISOString(), receipts));
}

/** Saves a SLIP-39 wallet's record (public data only), as {@link saveWalletRecord}. */
export function saveSlip39WalletRecord(
  dataDir: string,
  wallet: Slip39Wallet,
  receipts: readonly Receipt[],
  now = new Date(),
): { path: string; record: Slip39WalletRecordJson } {
  return writeRecord(dataDir, slip39WalletRecordOf(wallet, now.toISOString(), receipts));
}

function writeRecord<R extends { id: string }>(dataDir: string, record: R): { path: string; record: R } {
  const dir = walletsDir(dataDir);
  ensureDir(dir);
  const path = join(dir, `${record.id}.wallet.json`);
  writeNewFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return { path, record };
}

export type WalletListEntry =
  ({ path: string } & AnyWalletRecord) | { path: string; error: { code: string; message: string } };

/** Every wallet record in the data folder; a damaged one is listed with its error, not skipped. */
export function listWalletRecords(dataDir: string): WalletListEntry[] {
  const dir = walletsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.wallet.json'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const path = join(dir, name);
    try {
      const text = readLimited(path, MAX_RECORD_BYTES).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new JointKeyError(
          'TAMPERED_FILE',
          'The wallet record is not valid JSON: it was damaged or edited. Restore it from a backup.',
        );
      }
      const parsed = anyWalletRecordFromJson(value);
      if (`${parsed.record.id}.wallet.json` !== name)
        throw new JointKeyError(
          'TAMPERED_FILE',
          'The wallet record’s name does not match its set id: it was renamed or edited.',
        );
      return { path, ...parsed };
    } catch (e) {
      if (isJointKeyError(e)) return { path, error: { code: e.code, message: e.message } };
      throw e;
    }
  });
}

/**
 * The wallet record of a set id (hex), or undefined when there is none. A damaged or edited record
 * of that set id is not skipped: its error is thrown, naming the record's path.
 */
export function findWalletRecord(dataDir: string, setIdHex: string): ({ path: string } & AnyWalletRecord) | undefined {
  for (const e of listWalletRecords(dataDir)) {
    if ('record' in e) {
      if (e.record.id === setIdHex) return e;
    } else if (e.path.endsWith(`${setIdHex}.wallet.json`))
      throw new JointKeyError(e.error.code as ErrorCode, `${e.path}: ${e.error.message}`);
  }
  return undefined;
}

/**
 * The SLIP-39 wallet record a holder's words belong to — the same public key (a SLIP-39 file's
 * walletId) and SLIP-39 identifier — or undefined when this computer has none.
 */
export function findSlip39WalletRecord(
  dataDir: string,
  words: { share: { identifier: number }; walletId?: Uint8Array },
): { path: string; record: Slip39WalletRecordJson; slip39: Slip39Wallet } | undefined {
  const publicKey = words.walletId === undefined ? undefined : bytesToHex(words.walletId);
  for (const e of listWalletRecords(dataDir))
    if ('slip39' in e && e.slip39 !== undefined)
      if (
        e.slip39.identifier === words.share.identifier &&
        (publicKey === undefined || e.record.publicKey === publicKey)
      )
        return { path: e.path, record: e.record, slip39: e.slip39 };
  return undefined;
}

/**
 * The SLIP-39 wallet this computer has a record of that a holder's SLIP-39 file belongs to; refuses,
 * saying what to do, when there is none (`noRecord`: what else the caller's user can do, appended).
 */
export function slip39WalletOf(
  dataDir: string,
  read: { path: string; slip39: Slip39ChildKey },
  noRecord = '',
): Slip39Wallet {
  const found = findSlip39WalletRecord(dataDir, read.slip39);
  if (!found)
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      `${read.path} holds SLIP-39 words of a wallet this computer has no record of. Keep them on the computer where the wallet was created, or check that you chose your own file.${noRecord}`,
    );
  return found.slip39;
}
