/**
 * Child-key files on disk: writing one file per holder for a split, and reading a child key back
 * from a file in any of its forms — the JSON file form, a text file holding the one-line text form,
 * a SLIP-39 child-key file, or a text file holding a bare SLIP-39 mnemonic.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildKey, SetPublic } from '../core/child-key.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { MAX_FILE_BYTES, childKeyFromFile, looksLikeFile } from '../core/file-form.js';
import { decodeMnemonic } from '../core/slip39/index.js';
import {
  type Slip39ChildKey,
  isSlip39File,
  looksLikeMnemonic,
  slip39ChildKeyFromFile,
} from '../core/slip39/file-form.js';
import { childKeyFromText } from '../core/text-form.js';
import { ensureDir, readLimited, writeNewFile } from './atomic.js';

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
 * and rethrows. Returns the paths, in the order given.
 */
export function writeSetFiles(dir: string, files: readonly { name: string; content: string }[]): string[] {
  ensureDir(dir);
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
    for (const p of written) unlinkSync(p);
    throw e;
  }
  return paths;
}

/** A child key read from a file: a JointKey child key (with its set's data when the file has it), or a SLIP-39 one. */
export type ChildKeyFromDisk =
  | { kind: 'jointkey'; path: string; childKey: ChildKey; set?: SetPublic }
  | { kind: 'slip39'; path: string; slip39: Slip39ChildKey };

/**
 * Reads a child key from `path`, in any of its forms. Errors name the file: JointKeyError with the
 * codes of readLimited, childKeyFromFile, childKeyFromText and the SLIP-39 decoder.
 */
export function readChildKeyFile(path: string): ChildKeyFromDisk {
  const bytes = readLimited(path, MAX_FILE_BYTES);
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
    if (looksLikeFile(text)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (isSlip39File(value)) return { kind: 'slip39', path, slip39: slip39ChildKeyFromFile(value) };
      return { kind: 'jointkey', path, ...childKeyFromFile(text) };
    }
    if (looksLikeMnemonic(text)) {
      const mnemonic = text.trim().split(/\s+/).join(' ').toLowerCase();
      return { kind: 'slip39', path, slip39: { mnemonic, share: decodeMnemonic(mnemonic) } };
    }
    return { kind: 'jointkey', path, childKey: childKeyFromText(text) };
  } catch (e) {
    if (isJointKeyError(e)) throw new JointKeyError(e.code, `${path}: ${e.message}`);
    throw e;
  } finally {
    bytes.fill(0);
  }
}

/** Wipes the secret parts of child keys read from disk. Best effort, as JS allows. */
export function wipeRead(read: readonly ChildKeyFromDisk[]): void {
  for (const r of read) (r.kind === 'jointkey' ? r.childKey.share : r.slip39.share.value).fill(0);
}
