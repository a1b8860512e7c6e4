/**
 * Splitting, the method's second step: an original key (or any secret) and the number of owners
 * N become N child keys by one of the method's schemes, with the set's public data that each child
 * key can later be checked against.
 *
 * - `xor` (N-of-N): N−1 random child keys as long as the secret, and the secret XOR all of them.
 * - `additive` (N-of-N), the method's "operation with random strings", done as adding random
 *   values: mod the group order for a curve key, mod 2^(8·length) otherwise. The method's other
 *   variant, inserting random characters into the key, is not offered: every child key would then
 *   hold the whole key.
 * - `shamir`: the method's polynomial S + R1·x + … + R(t−1)·x^(t−1) mod P at x = 1..N, t = N by
 *   default; P from the stored table chosen by the secret (prime-fields.ts).
 * - `gf256`: byte-wise Shamir over GF(2^8), t-of-n, for a secret of any length.
 *
 * Sets that no public key checks (xor, gf256, additive mod 2^(8·length), shamir over a Mersenne
 * prime) are written in format version 2: a random 32-byte blinding key is split beside the secret
 * by the same scheme, each child key's commitment is blinded by its holder's own share of it, and a
 * secret's fingerprint is keyed by it — so no public value lets anyone short of a quorum test a
 * guess of a short secret or share (docs/FORMAT.md, "Version 2").
 *
 * The original key is not wiped here: the caller owns it and wipes it once every holder has their
 * child key (the method's third step).
 */
import { aarray, abytes, aint, randomBytes, wipe, type Rng } from '../bytes.js';
import {
  type ChildKey,
  type CurveRef,
  type FieldRef,
  type SchemeId,
  type SetPublic,
  type Verification,
  BLINDING_KEY_BYTES,
  CURRENT_VERSION,
  MAX_PARTIES,
  MAX_SECRET_BYTES,
  MAX_WALLET_LABEL_BYTES,
  N_OF_N_ONLY,
  SCHEMES,
  holderLabels,
  blindedFingerprint,
  normalizeLabel,
} from '../formats/child-key.js';
import { additiveSplit, additiveSplitBytes } from '../sharing/additive.js';
import { blindedHash, feldmanCommit, sharePoint } from '../math/commitments.js';
import { privateKeyToScalar, publicKeyOf, curveById } from '../math/curves.js';
import { JointKeyError } from '../errors.js';
import { MAX_FIELD_SECRET_BYTES, elementToBytes, fieldForSecretBytes, primeFieldById } from '../math/prime-fields.js';
import { setIdOf } from '../formats/set-public.js';
import { BLINDING_FIELD } from '../formats/header.js';
import { polySplit } from '../sharing/shamir-prime.js';
import { gf256Split, pooledRandomBytes } from '../sharing/shamir-gf256.js';
import { xorSplit } from '../sharing/xor.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';

export interface SplitOptions {
  scheme: SchemeId;
  /** Number of owners, 2 to 255. */
  parties: number;
  /** Child keys needed to restore: `parties` by default (the method's rule); 2..parties for shamir and gf256. */
  threshold?: number;
  /** One label per holder, unique; "Holder 1" … by default. */
  labels?: readonly string[];
  walletLabel?: string;
  rng?: Rng;
}

export interface SplitResult {
  set: SetPublic;
  setId: Uint8Array;
  /** childKeys[i] is holder i+1's. Their shares are secret: wipe them when handed off. */
  childKeys: ChildKey[];
}

/** The shares of a split, and how each is checked alone (blinded hashes when not given). */
interface Plan {
  field: FieldRef;
  shares: Uint8Array[];
  verification?: Verification;
}

function checkOptions(opts: SplitOptions): {
  scheme: SchemeId;
  parties: number;
  threshold: number;
  labels: string[];
  walletLabel: string;
  /** The caller's rng, or undefined for the platform CSPRNG (gf256Split then draws from its pool). */
  rng: Rng | undefined;
} {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('options must be an object');
  if (!SCHEMES.includes(opts.scheme)) throw new RangeError(`scheme must be one of ${SCHEMES.join(', ')}`);
  const parties = aint(opts.parties, 'parties', 2, MAX_PARTIES);
  const threshold = aint(opts.threshold ?? parties, 'threshold', 2, parties);
  if (N_OF_N_ONLY.includes(opts.scheme) && threshold !== parties)
    throw new RangeError(`the ${opts.scheme} scheme needs all child keys: threshold must equal parties (${parties})`);
  if (opts.rng !== undefined && typeof opts.rng !== 'function') throw new TypeError('rng must be a function');
  return {
    scheme: opts.scheme,
    parties,
    threshold,
    labels: holderLabels(parties, opts.labels),
    walletLabel: normalizeLabel(opts.walletLabel ?? '', 'walletLabel', MAX_WALLET_LABEL_BYTES, 0),
    rng: opts.rng,
  };
}

/**
 * Splits the 32-byte blinding key by the set's scheme as a 32-byte secret that is not a key (shamir
 * in m521), so exactly the holders who can restore the secret can restore it.
 */
function splitBlindingKey(scheme: SchemeId, key: Uint8Array, threshold: number, parties: number, rng: Rng) {
  switch (scheme) {
    case 'xor':
      return xorSplit(key, parties, rng);
    case 'gf256':
      return gf256Split(key, threshold, parties, rng).map((p) => p.y);
    case 'additive':
      return additiveSplitBytes(key, parties, rng);
    case 'shamir': {
      const field = primeFieldById(BLINDING_FIELD);
      const { shares, coefficients } = polySplit(field, bytesToNumberBE(key), threshold, parties, rng);
      coefficients.fill(0n);
      return shares.map((s) => elementToBytes(field, s.y));
    }
  }
}

function plan(
  scheme: SchemeId,
  secret: Uint8Array,
  curve: CurveRef | null,
  threshold: number,
  parties: number,
  given: Rng | undefined,
): Plan {
  const rng = given ?? randomBytes;
  const info = curve === null ? undefined : curveById(curve);
  const scalar = info && privateKeyToScalar(info, secret);
  switch (scheme) {
    case 'xor':
      return { field: 'bytes', shares: xorSplit(secret, parties, rng) };
    case 'gf256':
      // Without a caller's rng, gf256Split draws from its pool of the platform CSPRNG (one call per 4 KiB).
      return { field: 'bytes', shares: gf256Split(secret, threshold, parties, given).map((p) => p.y) };
    case 'shamir': {
      if (info && scalar !== undefined) {
        const field = primeFieldById(info.fieldId);
        const { shares, coefficients } = polySplit(field, scalar, threshold, parties, rng);
        const commitments = feldmanCommit(info, coefficients);
        coefficients.fill(0n);
        return {
          field: field.id,
          shares: shares.map((s) => elementToBytes(field, s.y)),
          verification: { kind: 'feldman', commitments },
        };
      }
      if (secret.length > MAX_FIELD_SECRET_BYTES)
        throw new JointKeyError(
          'SECRET_TOO_LARGE',
          `The polynomial scheme holds secrets of up to ${MAX_FIELD_SECRET_BYTES} bytes; this one has ${secret.length}. Use the gf256 scheme for larger secrets.`,
        );
      const field = fieldForSecretBytes(secret.length);
      const { shares, coefficients } = polySplit(field, bytesToNumberBE(secret), threshold, parties, rng);
      coefficients.fill(0n);
      return { field: field.id, shares: shares.map((s) => elementToBytes(field, s.y)) };
    }
    case 'additive': {
      if (info && scalar !== undefined) {
        const field = primeFieldById(info.fieldId);
        const values = additiveSplit(scalar, parties, field.p, rng);
        return {
          field: field.id,
          shares: values.map((y) => elementToBytes(field, y)),
          verification: { kind: 'points', points: values.map((y) => sharePoint(info, y)) },
        };
      }
      return { field: 'pow2', shares: additiveSplitBytes(secret, parties, rng) };
    }
  }
}

function build(
  secret: Uint8Array,
  curve: CurveRef | null,
  walletIdOf: (blindingKey: Uint8Array | undefined) => Uint8Array,
  opts: SplitOptions,
): SplitResult {
  const o = checkOptions(opts);
  const p = plan(o.scheme, secret, curve, o.threshold, o.parties, o.rng);
  let blindings: Uint8Array[] = p.shares.map(() => new Uint8Array(0));
  let verification = p.verification;
  let blindingKey: Uint8Array | undefined;
  if (!verification) {
    // Hiding, not just salted: each hash needs its holder's own blinding share (see the module comment).
    // Without a caller's rng, the key and its split come from gf256's pool of the platform CSPRNG.
    const rng = o.rng ?? pooledRandomBytes;
    blindingKey = rng(BLINDING_KEY_BYTES);
    if (!(blindingKey instanceof Uint8Array) || blindingKey.length !== BLINDING_KEY_BYTES)
      throw new TypeError('rng must return the bytes asked for');
    blindings = splitBlindingKey(o.scheme, blindingKey, o.threshold, o.parties, rng);
    verification = {
      kind: 'blinded',
      hashes: p.shares.map((share, i) => blindedHash(i + 1, share, blindings[i] as Uint8Array)),
    };
  }
  let walletId: Uint8Array;
  try {
    walletId = walletIdOf(blindingKey);
  } finally {
    if (blindingKey) wipe(blindingKey);
  }
  const header = {
    version: CURRENT_VERSION,
    scheme: o.scheme,
    threshold: o.threshold,
    parties: o.parties,
    curve,
    field: p.field,
    secretLength: secret.length,
    walletId,
  };
  const set: SetPublic = { ...header, walletLabel: o.walletLabel, labels: o.labels, verification };
  const setId = setIdOf(set);
  // The header's fields written out rather than spread: V8 builds these objects several times
  // faster (the same fields, in the same order).
  const childKeys = p.shares.map((share, i): ChildKey => ({
    version: header.version,
    scheme: header.scheme,
    threshold: header.threshold,
    parties: header.parties,
    curve: header.curve,
    field: header.field,
    secretLength: header.secretLength,
    walletId: walletId.slice(),
    setId: setId.slice(),
    index: i + 1,
    label: o.labels[i] as string,
    share,
    blinding: blindings[i] as Uint8Array,
  }));
  return { set, setId, childKeys };
}

/**
 * Splits a private key of `curve`. The wallet id is its public key; restore checks the restored
 * key against it. Throws JointKeyError INVALID_KEY for a key that is not valid on the curve,
 * RangeError/TypeError for bad options.
 */
export function splitKey(curve: CurveRef, privateKey: Uint8Array, opts: SplitOptions): SplitResult {
  const info = curveById(curve);
  abytes(privateKey, 'privateKey', 32);
  const publicKey = publicKeyOf(info, privateKey);
  return build(privateKey, curve, () => publicKey, opts);
}

/**
 * Splits any secret of 1 byte to 16 MiB (the polynomial scheme: up to 531 bytes). The wallet id is
 * the secret's fingerprint, keyed by the set's blinding key (version 2). Throws JointKeyError SECRET_TOO_LARGE, RangeError/TypeError for bad
 * options.
 */
export function splitSecret(secret: Uint8Array, opts: SplitOptions): SplitResult {
  abytes(secret, 'secret');
  if (secret.length < 1 || secret.length > MAX_SECRET_BYTES)
    throw new RangeError(`secret must be 1 to ${MAX_SECRET_BYTES} bytes, got ${secret.length}`);
  return build(
    secret,
    null,
    (blindingKey) => {
      if (!blindingKey) throw new Error('a secret that is not a key is always checked by blinded hashes');
      return blindedFingerprint(blindingKey, secret);
    },
    opts,
  );
}

/**
 * Wipes the shares of child keys (after they were handed off). Best effort, as JS allows. Throws
 * TypeError for anything but an array of objects with a Uint8Array share (before wiping any).
 */
export function wipeChildKeys(childKeys: readonly ChildKey[]): void {
  aarray(childKeys, 'childKeys');
  childKeys.forEach((ck, i) => {
    if (typeof ck !== 'object' || ck === null) throw new TypeError(`childKeys[${i}] must be a child key`);
    abytes(ck.share, `childKeys[${i}].share`);
    if (ck.blinding !== undefined) abytes(ck.blinding, `childKeys[${i}].blinding`);
  });
  for (const ck of childKeys) wipe(ck.share, ck.blinding);
}
