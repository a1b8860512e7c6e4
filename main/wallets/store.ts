/**
 * Wallet records on disk: `<data dir>/wallets/<set id>.wallet.json`, public data only, written
 * atomically and never replaced. The data dir is the app's (Electron's userData: ~/.config/JointKey
 * on Linux, ~/Library/Application Support/JointKey on macOS, %APPDATA%\JointKey on Windows); the CLI
 * takes --data-dir.
 */
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ErrorCode, JointKeyError, isJointKeyError } from '../core/errors.js';
import type { ChildKeyRead, Wallet, WalletRecordJson } from '../core/wallet/kind.js';
import { walletFromJson } from '../core/wallet/kinds/index.js';
import { ensureDir, readLimited, writeNewFile } from '../files/atomic.js';

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
 * Saves a wallet record (public data, with every holder's receipt); returns its path. Throws
 * JointKeyError FILE_EXISTS if already saved.
 */
export function saveWalletRecord<R extends WalletRecordJson>(dataDir: string, record: R): { path: string; record: R } {
  const dir = walletsDir(dataDir);
  ensureDir(dir);
  const path = join(dir, `${record.id}.wallet.json`);
  writeNewFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return { path, record };
}

export type WalletListEntry =
  { path: string; wallet: Wallet } | { path: string; error: { code: string; message: string } };

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
      const wallet = walletFromJson(value);
      if (`${wallet.record.id}.wallet.json` !== name)
        throw new JointKeyError(
          'TAMPERED_FILE',
          'The wallet record’s name does not match its set id: it was renamed or edited.',
        );
      return { path, wallet };
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
export function findWalletRecord(dataDir: string, setIdHex: string): { path: string; wallet: Wallet } | undefined {
  for (const e of listWalletRecords(dataDir)) {
    if ('wallet' in e) {
      if (e.wallet.record.id === setIdHex) return e;
    } else if (e.path.endsWith(`${setIdHex}.wallet.json`))
      throw new JointKeyError(e.error.code as ErrorCode, `${e.path}: ${e.error.message}`);
  }
  return undefined;
}

/** The wallet of a set id (hex) chosen on a screen; FILE_NOT_FOUND, saying what to do, when it has no record. */
export function requireWalletRecord(dataDir: string, setIdHex: string): Wallet {
  const found = findWalletRecord(dataDir, setIdHex);
  if (!found)
    throw new JointKeyError(
      'FILE_NOT_FOUND',
      `No wallet record with this id is in ${join(dataDir, 'wallets')}. Reload the list of wallets and choose one from it.`,
    );
  return found.wallet;
}

/** The recorded wallets of the data folder (damaged records left out: listWalletRecords names them). */
export function recordedWallets(dataDir: string): Wallet[] {
  return listWalletRecords(dataDir).flatMap((e) => ('wallet' in e ? [e.wallet] : []));
}

/**
 * The recorded wallet a child key read from a file or the keychain belongs to, found by its kind
 * (the set id a JointKey child key carries; a SLIP-39 holder's identifier and public key).
 */
export function walletOfChildKey(dataDir: string, read: ChildKeyRead): Wallet | undefined {
  // A child key that names its set finds its record by name: a damaged one is named, not skipped.
  if (read.setIdHex !== undefined) return findWalletRecord(dataDir, read.setIdHex)?.wallet;
  return read.kind.walletOf(read, recordedWallets(dataDir));
}
