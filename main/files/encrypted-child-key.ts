/**
 * Encrypted child-key files: the child key's file form (main/core/file-form.ts), encrypted under the
 * holder's passphrase in the age format (age-encryption.org/v1, one scrypt recipient, ASCII armor),
 * with the maintained `age-encryption` package — so the file also opens with the standard `age`
 * command-line tool (`age -d FILE`), which prints exactly the child key's file form. The passphrase
 * stanza's scrypt is Node's native one (./age-scrypt.ts), the same bytes, faster.
 *
 * Nothing but the age file is in the file (the age tools refuse anything before or after it), so
 * the wallet and holder labels a person needs to pick the right file are in its name:
 * "Family savings - 2 Bob.jointkey.age". Inside, the labels are checked against the child key.
 */
import { Decrypter, Encrypter, armor } from 'age-encryption';
import { aint, astring } from '../core/bytes.js';
import { JointKeyError } from '../core/errors.js';
import { NativeScryptIdentity, NativeScryptRecipient } from './age-scrypt.js';

/** The first line of an armored age file. */
export const AGE_ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
/** The first line of a binary age file. */
export const AGE_BINARY_BEGIN = 'age-encryption.org/v1\n';
/** age's default scrypt work factor (log2 N): about a second per guess on this kind of machine. */
export const DEFAULT_SCRYPT_LOG_N = 18;
/**
 * The floor for a new file: 2^18, age's default. Each step below halves what a guess at the
 * passphrase costs, so lower is refused (files made lower by earlier versions still open).
 */
export const MIN_SCRYPT_LOG_N = 18;
/** age-encryption decrypts up to 20. */
export const MAX_SCRYPT_LOG_N = 20;
/**
 * The environment switch that lowers the floor, for test suites only (each file would otherwise
 * take a second): JOINTKEY_INSECURE_SCRYPT_FOR_TESTS=1. Files made under it are cheap to attack.
 */
export const INSECURE_SCRYPT_ENV = 'JOINTKEY_INSECURE_SCRYPT_FOR_TESTS';
/** The floor under {@link INSECURE_SCRYPT_ENV}. */
export const INSECURE_MIN_SCRYPT_LOG_N = 14;

/** The lowest work factor a new file may have now: {@link MIN_SCRYPT_LOG_N}, or 14 under the test switch. */
export function minScryptLogN(): number {
  return process.env[INSECURE_SCRYPT_ENV] === '1' ? INSECURE_MIN_SCRYPT_LOG_N : MIN_SCRYPT_LOG_N;
}
/** The extension of an encrypted child-key file. */
export const ENCRYPTED_SUFFIX = 'jointkey.age';

/** True when the bytes start like an age file, armored or binary. */
export function isAgeFile(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return head.startsWith(AGE_ARMOR_BEGIN) || head.startsWith(AGE_BINARY_BEGIN);
}

/**
 * Encrypts a child key's file form under `passphrase` as an armored age file. The passphrase's
 * strength is the caller's to check (main/core/passphrase-strength.ts). `scryptLogN` is the
 * work factor, {@link MIN_SCRYPT_LOG_N} to {@link MAX_SCRYPT_LOG_N}, default 18: JointKeyError
 * INVALID_ARGUMENT below the floor (unless {@link INSECURE_SCRYPT_ENV} is set, for tests),
 * RangeError outside 14 to 20.
 */
export async function encryptChildKeyFile(
  fileForm: string,
  passphrase: string,
  scryptLogN = DEFAULT_SCRYPT_LOG_N,
): Promise<string> {
  astring(fileForm, 'fileForm');
  astring(passphrase, 'passphrase', 1024);
  if (passphrase.length === 0) throw new RangeError('passphrase must not be empty');
  aint(scryptLogN, 'scryptLogN', INSECURE_MIN_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N);
  if (scryptLogN < minScryptLogN())
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `A scrypt work factor of 2^${scryptLogN} is refused: JointKey's floor for a child-key file is 2^${MIN_SCRYPT_LOG_N} (lower makes guessing a passphrase cheaper). Use 2^${DEFAULT_SCRYPT_LOG_N}.`,
    );
  // The same stanza as e.setPassphrase's, derived by Node's native scrypt (age-scrypt.ts).
  const e = new Encrypter();
  e.addRecipient(new NativeScryptRecipient(passphrase, scryptLogN));
  const sealed = await e.encrypt(fileForm);
  return armor.encode(sealed);
}

/**
 * Decrypts an age file (armored or binary) with `passphrase` and returns the plaintext bytes (the
 * caller wipes them). `name` names the file in errors. Throws JointKeyError WRONG_PASSPHRASE, or
 * TAMPERED_FILE when the file is damaged or not a passphrase-encrypted age file.
 */
export async function decryptChildKeyFile(content: Uint8Array, passphrase: string, name: string): Promise<Uint8Array> {
  astring(passphrase, 'passphrase', 1024);
  astring(name, 'name', 4096);
  let sealed: Uint8Array;
  const text = new TextDecoder().decode(content.subarray(0, 64)).trimStart();
  try {
    sealed = text.startsWith(AGE_ARMOR_BEGIN) ? armor.decode(new TextDecoder().decode(content)) : content;
  } catch {
    throw new JointKeyError(
      'TAMPERED_FILE',
      `${name}: the encrypted file is damaged (its text was changed or cut off). Use another copy of it, or the holder's paper backup.`,
    );
  }
  const d = new Decrypter();
  d.addIdentity(new NativeScryptIdentity(passphrase));
  try {
    return await d.decrypt(sealed);
  } catch (e) {
    const why = e instanceof Error ? e.message : '';
    if (/no identity matched|invalid header HMAC/.test(why) && !/not the only one/.test(why))
      throw new JointKeyError(
        'WRONG_PASSPHRASE',
        `${name}: the passphrase does not open this file. Check it with its holder (capitals, spaces) and try again.`,
      );
    if (/work factor is too high/.test(why))
      throw new JointKeyError(
        'TAMPERED_FILE',
        `${name}: this age file asks for more scrypt work than JointKey allows (2^${MAX_SCRYPT_LOG_N}). It was not written by JointKey.`,
      );
    throw new JointKeyError(
      'TAMPERED_FILE',
      `${name}: the encrypted file is damaged or is not a passphrase-encrypted child-key file. Use another copy of it, or the holder's paper backup.`,
    );
  }
}

/**
 * The name of a holder's encrypted file, which says whose it is without the passphrase:
 * "Family savings - 2 Bob.jointkey.age". Characters that file systems refuse become "-".
 */
export function encryptedChildKeyFileName(walletLabel: string, ck: { index: number; label: string }): string {
  const clean = (s: string) =>
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
      .replace(/\s+/g, ' ')
      .replace(/^[\s.-]+|[\s.]+$/g, '')
      .slice(0, 60);
  const wallet = clean(walletLabel);
  const holder = clean(ck.label) || 'holder';
  return `${wallet ? `${wallet} - ` : ''}${ck.index} ${holder}.${ENCRYPTED_SUFFIX}`;
}
