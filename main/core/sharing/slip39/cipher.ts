/**
 * SLIP-0039 "Encryption of the master secret" and "Decryption of the master secret": a 4-round
 * Feistel network (Luby-Rackoff) whose round function is PBKDF2-HMAC-SHA256 with
 * password = i || passphrase, salt = salt_prefix || R, 2500 << e iterations, dkLen = n/2, where
 * salt_prefix is empty when the extendable flag is 1 and "shamir" || id (2 bytes, big-endian)
 * when it is 0.
 *
 * The PBKDF2 function is injectable: the default is @noble/hashes (pure JS, runs anywhere); the
 * command line and the app's main process may pass Node's native `crypto.pbkdf2Sync`.
 * Not constant-time; JS cannot guarantee zeroing of the intermediate halves (wiped best effort).
 */
import { pbkdf2 as noblePbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, afunction, aint, astring, concatBytes, wipe } from '../../bytes.js';

/** PBKDF2-HMAC-SHA256: returns `dkLen` bytes. */
export type Pbkdf2Fn = (password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number) => Uint8Array;

/** The most iterations or output bytes {@link defaultPbkdf2} takes (a round at exponent 15 runs 81,920,000). */
const MAX_PBKDF2_COUNT = 2 ** 32 - 1;

/**
 * The longest master secret encrypted or decrypted: 1024 bytes (a mnemonic of 827 words). SLIP-0039
 * sets no maximum; the time of the Feistel rounds grows with the length, and no real backup comes
 * near it (16 to 32 bytes are usual).
 */
export const MAX_MASTER_SECRET_BYTES = 1024;

/**
 * PBKDF2-HMAC-SHA256 from @noble/hashes (pure JS; about 10× slower than a native one). Takes
 * password and salt as Uint8Arrays, 1 to 2^32 − 1 iterations and dkLen 1 to 2^32 − 1; throws
 * TypeError/RangeError otherwise.
 */
export const defaultPbkdf2: Pbkdf2Fn = (password, salt, iterations, dkLen) => {
  abytes(password, 'password');
  abytes(salt, 'salt');
  aint(iterations, 'iterations', 1, MAX_PBKDF2_COUNT);
  aint(dkLen, 'dkLen', 1, MAX_PBKDF2_COUNT);
  return noblePbkdf2(sha256, password, salt, { c: iterations, dkLen });
};

/** The iteration count of one round is BASE_ITERATION_COUNT << e divided by the 4 rounds. */
export const BASE_ITERATION_COUNT = 10000;
const ROUND_COUNT = 4;

/** The largest iteration exponent the 4-bit field holds. */
export const MAX_ITERATION_EXPONENT = 15;

/**
 * The passphrase as bytes. SLIP-0039 requires printable ASCII (code points 32..126).
 * Throws TypeError for a non-string, RangeError for any other character.
 */
export function passphraseBytes(passphrase: string): Uint8Array {
  astring(passphrase, 'passphrase');
  const out = new Uint8Array(passphrase.length);
  for (let i = 0; i < passphrase.length; i++) {
    const c = passphrase.charCodeAt(i);
    if (c < 32 || c > 126)
      throw new RangeError('passphrase must contain only printable ASCII characters (codes 32 to 126)');
    out[i] = c;
  }
  return out;
}

function saltPrefix(identifier: number, extendable: boolean): Uint8Array {
  if (extendable) return new Uint8Array(0);
  return Uint8Array.of(0x73, 0x68, 0x61, 0x6d, 0x69, 0x72, identifier >>> 8, identifier & 0xff); // "shamir" || id
}

function feistel(
  input: Uint8Array,
  passphrase: Uint8Array,
  iterationExponent: number,
  identifier: number,
  extendable: boolean,
  pbkdf2: Pbkdf2Fn,
  rounds: number[],
): Uint8Array {
  abytes(input, 'input');
  if (input.length < 2 || input.length > MAX_MASTER_SECRET_BYTES || input.length % 2 !== 0)
    throw new RangeError(
      `input must be an even number of bytes from 2 to ${MAX_MASTER_SECRET_BYTES}, got ${input.length}`,
    );
  abytes(passphrase, 'passphrase');
  aint(iterationExponent, 'iterationExponent', 0, MAX_ITERATION_EXPONENT);
  aint(identifier, 'identifier', 0, 0x7fff);
  if (typeof extendable !== 'boolean') throw new TypeError('extendable must be a boolean');
  afunction(pbkdf2, 'pbkdf2');
  const half = input.length / 2;
  const iterations = (BASE_ITERATION_COUNT << iterationExponent) / ROUND_COUNT;
  const prefix = saltPrefix(identifier, extendable);
  // Copies (a Node Buffer's slice() would be a view, and the caller's secret would be wiped below).
  let l = Uint8Array.from(input.subarray(0, half));
  let r = Uint8Array.from(input.subarray(half));
  const password = new Uint8Array(1 + passphrase.length);
  password.set(passphrase, 1);
  try {
    for (const i of rounds) {
      password[0] = i;
      const salt = concatBytes(prefix, r);
      const f = abytes(pbkdf2(password, salt, iterations, half), 'pbkdf2 output', half);
      for (let k = 0; k < half; k++) l[k]! ^= f[k]!;
      wipe(f, salt);
      [l, r] = [r, l];
    }
    return concatBytes(r, l);
  } finally {
    wipe(l, r, password);
  }
}

/**
 * EMS = Encrypt(MS, P, e, id, ext). Takes the master secret (an even number of bytes, 2 to
 * {@link MAX_MASTER_SECRET_BYTES}), the passphrase bytes, iteration exponent 0..15, identifier
 * 0..32767, the extendable flag and a PBKDF2 function; returns a new array as long as the master
 * secret.
 * Throws TypeError/RangeError on bad arguments.
 */
export function encrypt(
  masterSecret: Uint8Array,
  passphrase: Uint8Array,
  iterationExponent: number,
  identifier: number,
  extendable: boolean,
  pbkdf2: Pbkdf2Fn = defaultPbkdf2,
): Uint8Array {
  return feistel(masterSecret, passphrase, iterationExponent, identifier, extendable, pbkdf2, [0, 1, 2, 3]);
}

/**
 * MS = Decrypt(EMS, P, e, id, ext): the inverse of {@link encrypt}, same arguments and throws.
 * A wrong passphrase is not detected: it gives another master secret (by design of SLIP-0039).
 */
export function decrypt(
  encryptedMasterSecret: Uint8Array,
  passphrase: Uint8Array,
  iterationExponent: number,
  identifier: number,
  extendable: boolean,
  pbkdf2: Pbkdf2Fn = defaultPbkdf2,
): Uint8Array {
  return feistel(encryptedMasterSecret, passphrase, iterationExponent, identifier, extendable, pbkdf2, [3, 2, 1, 0]);
}
