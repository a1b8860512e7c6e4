/**
 * Key sources, the method's first step, "obtain the original key": a new private key generated here,
 * or an existing one imported from the forms wallets export it in:
 * - a raw key in hex (secp256k1 per SEC 1 §2.3.6, 1 ≤ d < n; Ed25519 the 32-byte RFC 8032 §5.1.5 seed);
 * - Bitcoin's Wallet Import Format (WIF: base58check, Bitcoin wiki "Wallet import format");
 * - an Ethereum v3 keystore: keystore.ts (a module of its own, so ethers loads only when one is opened);
 * - a BIP-39 recovery phrase (English word list) and a BIP-32 derivation path, secp256k1 only.
 *   Ed25519 wallets derived from a phrase (SLIP-10, as Solana and others do) are out of scope: import
 *   their 32-byte seed in hex instead.
 *
 * A person's mistake (a mistyped character, a wrong password, a key out of range) is a JointKeyError
 * whose message says what to do next and never contains key material. Secret buffers made here are
 * wiped when no longer needed, best effort: JavaScript cannot guarantee zeroing, and the strings a key
 * arrives in (hex, WIF, phrase, password) and the copies libraries make cannot be wiped at all.
 */
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { astring, hexToBytesStrict, randomBytes, wipe, type Rng } from '../bytes.js';
import { curveById, curveOrder, type CurveId } from '../math/curves.js';
import { JointKeyError } from '../errors.js';

/**
 * A new 32-byte private key from `rng` by rejection sampling: secp256k1 a key in [1, n); ed25519 a
 * seed whose little-endian value is below the group order L, so the polynomial and random-string
 * schemes can split it over L with Feldman commitments / public points (the seed keeps 252 bits of
 * entropy, above Ed25519's 128-bit security level).
 */
export function generatePrivateKey(curve: CurveId, rng: Rng = randomBytes): Uint8Array {
  const info = curveById(curve);
  const n = curveOrder(info);
  for (;;) {
    const key = rng(32);
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('rng must return 32 bytes');
    const v = curve === 'secp256k1' ? bytesToNumberBE(key) : bytesToNumberLE(key);
    if (v > 0n && v < n) return key;
    key.fill(0);
  }
}

const SECP256K1_RANGE =
  'A secp256k1 private key is a number from 1 to n − 1, where n (FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141) is the curve order; this one is not. Check that it was copied whole and that it is a Bitcoin or Ethereum (secp256k1) private key.';

/** Throws INVALID_KEY (after wiping `key`) when a secp256k1 key is 0 or ≥ n. */
function checkSecp256k1Range(key: Uint8Array): Uint8Array {
  const d = bytesToNumberBE(key);
  if (d === 0n || d >= curveOrder(curveById('secp256k1'))) {
    wipe(key);
    throw new JointKeyError('INVALID_KEY', SECP256K1_RANGE);
  }
  return key;
}

/**
 * A private key written in hex: 64 hex digits (32 bytes), with an optional `0x` in front and
 * surrounding whitespace ignored. secp256k1: the big-endian number d, which must be in [1, n)
 * (SEC 1 §2.3.6); ed25519: the 32-byte RFC 8032 seed (any value; the public key is hashed from it).
 * Returns a new 32-byte buffer the caller owns (and should wipe).
 *
 * Throws TypeError for a non-string `hex`, TypeError/RangeError for an unknown curve, and
 * JointKeyError('INVALID_KEY') for text that is not 64 hex digits or a secp256k1 key out of range.
 * Limits: the string itself cannot be wiped.
 */
export function importHexKey(curve: CurveId, hex: string): Uint8Array {
  const info = curveById(curve);
  astring(hex, 'hex');
  let h = hex.trim();
  if (/^0x/i.test(h)) h = h.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(h))
    throw new JointKeyError(
      'INVALID_KEY',
      'A private key in hex uses only the digits 0–9 and the letters a–f (with an optional 0x in front), but this text has other characters. Check that you copied the private key itself, not an address, a WIF key or a recovery phrase.',
    );
  if (h.length !== 64)
    throw new JointKeyError(
      'INVALID_KEY',
      `A ${info.id} private key is 64 hex digits (32 bytes), but this one has ${h.length}. Check that it was copied whole, with nothing added.`,
    );
  const key = hexToBytesStrict(h, 'hex');
  return info.id === 'secp256k1' ? checkSecp256k1Range(key) : key;
}

/** What a WIF string holds besides the key. */
export interface ImportedWif {
  /** The 32-byte secp256k1 private key (the caller owns it and should wipe it). */
  privateKey: Uint8Array;
  /** True when the wallet used the key's compressed public key (WIF suffix 0x01; K…/L… on mainnet). */
  compressed: boolean;
  /** Bitcoin mainnet (version byte 0x80) or testnet/signet/regtest (0xef). */
  network: 'mainnet' | 'testnet';
}

const base58check = createBase58check(sha256);
/** Longer text is refused before base58 decoding (quadratic in the length); a WIF has 51 or 52. */
const MAX_WIF_CHARS = 100;

/**
 * A Bitcoin private key in Wallet Import Format (Bitcoin wiki "Wallet import format"): base58check
 * of version ‖ key ‖ [0x01 when compressed], version 0x80 (mainnet, 5…/K…/L…) or 0xef (testnet,
 * 9…/c…). Surrounding whitespace is ignored. Returns the key, whether it is compressed, and the
 * network.
 *
 * Throws TypeError for a non-string; JointKeyError('INVALID_KEY') for a character outside base58, a
 * checksum that does not match (a mistyped character), text that decodes to something other than a
 * WIF private key (an address, an xprv), or a key out of range. Limits: the string cannot be wiped.
 */
export function importWif(wif: string): ImportedWif {
  astring(wif, 'wif');
  const w = wif.trim();
  if (w.length === 0 || w.length > MAX_WIF_CHARS)
    throw new JointKeyError(
      'INVALID_KEY',
      `A WIF private key is 51 or 52 characters long, but this text has ${w.length}. Check that you copied the private key whole, and nothing else.`,
    );
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(w))
    throw new JointKeyError(
      'INVALID_KEY',
      'A WIF private key uses only base58 characters, which leave out 0 (zero), O (capital o), I (capital i) and l (lower-case L); this text has another character. Check each character, or copy the key again.',
    );
  let payload: Uint8Array;
  try {
    payload = base58check.decode(w);
  } catch {
    throw new JointKeyError(
      'INVALID_KEY',
      "This WIF private key's checksum does not match: a character is wrong or missing. Copy it again from the wallet, or check each character against the original.",
    );
  }
  try {
    const version = payload[0];
    const network = version === 0x80 ? 'mainnet' : version === 0xef ? 'testnet' : undefined;
    const compressed = payload.length === 34 && payload[33] === 0x01;
    if (network === undefined || !(compressed || payload.length === 33))
      throw new JointKeyError(
        'INVALID_KEY',
        'This is valid base58check text, but not a WIF private key. Check that you copied the private key (it starts with 5, K or L; 9 or c on testnet), not an address or an extended key (xprv).',
      );
    return { privateKey: checkSecp256k1Range(payload.slice(1, 33)), compressed, network };
  } finally {
    wipe(payload);
  }
}

const ENGLISH = new Set(english);
const MNEMONIC_WORDS = [12, 15, 18, 21, 24];
const BAD_PATH =
  "A derivation path looks like m/44'/60'/0'/0/0: the letter m, then up to 255 numbers from 0 to 2147483647, each after a / and followed by ' (or h) when hardened. Check it against your wallet's documentation.";

/** Canonical BIP-32 path text for @scure/bip32 (hardened marked '), or JointKeyError INVALID_ARGUMENT. */
function parsePath(path: string): string {
  astring(path, 'path');
  const p = path.trim();
  if (!/^[mM](\/[0-9]{1,10}['hH]?)*$/.test(p)) throw new JointKeyError('INVALID_ARGUMENT', BAD_PATH);
  const parts = p.split('/').slice(1);
  if (parts.length > 255) throw new JointKeyError('INVALID_ARGUMENT', BAD_PATH);
  const out = ['m'];
  for (const part of parts) {
    const hardened = /['hH]$/.test(part);
    const index = Number(hardened ? part.slice(0, -1) : part);
    if (index >= 2 ** 31) throw new JointKeyError('INVALID_ARGUMENT', BAD_PATH);
    out.push(hardened ? `${index}'` : String(index));
  }
  return out.join('/');
}

/**
 * The secp256k1 private key of a BIP-39 recovery phrase at a BIP-32 path: the phrase (English word
 * list; case and extra whitespace ignored, words NFKD-normalized) is checked — word count, every word
 * on the list, checksum — then seed = PBKDF2-HMAC-SHA512(phrase, "mnemonic" ‖ passphrase, 2048)
 * (@scure/bip39) and the key derived along `path` (@scure/bip32), e.g. m/44'/60'/0'/0/0 for the first
 * Ethereum account, m/84'/0'/0'/0/0 for the first native-segwit Bitcoin address. Hardened steps are
 * written ' or h. Returns the 32-byte key.
 *
 * Out of scope: other word lists, and Ed25519 wallets derived from a phrase (SLIP-10), whose 32-byte
 * seed should be imported in hex. A wrong `passphrase` cannot be detected (every passphrase gives a
 * valid wallet): compare the resulting address with the one you expect.
 *
 * Throws TypeError for non-string arguments; JointKeyError('INVALID_MNEMONIC') for a wrong word count,
 * a word not on the list (the message gives its position, not the word), or a checksum that does not
 * match; JointKeyError('INVALID_ARGUMENT') for a malformed path. Limits: the seed and derived keys
 * are wiped (best effort); the phrase and passphrase strings and library copies cannot be.
 */
export function importMnemonic(phrase: string, path: string, passphrase = ''): Uint8Array {
  astring(phrase, 'phrase');
  astring(passphrase, 'passphrase');
  const hdPath = parsePath(path);
  const words = phrase
    .normalize('NFKD')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (!MNEMONIC_WORDS.includes(words.length))
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `A BIP-39 recovery phrase has 12, 15, 18, 21 or 24 words, but this one has ${words.length}. Check for a missing, extra or joined word.`,
    );
  const unknown = words.findIndex((w) => !ENGLISH.has(w));
  if (unknown >= 0)
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `Word ${unknown + 1} is not on the BIP-39 English word list. Check its spelling against your written copy (only English phrases are supported).`,
    );
  const normalized = words.join(' ');
  if (!validateMnemonic(normalized, english))
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      "The phrase's checksum does not match: every word is on the list, but one is wrong or two are swapped. Check each word and its order against your written copy.",
    );
  let seed: Uint8Array | undefined;
  let master: HDKey | undefined;
  let child: HDKey | undefined;
  try {
    seed = mnemonicToSeedSync(normalized, passphrase);
    master = HDKey.fromMasterSeed(seed);
    child = master.derive(hdPath);
    const key = child.privateKey;
    if (key === null) throw new Error('BIP-32 derivation gave no private key');
    return key;
  } finally {
    wipe(seed);
    master?.wipePrivateData();
    child?.wipePrivateData();
  }
}
