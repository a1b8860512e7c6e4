/**
 * The child key and its set: the data model every scheme, encoding and restore rule shares.
 *
 * A child key is self-describing: scheme, set id, index, threshold, number of parties, holder
 * label, curve (for a key) and field, the secret's length, the wallet id (the key's public key, or
 * the secret's fingerprint) and the share itself. A set's public data (`SetPublic`) holds what any
 * one child key can be checked against: Feldman commitments (polynomial scheme on a curve key),
 * each child key's public point (random-string scheme on a curve key), or a salted hash of each
 * child key (everything else). The set id is a hash of the public data, so a child key and the
 * public data it claims belong together or visibly do not.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, aint, aobject, astring, utf8ToBytes } from '../bytes.js';
import { taggedHash } from '../math/commitments.js';
import { MAX_PARTIES } from '../sharing/limits.js';

/** The split schemes of the method, by their stable names. */
export const SCHEMES = ['xor', 'additive', 'shamir', 'gf256'] as const;
export type SchemeId = (typeof SCHEMES)[number];

/** One-byte codes of the schemes in binary encodings. Never reuse a code. */
export const SCHEME_CODES: Record<SchemeId, number> = { xor: 1, additive: 2, shamir: 3, gf256: 4 };

/** Schemes that restore only from all N child keys (the method's rule for every scheme, by default). */
export const N_OF_N_ONLY: readonly SchemeId[] = ['xor', 'additive'];

/** Largest number of parties, in every scheme (the split schemes' own limit). */
export { MAX_PARTIES };
/** Holder labels are 1 to 64 bytes of UTF-8 (NFC), without control characters. */
export const MAX_LABEL_BYTES = 64;
/** Wallet labels: 0 to 100 bytes of UTF-8. */
export const MAX_WALLET_LABEL_BYTES = 100;
/** Secrets split in memory: 1 byte to 16 MiB (larger files go through the streaming path). */
export const MAX_SECRET_BYTES = 16 * 1024 * 1024;

/**
 * The number domain of a share: 'bytes' (XOR, GF(2^8): as long as the secret), 'pow2' (random-string
 * scheme mod 2^(8·length)), or a prime field id from the stored table (polynomial scheme, or the
 * random-string scheme mod a curve's group order).
 */
export type FieldRef = 'bytes' | 'pow2' | 'secp256k1-n' | 'ed25519-l' | 'm521' | 'm1279' | 'm2203' | 'm4253';

export type CurveRef = 'secp256k1' | 'ed25519';

/**
 * Format versions: 1 (JointKey 0.1: public salted hashes and a plain fingerprint, which let anyone
 * with the set test guesses of a short secret) is read; 2 (hiding commitments) is written.
 */
export type FormatVersion = 1 | 2;
export const FORMAT_VERSIONS: readonly FormatVersion[] = [1, 2];
/** The version new splits are written in. */
export const CURRENT_VERSION: FormatVersion = 2;

/** What every child key of a set has in common: the header that restore compares. */
export interface SetHeader {
  version: FormatVersion;
  scheme: SchemeId;
  threshold: number;
  parties: number;
  /** The curve when the secret is a private key, else null. */
  curve: CurveRef | null;
  field: FieldRef;
  secretLength: number;
  /** The wallet's public key (curve key) or the secret's fingerprint (32 bytes). */
  walletId: Uint8Array;
}

/** One holder's child key, decoded. `share` is secret. */
export interface ChildKey extends SetHeader {
  setId: Uint8Array;
  index: number;
  label: string;
  share: Uint8Array;
  /**
   * Version 2, sets checked by blinded hashes: this holder's share of the set's random blinding key
   * (32 bytes, or an m521 element for shamir). Empty otherwise. Secret, like the share.
   */
  blinding: Uint8Array;
}

/** What one child key can be checked against. */
export type Verification =
  | { kind: 'feldman'; commitments: Uint8Array[] }
  | { kind: 'points'; points: Uint8Array[] }
  | { kind: 'hashes'; salt: Uint8Array; hashes: Uint8Array[] }
  | { kind: 'blinded'; hashes: Uint8Array[] };

/** A set's public data: safe to show, store and send. */
export interface SetPublic extends SetHeader {
  walletLabel: string;
  /** Holder labels, by index: labels[0] is child key 1's holder. */
  labels: string[];
  verification: Verification;
}

export const SET_ID_BYTES = 16;
export const FINGERPRINT_BYTES = 32;
/** The random key split beside the secret in version 2 (sets checked by blinded hashes). */
export const BLINDING_KEY_BYTES = 32;

const FINGERPRINT_TAG = utf8ToBytes('jointkey/fingerprint/v1');
const FINGERPRINT_V2_TAG = 'jointkey/fingerprint/v2';

/**
 * Version 1's fingerprint of a secret that is not a key: SHA-256 over a domain tag and the secret.
 * It names the secret without revealing it, but anyone holding it can confirm a guess of a
 * low-entropy secret — why version 2 uses {@link blindedFingerprint}; kept to read old sets (and
 * for SLIP-39 wallets' records). Throws TypeError for a non-Uint8Array.
 */
export function secretFingerprint(secret: Uint8Array): Uint8Array {
  abytes(secret, 'secret');
  const h = sha256.create();
  h.update(FINGERPRINT_TAG);
  h.update(secret);
  return h.digest();
}

/**
 * Version 2's fingerprint of a secret that is not a key: taggedHash("jointkey/fingerprint/v2",
 * [blinding key, secret]). Hiding: the 32-byte blinding key is random and split along with the
 * secret, so only a quorum of child keys learns it and can check a guess. Takes a 32-byte key and a
 * secret of any length; throws TypeError/RangeError otherwise.
 */
export function blindedFingerprint(blindingKey: Uint8Array, secret: Uint8Array): Uint8Array {
  abytes(blindingKey, 'blindingKey', BLINDING_KEY_BYTES);
  abytes(secret, 'secret');
  return taggedHash(FINGERPRINT_V2_TAG, [blindingKey, secret]);
}

/**
 * "child key 2 (Bob)": how every message names a child key. Never includes the share. Takes an
 * index 0..255 (a forged index 0 is named too) and a label; throws TypeError/RangeError otherwise.
 */
export function nameOf(ck: { index: number; label: string }): string {
  aobject(ck, 'child key');
  aint(ck.index, 'child key index', 0, MAX_PARTIES);
  astring(ck.label, 'child key label');
  return `child key ${ck.index} (${ck.label})`;
}

/**
 * True when the scheme restores from any t of n child keys rather than exactly all n. Takes
 * 2 ≤ threshold ≤ parties ≤ 255; throws TypeError/RangeError otherwise.
 */
export function isThresholdSet(h: { threshold: number; parties: number }): boolean {
  aobject(h, 'header');
  aint(h.parties, 'parties', 2, MAX_PARTIES);
  aint(h.threshold, 'threshold', 2, h.parties);
  return h.threshold < h.parties;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Normalizes a holder label (NFC, trimmed) and checks it: 1..64 bytes of UTF-8, no control or
 * format characters. Throws TypeError/RangeError naming `title`.
 */
export function normalizeLabel(label: unknown, title: string, maxBytes = MAX_LABEL_BYTES, minBytes = 1): string {
  aint(maxBytes, 'maxBytes', 0, Math.floor(Number.MAX_SAFE_INTEGER / 4));
  aint(minBytes, 'minBytes', 0, maxBytes);
  const s = astring(label, title, 4 * maxBytes)
    .normalize('NFC')
    .trim();
  const n = utf8ToBytes(s).length;
  if (n < minBytes || n > maxBytes) throw new RangeError(`${title} must be ${minBytes} to ${maxBytes} bytes of text`);
  if (CONTROL.test(s)) throw new RangeError(`${title} must not contain control characters`);
  return s;
}

/**
 * Holder labels for a set of `parties`: the given ones, normalized and unique ignoring case, or
 * "Holder 1" … "Holder N". Throws RangeError for a wrong count or a repeated label.
 */
export function holderLabels(parties: number, labels?: readonly unknown[]): string[] {
  aint(parties, 'parties', 2, MAX_PARTIES);
  if (labels === undefined) return Array.from({ length: parties }, (_, i) => `Holder ${i + 1}`);
  if (!Array.isArray(labels)) throw new TypeError('labels must be an array of strings');
  if (labels.length !== parties)
    throw new RangeError(`labels must name each of the ${parties} holders, got ${labels.length}`);
  const out = labels.map((l, i) => normalizeLabel(l, `label ${i + 1}`));
  const seen = new Set<string>();
  for (const l of out) {
    const key = l.toLowerCase();
    if (seen.has(key)) throw new RangeError(`labels must be different from each other: "${l}" is repeated`);
    seen.add(key);
  }
  return out;
}
