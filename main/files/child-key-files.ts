/**
 * Child-key files on disk: writing one file per holder for a split, and reading a child key back
 * from a file in any form a wallet kind reads (main/core/wallet/kinds/) — each either plain or
 * encrypted under its holder's passphrase as an age file (main/files/encrypted-child-key.ts).
 */
import { existsSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { MAX_FILE_BYTES } from '../core/formats/file-form.js';
import type { ChildKeyRead } from '../core/wallet/kind.js';
import { readChildKey } from '../core/wallet/kinds/index.js';
import { diskFullError, ensureDir, readLimited, writeNewFile } from './atomic.js';
import { ENCRYPTED_SUFFIX, decryptChildKeyFile, encryptedChildKeyFileName, isAgeFile } from './encrypted-child-key.js';

/** A file-system-safe name for a holder's file: "2-bob.jointkey.json". */
export function childKeyFileName(ck: { index: number; label: string }, suffix = 'jointkey.json'): string {
  const slug = ck.label
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40);
  return `${ck.index}-${slug || 'holder'}.${suffix}`;
}

/**
 * Writes a set's files into `dir` (created if missing). Refuses before writing anything if any of
 * them exists; if a write fails midway, removes the files it wrote (an incomplete set is useless)
 * and rethrows — DISK_FULL then says how much the whole set needs. Returns the paths, in the order
 * given. `option` names the folder's option in errors; `alsoNeeded` counts the bytes already
 * written there for the same result (a sealed body), for DISK_FULL's estimate.
 */
export function writeSetFiles(
  dir: string,
  files: readonly { name: string; content: string }[],
  opts: { option?: string | undefined; alsoNeeded?: number | undefined } = {},
): string[] {
  ensureDir(dir, opts.option);
  const paths = files.map((f) => join(dir, f.name));
  for (const p of paths)
    if (existsSync(p))
      throw new JointKeyError(
        'FILE_EXISTS',
        `${p} already exists. JointKey never replaces a child-key file: choose another folder.`,
      );
  const written: string[] = [];
  try {
    files.forEach((f, i) => {
      writeNewFile(paths[i] as string, f.content);
      written.push(paths[i] as string);
    });
  } catch (e) {
    removeFiles(written);
    if (isJointKeyError(e) && e.code === 'DISK_FULL')
      throw diskFullError(dir, [
        ...(opts.alsoNeeded === undefined ? [] : [opts.alsoNeeded]),
        ...files.map((f) => Buffer.byteLength(f.content, 'utf8')),
      ]);
    throw e;
  }
  return paths;
}

/** Removes each of `paths` that exists, going on past one that cannot be removed. */
export function removeFiles(paths: readonly string[]): void {
  for (const p of paths)
    try {
      unlinkSync(p);
    } catch {
      // already gone, or not ours to remove: the others still go
    }
}

/** A child key read from a file, by its kind; `encrypted` when the file was an age file opened with its holder's passphrase. */
export interface ChildKeyFromDisk {
  path: string;
  encrypted: boolean;
  read: ChildKeyRead;
}

/**
 * Reads a plain child-key file from `path`, in any of its kinds' forms. Errors name the file:
 * JointKeyError with the codes of readLimited and of the kinds' readers, and PASSPHRASE_NEEDED for
 * an encrypted file (use {@link openChildKeyFile}).
 */
export function readChildKeyFile(path: string): ChildKeyFromDisk {
  const bytes = readLimited(path, MAX_FILE_BYTES);
  if (isAgeFile(bytes)) {
    bytes.fill(0);
    throw passphraseNeeded(path);
  }
  return parseChildKeyBytes(path, bytes, false);
}

function passphraseNeeded(path: string): JointKeyError {
  return new JointKeyError(
    'PASSPHRASE_NEEDED',
    `${path} is encrypted: give its holder's passphrase (--passphrase-file, one line per file in the order of the files).`,
  );
}

/**
 * Reads a child key from `path`, plain or encrypted: an age file is decrypted with `passphrase`
 * (JointKeyError PASSPHRASE_NEEDED without one, WRONG_PASSPHRASE or TAMPERED_FILE naming the file).
 * A passphrase given for a plain file is not needed and is ignored.
 */
export async function openChildKeyFile(path: string, passphrase?: string): Promise<ChildKeyFromDisk> {
  const bytes = readLimited(path, MAX_FILE_BYTES);
  if (!isAgeFile(bytes)) return parseChildKeyBytes(path, bytes, false);
  let plain: Uint8Array;
  try {
    if (passphrase === undefined) throw passphraseNeeded(path);
    plain = await decryptChildKeyFile(bytes, passphrase, path);
  } finally {
    bytes.fill(0);
  }
  return parseChildKeyBytes(path, plain, true);
}

/** {@link openChildKeyFile} for a file a person chose in the app: a missing passphrase said in the app's words. */
export async function openEnteredFile(path: string, passphrase: string | undefined): Promise<ChildKeyFromDisk> {
  try {
    return await openChildKeyFile(path, passphrase);
  } catch (e) {
    if (isJointKeyError(e) && e.code === 'PASSPHRASE_NEEDED')
      throw new JointKeyError(
        'PASSPHRASE_NEEDED',
        `${path} is encrypted: enter its holder’s passphrase together with the file.`,
      );
    throw e;
  }
}

/** Parses a child key from a file's bytes (wiped afterwards); errors name `path`. */
function parseChildKeyBytes(path: string, bytes: Uint8Array, encrypted: boolean): ChildKeyFromDisk {
  try {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new JointKeyError(
        'MALFORMED_CHILD_KEY',
        'it is not a text file, so not a child key. Choose the file you saved for this holder.',
      );
    }
    return { path, encrypted, read: readChildKey(text, { from: 'file', path }) };
  } catch (e) {
    if (isJointKeyError(e)) throw new JointKeyError(e.code, `${path}: ${e.message}`);
    throw e;
  } finally {
    bytes.fill(0);
  }
}

/** Wipes the secret parts of child keys read from disk. Best effort, as JS allows. */
export function wipeRead(read: readonly ChildKeyFromDisk[]): void {
  for (const r of read) r.read.wipe();
}

/** "WALLET - N HOLDER.jointkey.age": the holder part of an encrypted file's name. */
const ENCRYPTED_NAME = new RegExp(`^(?:.* - )?(\\d+) (.+)\\.${ENCRYPTED_SUFFIX.replace('.', '\\.')}$`);
/** "N-holder.jointkey.json" / "N-holder.slip39.json": a plain file's name. */
const PLAIN_NAME = /^(\d+)-([\p{L}\p{N}-]*)\.(jointkey|slip39)\.json$/u;

/**
 * When the name of the file a child key was read from, as JointKey names them, says another holder
 * than the child key inside (an .age file renamed to another holder's name: the name says "2 Bob",
 * the content is Carol's), a warning naming both; undefined when they agree, or when the name is
 * not one JointKey gives (a person's own name says nothing).
 */
export function nameMismatch(r: ChildKeyFromDisk): string | undefined {
  const name = basename(r.path);
  const { index, label } = r.read.holder;
  if (label === '') return undefined; // bare SLIP-39 words carry no holder label
  let said: string | undefined;
  const enc = ENCRYPTED_NAME.exec(name);
  if (enc) {
    const expected = encryptedChildKeyFileName('', { index, label }).slice(0, -(ENCRYPTED_SUFFIX.length + 1));
    said = `${enc[1]} ${enc[2]}` === expected ? undefined : `${enc[1]} ${enc[2]}`;
  } else {
    const plain = PLAIN_NAME.exec(name);
    if (plain) {
      const expected = childKeyFileName({ index, label }, `${plain[3]}.json`);
      said = name === expected ? undefined : `${plain[1]} ${plain[2]}`;
    }
  }
  if (said === undefined) return undefined;
  return `${r.path}: its name says "${said}", but it holds the child key of ${index} ${label}. It was used as ${label}'s; rename the file so that no one takes it for another holder's.`;
}
