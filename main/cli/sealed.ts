/**
 * Large secrets on the command line: `split --secret-file` seals a file larger than
 * {@link SEAL_ABOVE_BYTES} (AES-256-GCM in chunks, main/files/sealed-body.ts) into
 * DIR/body.jointkey.sealed beside the child-key files and splits only its random 256-bit file key;
 * `restore --out PATH` restores the file key and opens the body into PATH, never replacing a file.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bytesToHex, equalBytes, randomBytes } from '../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { BODY_FILE_NAME, FILE_KEY_BYTES, SEAL_ABOVE_BYTES } from '../core/formats/sealed-body.js';
import type { WalletKind } from '../core/wallet/kind.js';
import { ALL_SCHEMES, kindOfScheme } from '../core/wallet/kinds/index.js';
import { ensureDir } from '../files/atomic.js';
import { openFile, readBodyHeader, sealFile } from '../files/sealed-body.js';
import { usage } from './output.js';

/** Whether `path` is a regular file larger than {@link SEAL_ABOVE_BYTES} (false when it cannot be read). */
export function isLargeSecretFile(path: string | undefined): boolean {
  if (path === undefined) return false;
  try {
    const st = statSync(path);
    return st.isFile() && st.size > SEAL_ABOVE_BYTES;
  } catch {
    return false; // the ordinary read names the problem
  }
}

/** A new random file key for a large file; refuses the options that cannot go with one. */
export function newFileKey(kind: WalletKind, scheme: string, curve: string | undefined): Uint8Array {
  if (!kind.sealsLargeFiles)
    throw usage(
      `A file larger than ${SEAL_ABOVE_BYTES} bytes is sealed and only its 256-bit key is split, with the ${ALL_SCHEMES.filter((s) => kindOfScheme(s).sealsLargeFiles).join(', ')} scheme: choose one of those instead of ${scheme}.`,
    );
  if (curve !== undefined)
    throw usage(`--curve marks a private key, and a private key is 32 bytes: this file is larger. Leave out --curve.`);
  return randomBytes(FILE_KEY_BYTES);
}

/** Seals `source` into OUT/body.jointkey.sealed for the set `setId`: the fields split prints. */
export async function sealBeside(
  source: string,
  out: string,
  fileKey: Uint8Array,
  setId: Uint8Array,
): Promise<{ body: string; bodyBytes: number; chunks: number }> {
  ensureDir(out, '--out');
  const body = join(out, BODY_FILE_NAME);
  const { bytes, chunks } = await sealFile(source, body, fileKey, setId);
  return { body, bodyBytes: bytes, chunks };
}

/** Removes a body written by {@link sealBeside} when the split it belongs to failed after it. */
export function removeBody(sealed: { body: string } | undefined): void {
  if (!sealed) return;
  try {
    unlinkSync(sealed.body);
  } catch {
    // already gone
  }
}

/** The sealed bodies beside the child-key files (or the one given), with their set ids. */
async function bodiesFor(
  files: readonly string[],
  given: string | undefined,
): Promise<{ path: string; setId?: Uint8Array }[]> {
  const paths = given !== undefined ? [given] : [...new Set(files.map((f) => join(dirname(f), BODY_FILE_NAME)))];
  const found: { path: string; setId?: Uint8Array }[] = [];
  for (const path of paths) {
    if (given === undefined && !existsSync(path)) continue;
    try {
      found.push({ path, setId: (await readBodyHeader(path)).setId });
    } catch (e) {
      if (given !== undefined || !isJointKeyError(e)) throw e;
      found.push({ path });
    }
  }
  return found;
}

/**
 * For `restore`: when the child keys restore the file key of a sealed file, opens it into `out`
 * and returns what to print ({out, bytes, setId}); returns undefined when there is nothing sealed to
 * open, so the caller prints the secret. Throws USAGE for --out or --body without a sealed set (or
 * with SLIP-39), and when a sealed body of this set lies beside the files but --out is missing;
 * FILE_NOT_FOUND when --out is given and no body is found; and the errors of openFile.
 */
export async function restoreSealed(
  opts: { out?: string | undefined; body?: string | undefined },
  files: readonly string[],
  fileKey: Uint8Array,
  setId: Uint8Array | undefined,
): Promise<Record<string, unknown> | undefined> {
  const wanted = opts.out !== undefined || opts.body !== undefined;
  if (setId === undefined) {
    if (wanted) throw usage('--out and --body go with JointKey child keys of a sealed file, not with SLIP-39.');
    return undefined;
  }
  if (opts.body !== undefined && opts.out === undefined)
    throw usage('--body needs --out PATH: the file to write the opened body to.');
  const bodies = await bodiesFor(files, opts.body);
  const match = bodies.find((b) => b.setId !== undefined && equalBytes(b.setId, setId));
  if (opts.out === undefined) {
    if (match)
      throw usage(
        `These child keys open the sealed file ${match.path}: add --out PATH to write it back (a new file; none is replaced).`,
      );
    return undefined;
  }
  if (fileKey.length !== FILE_KEY_BYTES)
    throw new JointKeyError(
      'DIFFERENT_SET',
      'These child keys hold a secret, not the key of a sealed file: leave out --out to print the secret.',
    );
  const body = match ?? bodies[0];
  if (!body)
    throw new JointKeyError(
      'FILE_NOT_FOUND',
      `No ${BODY_FILE_NAME} lies beside the child-key files. Give the sealed body with --body FILE (any holder's copy).`,
    );
  const { bytes } = await openFile(body.path, opts.out, fileKey, setId);
  return { out: opts.out, bytes, body: body.path, setId: bytesToHex(setId) };
}
