/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) through
 * @napi-rs/keyring: one entry per wallet and holder, `<wallet id hex>/<holder index>` → the holder's
 * file form, never replaced. On Linux pinned to the Secret Service, never the kernel keyring. Limits
 * (strings cannot be wiped, Windows' 2,560-byte entries, one connection per process): docs/user-guide.md.
 */
import type * as KeyringModule from '@napi-rs/keyring';
import type { AsyncEntry } from '@napi-rs/keyring';
import { bytesToHex } from '../core/bytes.js';
import { SET_ID_BYTES } from '../core/formats/child-key.js';
import { JointKeyError, isJointKeyError, type ErrorCode } from '../core/errors.js';
import type { ChildKeyRead, KeychainForm } from '../core/wallet/kind.js';
import { readChildKey } from '../core/wallet/kinds/index.js';

/** The keychain's service name for JointKey's entries. */
export const KEYCHAIN_SERVICE = 'JointKey';

export interface KeychainOptions {
  /** The service name entries are kept under; tests use their own. Default {@link KEYCHAIN_SERVICE}. */
  service?: string;
}

/** One keychain entry, by its labels: never the child key. */
export interface KeychainEntry {
  /** `<set id hex>/<holder index>`: what `read` and `remove` take. */
  id: string;
  setId: string;
  index: number;
  /** The wallet and holder labels, or null when the entry could not be read as a child key. */
  wallet: string | null;
  holder: string | null;
  /** Why the entry could not be read as a child key (it was changed outside JointKey), if it could not. */
  problem?: ErrorCode;
}

/** A child key read back from the keychain, with its set's public data. `childKey.share` is secret. */
/** A stored child key, read by its kind (secret: the caller wipes it). */
export interface KeychainChildKey {
  id: string;
  read: ChildKeyRead;
}

const ID_PATTERN = new RegExp(`^([0-9a-f]{${2 * SET_ID_BYTES}})/([1-9][0-9]{0,2})$`);
const LINUX = { linux: { store: 'secret-service' as const } };

/** The entry id of a holder's child key: `<set id hex>/<holder index>`. */
export function keychainId(ck: { setId: Uint8Array; index: number }): string {
  return `${bytesToHex(ck.setId)}/${ck.index}`;
}

/** True when a stored child key is the one its entry id names (its holder, and its set where it names one). */
function matchesId(read: ChildKeyRead, setId: string, index: number): boolean {
  return read.holder.index === index && (read.setIdHex === undefined || read.setIdHex === setId);
}

/** Splits an id typed by a person; JointKeyError INVALID_ARGUMENT when it is not one. */
export function parseKeychainId(id: unknown): { id: string; setId: string; index: number } {
  const m = typeof id === 'string' ? ID_PATTERN.exec(id.trim().toLowerCase()) : null;
  if (!m || Number(m[2]) > 255)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `"${typeof id === 'string' ? id.slice(0, 80) : typeof id}" is not a keychain entry id: an id is the set id (${2 * SET_ID_BYTES} hex digits), a slash and the holder's index, e.g. 3f…a1/2. "jointkey keychain list" shows them.`,
    );
  return { id: `${m[1]}/${Number(m[2])}`, setId: m[1] as string, index: Number(m[2]) };
}

const LINUX_WHY =
  'JointKey keeps child keys only in the Secret Service: the kernel keyring it could fall back to keeps them in memory only — they would be gone after a restart — and not in an encrypted keyring your desktop protects.';

function unavailableMessage(text: string): string {
  if (process.platform === 'darwin')
    return 'The macOS Keychain could not be reached. Open Keychain Access, check that your login keychain exists and is unlocked, then try again.';
  if (process.platform === 'win32') {
    if (/longer than platform limit/i.test(text))
      return 'This child key is larger than Windows Credential Manager holds (2,560 bytes per entry). Keep it as an encrypted child-key file instead.';
    return 'Windows Credential Manager could not be reached. Sign in to Windows with your own account (not a service account), then try again.';
  }
  if (/no result found/i.test(text))
    return `Your Secret Service has no default keyring to store into. Open Passwords and Keys (Seahorse) or KWallet, create a keyring and make it the default, then start JointKey again. ${LINUX_WHY}`;
  return `No Secret Service is running in this desktop session, so JointKey cannot use the keychain. Install and start GNOME Keyring (package gnome-keyring) or KWallet with its Secret Service, in a desktop session you are logged in to, then start JointKey again. ${LINUX_WHY}`;
}

function lockedMessage(): string {
  if (process.platform === 'darwin')
    return 'Your macOS keychain is locked. Unlock it (Keychain Access, or allow JointKey when macOS asks), then try again.';
  return 'Your keyring is locked. Unlock it — your desktop asks for your login password, or open Passwords and Keys (Seahorse) or KWallet and unlock the Login keyring — then try again.';
}

/**
 * A keychain failure as the JointKeyError a person can act on. The library's own message is only
 * classified, never shown: it is not written for a person and could name an entry.
 */
function keychainError(e: unknown): JointKeyError {
  if (isJointKeyError(e)) return e;
  const text = e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : String(e);
  if (/IsLocked|is locked|unlock prompt|interaction is not allowed|user canceled|cancelled by user/i.test(text))
    return new JointKeyError('KEYCHAIN_LOCKED', lockedMessage());
  return new JointKeyError('KEYCHAIN_UNAVAILABLE', unavailableMessage(text));
}

type Keyring = typeof KeyringModule;
let keyring: Promise<Keyring> | undefined;

/** The native binding, loaded on first use so that commands without the keychain never load it. */
async function binding(): Promise<Keyring> {
  keyring ??= import('@napi-rs/keyring');
  try {
    return await keyring;
  } catch {
    keyring = undefined;
    throw new JointKeyError(
      'KEYCHAIN_UNAVAILABLE',
      'JointKey’s keychain support is not installed for this system. Reinstall JointKey (npm ci), then try again.',
    );
  }
}

/** Runs a keychain call, with its failures as JointKeyErrors. */
async function call<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw keychainError(e);
  }
}

/** The OS keychain's JointKey entries, under one service name. */
export class OsKeychain {
  readonly service: string;

  constructor(options: KeychainOptions = {}) {
    const service = options.service ?? KEYCHAIN_SERVICE;
    if (typeof service !== 'string') throw new TypeError('service must be a string');
    if (service.length === 0 || service.length > 100 || service.trim() !== service)
      throw new RangeError('service must be 1 to 100 characters, without leading or trailing spaces');
    this.service = service;
  }

  private async entry(id: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await binding();
    // Pinned to the Secret Service on Linux (ignored elsewhere): unreachable throws, never falls back.
    return call(() => new AsyncEntry(this.service, id, LINUX));
  }

  /**
   * Stores a holder's child key in its keychain form (from its wallet's kind, checked against its
   * wallet). Throws JointKeyError KEYCHAIN_ENTRY_EXISTS when this holder's child key of this wallet
   * is already stored (never replaced), KEYCHAIN_UNAVAILABLE, KEYCHAIN_LOCKED.
   */
  async store(form: KeychainForm): Promise<KeychainEntry> {
    return this.#put(form.text, {
      id: form.id,
      setId: form.setId,
      index: form.index,
      wallet: form.wallet,
      holder: form.holder,
    });
  }

  /** Writes a new entry; KEYCHAIN_ENTRY_EXISTS when one is there (never replaced). */
  async #put(text: string, e: KeychainEntry): Promise<KeychainEntry> {
    const entry = await this.entry(e.id);
    if ((await call(() => entry.getPassword())) !== null)
      throw new JointKeyError(
        'KEYCHAIN_ENTRY_EXISTS',
        `This computer's keychain already holds ${e.holder}'s child key (index ${e.index}) of wallet "${e.wallet}" (entry ${e.id}). JointKey never replaces an entry: remove it first (jointkey keychain remove ${e.id}) if you mean to replace it.`,
      );
    await call(() => entry.setPassword(text));
    return e;
  }

  /**
   * The entries under this service, by labels only, sorted by wallet, set and index. Reading the
   * labels reads each entry's value; the child keys are wiped and never returned. Entries whose
   * account is not a JointKey id are not JointKey's and are left out. Throws KEYCHAIN_UNAVAILABLE,
   * KEYCHAIN_LOCKED.
   */
  async list(): Promise<KeychainEntry[]> {
    const found = await this.readAll();
    return found.map(({ entry }) => entry);
  }

  /** The stored file-form text of entry `id`. Throws KEYCHAIN_ENTRY_NOT_FOUND, INVALID_ARGUMENT, …. */
  async read(id: string): Promise<string> {
    const p = parseKeychainId(id);
    const entry = await this.entry(p.id);
    const text = await call(() => entry.getPassword());
    if (text === null) throw notFound(p.id);
    return text;
  }

  /** Removes entry `id`. Throws KEYCHAIN_ENTRY_NOT_FOUND when it is not there, INVALID_ARGUMENT, …. */
  async remove(id: string): Promise<void> {
    const p = parseKeychainId(id);
    const entry = await this.entry(p.id);
    if (!(await call(() => entry.deleteCredential()))) throw notFound(p.id);
  }

  /**
   * The child keys of one set stored here, parsed and checked (`setId` in hex). Without `setId`, the
   * one set the keychain holds; when it holds several, refuses with INVALID_ARGUMENT naming each
   * wallet and set id so the person can choose. Throws KEYCHAIN_ENTRY_NOT_FOUND when there is none,
   * TAMPERED_FILE for an entry that does not hold the child key its id names, and the errors of
   * childKeyFromFile for one changed outside JointKey. The caller wipes the shares.
   */
  async childKeys(setId?: string): Promise<KeychainChildKey[]> {
    const wanted = setId === undefined ? undefined : setId.trim().toLowerCase();
    if (wanted !== undefined && !new RegExp(`^[0-9a-f]{${2 * SET_ID_BYTES}}$`).test(wanted))
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `A set id is ${2 * SET_ID_BYTES} hex digits; "jointkey keychain list" shows the set id of each stored child key.`,
      );
    const all = await this.readAll(true);
    const sets = [...new Set(all.map((f) => f.entry.setId))];
    const chosen = wanted ?? (sets.length === 1 ? sets[0] : undefined);
    if (chosen === undefined && sets.length > 1) {
      wipeAll(all);
      const names = sets.map((s) => {
        const e = all.find((f) => f.entry.setId === s)?.entry;
        return `"${e?.wallet ?? 'unreadable'}" (set id ${s})`;
      });
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `This computer's keychain holds child keys of ${sets.length} wallets: ${names.join(', ')}. Say which wallet by its set id (on the command line: --set-id SETID).`,
      );
    }
    const mine = all.filter((f) => f.entry.setId === chosen);
    wipeAll(all.filter((f) => f.entry.setId !== chosen));
    if (mine.length === 0)
      throw new JointKeyError(
        'KEYCHAIN_ENTRY_NOT_FOUND',
        chosen === undefined
          ? 'This computer’s keychain holds no JointKey child key. Store yours first: jointkey keychain import FILE.'
          : `This computer’s keychain holds no child key of set ${chosen}. "jointkey keychain list" shows what it holds.`,
      );
    const out: KeychainChildKey[] = [];
    for (const f of mine) {
      if (!f.read) {
        wipeAll(mine);
        throw new JointKeyError(
          f.error?.code ?? 'MALFORMED_CHILD_KEY',
          `Keychain entry ${f.entry.id} was changed outside JointKey: ${f.error?.message ?? 'it is not a child key.'} Remove it (jointkey keychain remove ${f.entry.id}) and store the child key again from its file.`,
        );
      }
      out.push({ id: f.entry.id, read: f.read });
    }
    return out;
  }

  /** Every JointKey entry with its labels and, when `keep`, its parsed child key (else wiped). */
  private async readAll(keep = false): Promise<Found[]> {
    const { findCredentialsAsync } = await binding();
    const credentials = await call(() => findCredentialsAsync(this.service));
    const found: Found[] = [];
    for (const c of credentials) {
      const m = ID_PATTERN.exec(c.account);
      if (!m || Number(m[2]) > 255) continue;
      const id = c.account;
      const setId = m[1] as string;
      const index = Number(m[2]);
      try {
        const read = readChildKey(c.password, { from: 'keychain', id });
        if (!matchesId(read, setId, index)) {
          read.wipe();
          throw new JointKeyError(
            'TAMPERED_FILE',
            'it holds the child key of another holder or set than its id names.',
          );
        }
        const entry = { id, setId, index, wallet: read.walletLabel ?? '', holder: read.holder.label };
        if (keep) found.push({ entry, read });
        else {
          read.wipe();
          found.push({ entry });
        }
      } catch (e) {
        if (!isJointKeyError(e)) throw e;
        found.push({ entry: { id, setId, index, wallet: null, holder: null, problem: e.code }, error: e });
      }
    }
    return found.sort(
      (a, b) =>
        (a.entry.wallet ?? '').localeCompare(b.entry.wallet ?? '') ||
        a.entry.setId.localeCompare(b.entry.setId) ||
        a.entry.index - b.entry.index,
    );
  }
}

interface Found {
  entry: KeychainEntry;
  read?: ChildKeyRead;
  error?: JointKeyError;
}

function wipeAll(found: readonly Found[]): void {
  for (const f of found) f.read?.wipe();
}

function notFound(id: string): JointKeyError {
  return new JointKeyError(
    'KEYCHAIN_ENTRY_NOT_FOUND',
    `This computer's keychain has no JointKey entry ${id}. "jointkey keychain list" shows the entries it holds.`,
  );
}

/**
 * For `--from-keychain` on restore and sign: the child keys of one wallet stored in this machine's
 * keychain, parsed and checked (see {@link OsKeychain.childKeys}). The caller wipes the shares.
 */
export function childKeysFromKeychain(setId?: string, options: KeychainOptions = {}): Promise<KeychainChildKey[]> {
  return new OsKeychain(options).childKeys(setId);
}
