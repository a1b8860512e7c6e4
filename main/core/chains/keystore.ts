/**
 * Importing an Ethereum v3 keystore (Web3 Secret Storage Definition: scrypt or PBKDF2-HMAC-SHA256,
 * AES-128-CTR, Keccak-256 MAC), decrypted by ethers v6, within cost bounds checked first. A module of
 * its own so that ethers loads only when a keystore is opened.
 *
 * A person's mistake (a wrong password, a damaged file) is a JointKeyError whose message says what to
 * do next and never contains key material. JavaScript cannot guarantee zeroing; ethers keeps copies.
 */
import { scrypt } from '@noble/hashes/scrypt.js';
import { decryptKeystoreJsonSync, scryptSync } from 'ethers';
import { astring, wipe } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { importHexKey } from './key-sources.js';

/**
 * Bounds on an imported keystore, so a hostile or corrupt file cannot hang the app or exhaust its
 * memory. Geth's "standard" scrypt (N = 2^18, r = 8, p = 1: 256 MiB, work 2^21, about a second) and
 * the Web3 Secret Storage test vectors fit; anything above is refused with INVALID_KEY before any
 * work is done.
 */
export const KEYSTORE_LIMITS = Object.freeze({
  /** The file's length in UTF-16 units (a keystore is about 500 to 1,500). */
  maxJsonChars: 65_536,
  /** scrypt's table, 128 · N · r bytes: 256 MiB. */
  maxScryptMemoryBytes: 256 * 1024 * 1024,
  /** scrypt's parallel blocks, 128 · r · p bytes: 16 MiB. */
  maxScryptBlockBytes: 16 * 1024 * 1024,
  /** scrypt work, N · r · p (each unit one 128-byte BlockMix): 2^22, twice geth's standard. */
  maxScryptWork: 2 ** 22,
  /** PBKDF2 iterations c (the test vector uses 2^18). */
  maxPbkdf2Iterations: 2 ** 22,
});

function badKeystore(what: string): JointKeyError {
  return new JointKeyError('INVALID_KEY', `This is not an Ethereum keystore JointKey can read: ${what}`);
}

/** A property of `obj` matched case-insensitively, as ethers does ("Crypto" in old geth files). */
function field(obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** A positive safe integer given as a number or decimal string (as ethers accepts), else undefined. */
function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function hexBytes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const h = value.replace(/^0x/i, '');
  return h.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(h) ? h.length / 2 : undefined;
}

/** Checks the parts ethers does not bound: version, cipher, KDF and its cost, sizes. */
function checkKeystore(json: string): void {
  if (json.length > KEYSTORE_LIMITS.maxJsonChars)
    throw badKeystore(
      `the file is ${json.length} characters long, and a keystore is a few hundred. Check that you chose the keystore file (UTC--…).`,
    );
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw badKeystore('the text is not valid JSON. Choose the keystore file itself (often named UTC--…), unedited.');
  }
  const version = field(data, 'version');
  if (version !== 3 && version !== '3')
    throw badKeystore(
      'its "version" is not 3. Only version 3 keystores (geth, MetaMask, MyEtherWallet) are supported.',
    );
  const crypto = field(data, 'crypto');
  if (typeof crypto !== 'object' || crypto === null) throw badKeystore('it has no "crypto" section.');
  const cipher = field(crypto, 'cipher');
  if (typeof cipher !== 'string' || cipher.toLowerCase() !== 'aes-128-ctr')
    throw badKeystore('its cipher is not aes-128-ctr, the only one the standard requires and JointKey supports.');
  if (hexBytes(field(field(crypto, 'cipherparams'), 'iv')) !== 16)
    throw badKeystore('its "cipherparams.iv" is not 16 bytes of hex.');
  const ciphertext = hexBytes(field(crypto, 'ciphertext'));
  if (ciphertext !== 32)
    throw badKeystore(
      ciphertext !== undefined && ciphertext > 0 && ciphertext < 32
        ? `it holds a ${ciphertext}-byte key (old geth versions dropped leading zero bytes), which is not supported. Export the key in hex instead.`
        : 'its "ciphertext" is not a 32-byte private key in hex.',
    );
  if (hexBytes(field(crypto, 'mac')) !== 32) throw badKeystore('its "mac" is not 32 bytes of hex.');
  const kdf = field(crypto, 'kdf');
  const params = field(crypto, 'kdfparams');
  const salt = hexBytes(field(params, 'salt'));
  if (salt === undefined || salt === 0 || salt > 1024)
    throw badKeystore('its "kdfparams.salt" is missing or malformed.');
  if (positiveInt(field(params, 'dklen')) !== 32) throw badKeystore('its "kdfparams.dklen" is not 32.');
  const kdfName = typeof kdf === 'string' ? kdf.toLowerCase() : undefined;
  if (kdfName === 'scrypt') {
    const n = positiveInt(field(params, 'n'));
    const r = positiveInt(field(params, 'r'));
    const p = positiveInt(field(params, 'p'));
    if (n === undefined || r === undefined || p === undefined || n < 2 || (n & (n - 1)) !== 0)
      throw badKeystore('its scrypt parameters n, r, p are missing or malformed (n must be a power of 2).');
    if (
      128 * n * r > KEYSTORE_LIMITS.maxScryptMemoryBytes ||
      128 * r * p > KEYSTORE_LIMITS.maxScryptBlockBytes ||
      n * r * p > KEYSTORE_LIMITS.maxScryptWork
    )
      throw badKeystore(
        'its scrypt cost is beyond what JointKey accepts (128·n·r ≤ 256 MiB, 128·r·p ≤ 16 MiB, n·r·p ≤ 2^22; geth uses n = 2^18, r = 8, p = 1). Re-export the key with standard settings.',
      );
  } else if (kdfName === 'pbkdf2') {
    const prf = field(params, 'prf');
    if (prf !== 'hmac-sha256' && prf !== 'hmac-sha512')
      throw badKeystore('its PBKDF2 "prf" is not hmac-sha256 (or hmac-sha512).');
    const c = positiveInt(field(params, 'c'));
    if (c === undefined) throw badKeystore('its PBKDF2 iteration count "c" is missing or malformed.');
    if (c > KEYSTORE_LIMITS.maxPbkdf2Iterations)
      throw badKeystore(
        `its PBKDF2 iteration count is beyond what JointKey accepts (at most ${KEYSTORE_LIMITS.maxPbkdf2Iterations}). Re-export the key with standard settings.`,
      );
  } else throw badKeystore('its key-derivation function is neither scrypt nor pbkdf2.');
}

/**
 * ethers v6 bundles @noble/hashes 1.3, whose scrypt refuses N ≥ 2^(16·r) (RFC 7914 §2, a check
 * noble 2 dropped as a likely erratum), a limit geth does not have: the Web3 Secret Storage test
 * vector itself uses N = 2^18 with r = 1. For the duration of one synchronous call, ethers' scrypt
 * is swapped (through its own `register` hook) for the project's @noble/hashes 2, which accepts it;
 * ethers' default is registered again after (a custom one another module registered would be
 * replaced by it; none does). If another module has locked ethers' scrypt, ethers' own is used. The
 * derived key is wiped after ethers has copied it.
 */
function decryptWithNobleScrypt(json: string, password: string): string {
  const derived: Uint8Array[] = [];
  let swapped = false;
  try {
    scryptSync.register((passwd, salt, N, r, p, dkLen) => {
      const maxmem = 128 * r * (N + p + 2);
      const dk = scrypt(passwd, salt, { N, r, p, dkLen, maxmem });
      derived.push(dk);
      return dk;
    });
    swapped = true;
  } catch {
    // locked: ethers' own scrypt
  }
  try {
    return decryptKeystoreJsonSync(json, password).privateKey;
  } finally {
    if (swapped) scryptSync.register(scryptSync._);
    wipe(...derived);
  }
}

/**
 * An Ethereum keystore, version 3 of the Web3 Secret Storage Definition (geth, MetaMask,
 * MyEtherWallet): the password through scrypt or PBKDF2-HMAC-SHA256 (ethers also takes SHA-512),
 * checked against the Keccak-256 MAC, then AES-128-CTR. Decryption is ethers v6's
 * `decryptKeystoreJsonSync`; the password is NFKC-normalized and UTF-8 encoded as ethers does. The
 * file's optional "address" must match the key inside it. Returns the 32-byte secp256k1 key.
 *
 * Blocks the thread for the KDF (about a second at geth's standard cost); parameters beyond
 * {@link KEYSTORE_LIMITS} are refused before any work.
 *
 * Throws TypeError for non-string arguments; JointKeyError('WRONG_PASSPHRASE') when the password does
 * not open the file; JointKeyError('INVALID_KEY') for text that is not a readable v3 keystore (the
 * message names what is wrong), a cost out of bounds, keys of fewer than 32 bytes (old geth), an
 * address that does not match, or a key out of range. Limits: ethers returns the key as a hex string
 * and keeps the derived key in its own buffers, none of which can be wiped.
 */
export function importKeystore(json: string, password: string): Uint8Array {
  astring(json, 'json');
  astring(password, 'password');
  checkKeystore(json);
  let keyHex: string;
  try {
    keyHex = decryptWithNobleScrypt(json, password);
  } catch (e) {
    const argument = (e as { argument?: unknown } | null)?.argument;
    if (argument === 'password')
      throw new JointKeyError(
        'WRONG_PASSPHRASE',
        'The password does not open this keystore. Check it (capital letters, keyboard layout) and try again.',
      );
    if (argument === 'address')
      throw badKeystore(
        'the address written in it does not match the key inside it, so the file was altered or damaged. Use an untouched copy.',
      );
    throw badKeystore('a field is missing or malformed. Use an untouched copy of the file.');
  }
  return importHexKey('secp256k1', keyHex);
}
