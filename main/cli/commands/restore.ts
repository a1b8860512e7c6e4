/** `jointkey restore` and `jointkey verify`: bring child keys together, or check one alone. */
import { bytesToHex, wipe } from '../../core/bytes.js';
import { JointKeyError } from '../../core/errors.js';
import { mostCommon } from '../../core/wallet/restore.js';
import { dirname } from 'node:path';
import { refuseSpecialPath, sweepTemporaries } from '../../files/atomic.js';
import { nameMismatch, openChildKeyFile, wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { readPassphraseFile, readPassphraseLines } from '../passphrase.js';
import { keychainChildKeys } from './keychain.js';
import { parse, printJson, usage, warn } from '../output.js';
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

/** A warning (on stderr, and returned for the output) for each file whose name says another holder than its content. */
function nameWarnings(read: readonly ChildKeyFromDisk[]): string[] {
  return read.flatMap((r) => {
    const m = nameMismatch(r);
    return m === undefined ? [] : [warn('NAME_MISMATCH', m)];
  });
}

function withWarnings(warnings: string[]): { warnings?: string[] } {
  return warnings.length > 0 ? { warnings } : {};
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
  if (values.out !== undefined) {
    refuseSpecialPath(values.out, { option: '--out', noun: 'a new file' });
    // A restore killed midway may have left part of a secret in a temporary file beside --out.
    sweepTemporaries([dirname(values.out)]);
  }
  if (values.body !== undefined) refuseSpecialPath(values.body, { option: '--body', noun: 'a sealed body' });
  const read = await openFiles(
    positionals,
    values['passphrase-file'],
    values['from-keychain'] ? { setId: values['set-id'] } : undefined,
  );
  try {
    const warnings = nameWarnings(read);
    const kind = mostCommon(read, (r) => r.read.kind.id)?.read.kind;
    const odd = read.find((r) => r.read.kind !== kind);
    if (!kind) throw usage('Give the child-key files to restore from. Run "jointkey restore --help".');
    if (odd)
      throw new JointKeyError(
        'DIFFERENT_SCHEME',
        `${odd.path} is ${odd.read.kind.noun}, but the others are not: child keys of different schemes never combine. Use the child keys of one split.`,
      );
    const { secret, setId } = kind.restore(
      read.map((r) => r.read),
      {
        passphrase: readPassphraseFile(values['slip39-passphrase-file'], '--slip39-passphrase-file'),
        platform: { pbkdf2: nativePbkdf2 },
      },
    );
    try {
      const opened = await restoreSealed({ out: values.out, body: values.body }, positionals, secret, setId);
      printJson({ ...(opened ?? { secretHex: bytesToHex(secret) }), ...withWarnings(warnings) });
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
  try {
    printJson({
      ok: true,
      encrypted: r.encrypted,
      ...r.read.kind.verifyReport(r.read),
      ...withWarnings(nameWarnings([r])),
    });
  } finally {
    wipeRead([r]);
  }
}
