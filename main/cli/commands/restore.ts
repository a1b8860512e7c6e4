/** `jointkey restore` and `jointkey verify`: bring child keys together, or check one alone. */
import { bytesToHex, equalBytes, wipe } from '../../core/bytes.js';
import { secretFingerprint, type SetPublic } from '../../core/child-key.js';
import { curveById, publicKeyOf } from '../../core/curves.js';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import { mostCommon, restore } from '../../core/restore.js';
import { setIdOf } from '../../core/set-public.js';
import { verifyChildKey } from '../../core/verify.js';
import { slip39Combine } from '../../core/slip39/index.js';
import type { Slip39ChildKey } from '../../core/slip39/file-form.js';
import { openChildKeyFile, wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { readPassphraseFile, readPassphraseLines } from '../passphrase.js';
import { keychainChildKeys } from './keychain.js';
import { parse, printJson, usage, walletIdFields } from '../output.js';
import { restoreSealed } from '../sealed.js';

export const RESTORE_HELP = `Usage: jointkey restore [--passphrase-file F] [--slip39-passphrase-file F]
                        [--from-keychain [--set-id SETID]] [--out PATH [--body FILE]] FILE…

Restores the key or secret from child-key files and prints {secretHex}. A file may hold a child key
in file form, in text form (one line, jk1-…), a SLIP-39 child-key file, or a bare SLIP-39 mnemonic,
each plain or encrypted (an age file, *.jointkey.age).

An N-of-N set needs exactly its N child keys; a t-of-n set any t or more, which must agree (SLIP-39:
exactly t, as the standard says). A wrong, foreign or duplicate child key is refused and named.

  --passphrase-file F          the files' passphrases, one per line in the order of the files
                               (a plain file's line is not used: write anything but an empty line)
  --slip39-passphrase-file F   the SLIP-39 passphrase (UTF-8, one trailing newline removed)
  --from-keychain              also use the child keys of this wallet stored in this computer's
                               keychain (jointkey keychain import); the wallet is the files' or, with
                               no files, the keychain's only one
  --set-id SETID               with --from-keychain: the wallet, when the keychain holds several
  --out PATH                   a sealed file (split --secret-file of a large file): restore its key
                               and write the file to PATH, a new file (none is replaced); prints
                               {out, bytes, body, setId}. The body is the body.jointkey.sealed
                               beside the child-key files, or:
  --body FILE                  the sealed body (any holder's copy)
`;

export const VERIFY_HELP = `Usage: jointkey verify [--passphrase-file F] FILE

Checks one child key alone: its checksum, and — for a child-key file, which carries its set's public
data — that it belongs to that set and its share passes the set's check (Feldman commitments, public
point or salted hash). Prints {ok: true, …} with what was checked, or exits non-zero naming the fault.
`;

/**
 * Reads child-key files, each with its line of --passphrase-file when given (errors name the file),
 * and with `keychain` the wallet's child keys stored in the OS keychain (--from-keychain).
 * On failure the files read so far are wiped.
 */
export async function openFiles(
  paths: readonly string[],
  passphraseFile: string | undefined,
  keychain?: { setId: string | undefined },
): Promise<ChildKeyFromDisk[]> {
  const passphrases =
    passphraseFile === undefined ? undefined : readPassphraseLines(passphraseFile, paths.length, 'files');
  const read: ChildKeyFromDisk[] = [];
  try {
    for (const [i, p] of paths.entries()) read.push(await openChildKeyFile(p, passphrases?.[i]));
    if (keychain) read.push(...(await keychainChildKeys(keychain.setId, read)));
  } catch (e) {
    wipeRead(read);
    throw e;
  }
  return read;
}

/** Runs `check`, prefixing the path of the file it is about to any JointKeyError it throws. */
function namingFile(path: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (isJointKeyError(e)) throw new JointKeyError(e.code, `${path}: ${e.message}`);
    throw e;
  }
}

/** The set's public data most of the files carry (files of a foreign set are then named by restore). */
export function majoritySet(sets: readonly (SetPublic | undefined)[]): SetPublic | undefined {
  const known = sets.filter((set): set is SetPublic => set !== undefined);
  return mostCommon(known, (set) => bytesToHex(setIdOf(set)));
}

function restoreSlip39(read: { path: string; slip39: Slip39ChildKey }[], passphrase: string): Uint8Array {
  const seen = new Map<string, string>();
  for (const r of read) {
    const s = r.slip39.share;
    const key = `${s.identifier}/${s.groupIndex}/${s.memberIndex}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new JointKeyError(
        'DUPLICATE_CHILD_KEY',
        `${r.path} holds the same SLIP-39 member (group ${s.groupIndex + 1}, member ${s.memberIndex + 1}) as ${first}. Each holder's child key counts once.`,
      );
    seen.set(key, r.path);
  }
  let secret: Uint8Array;
  try {
    secret = slip39Combine(
      read.map((r) => r.slip39.mnemonic),
      { passphrase, pbkdf2: nativePbkdf2 },
    );
  } catch (e) {
    if (!isJointKeyError(e)) throw e;
    const order = read.map((r, i) => `${i + 1} = ${r.path}`).join(', ');
    throw new JointKeyError(e.code, `${e.message} (Mnemonics are numbered in the order of the files: ${order}.)`);
  }
  const known = read.find((r) => r.slip39.walletId !== undefined)?.slip39;
  if (known?.walletId) {
    let id: Uint8Array | undefined;
    try {
      id = known.curve ? publicKeyOf(curveById(known.curve), secret) : secretFingerprint(secret);
    } catch {
      id = undefined;
    }
    if (!id || !equalBytes(id, known.walletId)) {
      wipe(secret);
      throw new JointKeyError(
        'WRONG_RESULT',
        'The SLIP-39 mnemonics were combined, but the result is not this wallet’s key: the SLIP-39 passphrase is wrong, or a mnemonic belongs to another wallet. Check the passphrase and try again.',
      );
    }
  }
  return secret;
}

export async function restoreCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'restore',
    args,
    {
      'slip39-passphrase-file': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
      out: { type: 'string' },
      body: { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(RESTORE_HELP);
  if (values['set-id'] !== undefined && !values['from-keychain'])
    throw usage('--set-id goes with --from-keychain. Run "jointkey restore --help".');
  if (positionals.length === 0 && !values['from-keychain'])
    throw usage('Give the child-key files to restore from. Run "jointkey restore --help".');
  const read = await openFiles(
    positionals,
    values['passphrase-file'],
    values['from-keychain'] ? { setId: values['set-id'] } : undefined,
  );
  try {
    const slip = read.filter((r) => r.kind === 'slip39');
    const jk = read.filter((r) => r.kind === 'jointkey');
    if (slip.length > 0 && jk.length > 0) {
      const odd = slip.length < jk.length ? slip[0] : jk[0];
      throw new JointKeyError(
        'DIFFERENT_SCHEME',
        `${odd?.path} is a ${odd?.kind === 'slip39' ? 'SLIP-39' : 'JointKey'} child key, but the others are not: child keys of different schemes never combine. Use the child keys of one split.`,
      );
    }
    let secret: Uint8Array;
    let setId: Uint8Array | undefined;
    if (slip.length > 0) secret = restoreSlip39(slip, readPassphraseFile(values['slip39-passphrase-file']));
    else {
      const set = majoritySet(jk.map((r) => r.set));
      // Each file checked alone against the set most files carry, so a refusal names the file.
      if (set) for (const r of jk) namingFile(r.path, () => verifyChildKey(r.childKey, set));
      ({ secret, setId } = restore(
        jk.map((r) => r.childKey),
        set ? { set } : {},
      ));
    }
    try {
      const opened = await restoreSealed({ out: values.out, body: values.body }, positionals, secret, setId);
      printJson(opened ?? { secretHex: bytesToHex(secret) });
    } finally {
      wipe(secret);
    }
  } finally {
    wipeRead(read);
  }
}

export async function verifyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse('verify', args, { 'passphrase-file': { type: 'string' } }, true);
  if (values.help) return void process.stdout.write(VERIFY_HELP);
  if (positionals.length !== 1) throw usage('Give exactly one child-key file. Run "jointkey verify --help".');
  const [r] = await openFiles(positionals, values['passphrase-file']);
  if (!r) return;
  wipeRead([r]);
  if (r.kind === 'slip39') {
    const s = r.slip39.share;
    return printJson({
      ok: true,
      checked: ['checksum'],
      encrypted: r.encrypted,
      note: 'A SLIP-39 mnemonic is checked by its RS1024 checksum; its share is checked when the set is combined.',
      scheme: 'slip39',
      wallet: r.slip39.walletLabel ?? null,
      holder: r.slip39.label ?? null,
      identifier: s.identifier,
      group: s.groupIndex + 1,
      index: s.memberIndex + 1,
      threshold: s.memberThreshold,
    });
  }
  const ck = r.childKey;
  printJson({
    ok: true,
    checked: r.set ? ['checksum', 'set', 'share'] : ['checksum'],
    encrypted: r.encrypted,
    ...(r.set ? {} : { note: 'A text child key carries no set data: only its checksum and form were checked.' }),
    wallet: r.set?.walletLabel ?? null,
    holder: ck.label,
    index: ck.index,
    threshold: ck.threshold,
    parties: ck.parties,
    scheme: ck.scheme,
    setId: bytesToHex(ck.setId),
    ...walletIdFields(ck.curve, ck.walletId),
  });
}
