/**
 * Restoring, at a signing session: child keys come together, and the key comes back only when the
 * rule is met. The method's rule: an N-of-N set restores only from exactly its N child keys; a t-of-n
 * set (our option) from any t or more, and when more than t are given they must agree — the one that
 * does not is named.
 *
 * Before any arithmetic, each child key is checked: same wallet, scheme and set as the others (or as
 * the set's public data, when given), index not 0, no duplicate, and — with the public data — its
 * share against the set's commitments, points or hashes. After it, the restored key must give the
 * wallet's public key (or the secret its fingerprint: in version 2 keyed by the blinding key, which
 * the same child keys restore beside the secret). Every refusal is a JointKeyError that names
 * the child key by index and holder label.
 *
 * Not constant-time: the arithmetic is on JS bigints and typed arrays. The restored secret is the
 * caller's to wipe; intermediate buffers are wiped here as far as JS allows.
 */
import { numberToBytesBE } from '@noble/curves/utils.js';
import { aarray, afunction, aint, aobject, bytesToHex, equalBytes, typeName, wipe } from '../bytes.js';
import {
  type ChildKey,
  type CurveRef,
  type SetHeader,
  type SetPublic,
  BLINDING_KEY_BYTES,
  blindedFingerprint,
  nameOf,
  secretFingerprint,
} from '../formats/child-key.js';
import { BLINDING_FIELD, blindingLength } from '../formats/header.js';
import { additiveCombine, additiveCombineBytes } from '../sharing/additive.js';
import { curveById, publicKeyOf, scalarToPrivateKey } from '../math/curves.js';
import { JointKeyError } from '../errors.js';
import { interpolate } from '../math/gf256.js';
import { bytesToElement, primeFieldById, type PrimeFieldInfo, type PrimeFieldId } from '../math/prime-fields.js';
import { setIdOf } from '../formats/set-public.js';
import { lagrangeAt } from '../sharing/shamir-prime.js';
import { cap, checkHeader, verifyChildKey } from '../formats/verify.js';
import { xorCombine } from '../sharing/xor.js';

export interface RestoreOptions {
  /** The set's public data (from a file or the wallet record): each child key is checked against it. */
  set?: SetPublic;
  /** Most t-subsets tried to find which of more than t disagreeing child keys is wrong. */
  maxSubsets?: number;
  /**
   * Each child key was already checked against `set` (a signing session checks each as it is
   * entered, and keeps it since): it is not checked again. Everything else is, and the result is
   * still checked against the wallet (WRONG_RESULT), so a child key changed since cannot give a key.
   */
  verified?: boolean;
}

export interface Restored {
  /** The original key or secret. Secret: the caller wipes it after use. */
  secret: Uint8Array;
  curve: CurveRef | null;
  walletId: Uint8Array;
  setId: Uint8Array;
  /** Indices of the child keys used. */
  indices: number[];
}

/**
 * The wallet id that a restored secret gives (with the restored blinding key, in version 2), or
 * undefined when it is not even a valid key.
 */
function walletIdOf(secret: Uint8Array, blindingKey: Uint8Array, h: SetHeader): Uint8Array | undefined {
  if (h.curve === null) {
    if (h.version === 1) return secretFingerprint(secret);
    return blindingKey.length === BLINDING_KEY_BYTES ? blindedFingerprint(blindingKey, secret) : undefined;
  }
  try {
    return publicKeyOf(curveById(h.curve), secret);
  } catch {
    return undefined;
  }
}

/** Whether a restored secret gives the wallet id of `h` (its public key, or its fingerprint). */
function givesWallet(secret: Uint8Array, blindingKey: Uint8Array, h: SetHeader): boolean {
  const id = secret.length === h.secretLength ? walletIdOf(secret, blindingKey, h) : undefined;
  return id !== undefined && equalBytes(id, h.walletId);
}

/**
 * The most common item by `key` (the first of them on a tie), or undefined for none: how the
 * child keys of most of a set outvote a foreign one. Throws TypeError for a non-array or non-function.
 */
export function mostCommon<T>(items: readonly T[], key: (item: T) => string): T | undefined {
  aarray(items, 'items');
  afunction(key, 'key');
  const counts = new Map<string, { n: number; item: T }>();
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k);
    if (entry) entry.n++;
    else counts.set(k, { n: 1, item });
  }
  let best: { n: number; item: T } | undefined;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.item;
}

/** The reference header: the set's, or that of the most common (wallet, set) among the child keys. */
function reference(childKeys: readonly ChildKey[], set?: SetPublic): { header: SetHeader; setId: Uint8Array } {
  if (set) return { header: set, setId: setIdOf(set) };
  const ck = mostCommon(childKeys, (c) => `${bytesToHex(c.walletId)}/${bytesToHex(c.setId)}`) as ChildKey;
  return { header: ck, setId: ck.setId };
}

/** The private key of a restored scalar; an empty array (never a valid key) when out of range. */
function keyOf(curve: CurveRef, s: bigint): Uint8Array {
  try {
    return scalarToPrivateKey(curveById(curve), s);
  } catch {
    return new Uint8Array(0);
  }
}

function holderList(indices: number[], labels?: readonly string[]): string {
  return indices.map((i) => labels?.[i - 1] ?? `child key ${i}`).join(', ');
}

/** A share as a point of the scheme's polynomial, for the t-of-n schemes. */
interface Engine {
  /** The secret and the blinding key (empty without one) from these points (exactly t of them). */
  combine(cks: readonly ChildKey[]): { secret: Uint8Array; blindingKey: Uint8Array };
  /** Whether `ck` (share and blinding share) lies on the polynomials through `base` (t points). */
  onCurve(base: readonly ChildKey[], ck: ChildKey): boolean;
}

/** Lagrange over GF(2^8) of one byte string per child key, at x. */
function gfAt(cks: readonly ChildKey[], pick: (c: ChildKey) => Uint8Array, x: number): Uint8Array {
  return interpolate(
    cks.map((c) => ({ x: c.index, y: pick(c) })),
    x,
  );
}

/** Lagrange over a prime field of one element per child key, at x. */
function primeAt(
  field: PrimeFieldInfo,
  cks: readonly ChildKey[],
  pick: (c: ChildKey) => Uint8Array,
  x: bigint,
): bigint {
  return lagrangeAt(
    field,
    cks.map((c) => ({ x: c.index, y: bytesToElement(field, pick(c)) })),
    x,
  );
}

/** The blinding key as 32 bytes from its element in m521; an empty array when it cannot be one. */
function blindingKeyOf(r: bigint): Uint8Array {
  return r < 1n << BigInt(8 * BLINDING_KEY_BYTES) ? numberToBytesBE(r, BLINDING_KEY_BYTES) : new Uint8Array(0);
}

function engineFor(h: SetHeader): Engine {
  const blinded = blindingLength(h.scheme, h.field, h.version) > 0;
  const share = (c: ChildKey) => c.share;
  const blinding = (c: ChildKey) => c.blinding;
  if (h.scheme === 'gf256')
    return {
      combine: (cks) => ({
        secret: gfAt(cks, share, 0),
        blindingKey: blinded ? gfAt(cks, blinding, 0) : new Uint8Array(0),
      }),
      onCurve: (base, ck) => {
        const y = gfAt(base, share, ck.index);
        const r = blinded ? gfAt(base, blinding, ck.index) : new Uint8Array(0);
        try {
          return equalBytes(y, ck.share) && equalBytes(r, ck.blinding);
        } finally {
          wipe(y, r);
        }
      },
    };
  const field = primeFieldById(h.field as PrimeFieldId);
  const rField = primeFieldById(BLINDING_FIELD);
  const toSecret = (s: bigint): Uint8Array => {
    if (h.curve !== null && h.field === curveById(h.curve).fieldId) return keyOf(h.curve, s);
    if (s >= 1n << BigInt(8 * h.secretLength)) return new Uint8Array(h.secretLength + 1); // cannot be right
    return numberToBytesBE(s, h.secretLength);
  };
  return {
    combine: (cks) => ({
      secret: toSecret(primeAt(field, cks, share, 0n)),
      blindingKey: blinded ? blindingKeyOf(primeAt(rField, cks, blinding, 0n)) : new Uint8Array(0),
    }),
    onCurve: (base, ck) =>
      primeAt(field, base, share, BigInt(ck.index)) === bytesToElement(field, ck.share) &&
      (!blinded || primeAt(rField, base, blinding, BigInt(ck.index)) === bytesToElement(rField, ck.blinding)),
  };
}

function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    (idx[i] as number)++;
    for (let j = i + 1; j < k; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
}

function wrongResult(): JointKeyError {
  return new JointKeyError(
    'WRONG_RESULT',
    'The child keys were combined, but they do not give this wallet’s key: at least one of them is wrong or forged. Check each one against the wallet (jointkey verify, or the health check) and try again.',
  );
}

/** N-of-N (xor, additive): all N child keys together give the secret, checked against the wallet. */
function restoreAll(h: SetHeader, cks: ChildKey[]): Uint8Array {
  let secret: Uint8Array;
  let blindingKey: Uint8Array = new Uint8Array(0);
  const blinded = blindingLength(h.scheme, h.field, h.version) > 0;
  if (h.scheme === 'xor') {
    secret = xorCombine(cks.map((c) => c.share));
    if (blinded) blindingKey = xorCombine(cks.map((c) => c.blinding));
  } else if (h.field === 'pow2') {
    secret = additiveCombineBytes(cks.map((c) => c.share));
    if (blinded) blindingKey = additiveCombineBytes(cks.map((c) => c.blinding));
  } else {
    const field = primeFieldById(h.field as PrimeFieldId);
    const sum = additiveCombine(
      cks.map((c) => bytesToElement(field, c.share)),
      field.p,
    );
    secret = h.curve ? keyOf(h.curve, sum) : new Uint8Array(0);
  }
  try {
    if (givesWallet(secret, blindingKey, h)) return secret;
  } finally {
    wipe(blindingKey);
  }
  wipe(secret);
  throw wrongResult();
}

/** t-of-n with more than t child keys: restore, check the others agree, and name those that do not. */
function restoreThreshold(h: SetHeader, cks: ChildKey[], maxSubsets: number): { secret: Uint8Array; used: ChildKey[] } {
  const engine = engineFor(h);
  const t = h.threshold;
  const tryBase = (base: ChildKey[]): Uint8Array | undefined => {
    const { secret, blindingKey } = engine.combine(base);
    try {
      if (givesWallet(secret, blindingKey, h)) return secret;
    } finally {
      wipe(blindingKey);
    }
    wipe(secret);
    return undefined;
  };
  let tried = 0;
  for (const pick of subsets(cks.length, t)) {
    if (tried++ >= maxSubsets) break;
    const base = pick.map((i) => cks[i] as ChildKey);
    const secret = tryBase(base);
    if (!secret) continue;
    const wrong = cks.filter((ck) => !base.includes(ck) && !engine.onCurve(base, ck));
    if (wrong.length > 0) {
      wipe(secret);
      throw new JointKeyError(
        'CHILD_KEY_MISMATCH',
        `${cap(wrong.map(nameOf).join(' and '))} ${wrong.length > 1 ? 'do' : 'does'} not agree with the other child keys: damaged or forged. Leave ${wrong.length > 1 ? 'them' : 'it'} out, or ask ${wrong.map((c) => c.label).join(', ')} for an intact copy.`,
      );
    }
    return { secret, used: base };
  }
  throw wrongResult();
}

/**
 * Restores the secret from child keys. See the module comment for the rules.
 *
 * @param childKeys decoded child keys (text or file form), in any order.
 * @param opts.set the set's public data; without it, child keys are checked against each other and
 *   the result against the wallet id they carry.
 * @returns the secret (wipe it after use), the curve, the wallet id, the set id and the indices used.
 * @throws JointKeyError: NO_CHILD_KEYS, DIFFERENT_WALLET, DIFFERENT_SCHEME, DIFFERENT_SET,
 *   INCONSISTENT_CHILD_KEY, INDEX_ZERO, TOO_MANY_CHILD_KEYS, DUPLICATE_CHILD_KEY,
 *   CHILD_KEY_MISMATCH, TOO_FEW_CHILD_KEYS, WRONG_RESULT; TypeError for a non-array or options
 *   that are not a plain object, RangeError for a maxSubsets that is not a positive integer.
 */
export function restore(childKeys: readonly ChildKey[], opts: RestoreOptions = {}): Restored {
  aarray(childKeys, 'childKeys', 0, 10_000);
  aobject(opts, 'opts');
  const maxSubsets = aint(opts.maxSubsets ?? 5000, 'maxSubsets', 1, Number.MAX_SAFE_INTEGER);
  if (opts.verified !== undefined && typeof opts.verified !== 'boolean')
    throw new TypeError(`opts.verified must be a boolean, got ${typeName(opts.verified)}`);
  if (opts.verified === true && opts.set === undefined)
    throw new TypeError('opts.verified says the child keys were checked against opts.set: give the set');
  for (const [i, ck] of childKeys.entries())
    if (
      typeof ck !== 'object' ||
      ck === null ||
      !(ck.share instanceof Uint8Array) ||
      !(ck.blinding instanceof Uint8Array)
    )
      throw new TypeError(`childKeys[${i}] must be a decoded child key`);
  if (childKeys.length === 0)
    throw new JointKeyError(
      'NO_CHILD_KEYS',
      'No child keys were given. Each holder enters their child key to restore.',
    );
  const { header, setId } = reference(childKeys, opts.set);
  const labels = opts.set?.labels;
  for (const ck of childKeys) checkHeader(ck, header, setId);
  if (childKeys.length > header.parties) {
    const seen = new Set<number>();
    const repeated = childKeys.filter((ck) => (seen.has(ck.index) ? true : (seen.add(ck.index), false)));
    throw new JointKeyError(
      'TOO_MANY_CHILD_KEYS',
      `${childKeys.length} child keys were given, but this set has only ${header.parties}: ${repeated.map(nameOf).join(', ')} ${repeated.length > 1 ? 'were' : 'was'} given more than once. Give each holder’s child key once.`,
    );
  }
  const byIndex = new Map<number, ChildKey>();
  for (const ck of childKeys) {
    const first = byIndex.get(ck.index);
    if (first)
      throw new JointKeyError(
        'DUPLICATE_CHILD_KEY',
        equalBytes(first.share, ck.share)
          ? `${cap(nameOf(ck))} was given twice. Each holder’s child key counts once.`
          : `Two different child keys both claim index ${ck.index} (${first.label} and ${ck.label}): one of them is forged. Check both against the wallet.`,
      );
    byIndex.set(ck.index, ck);
  }
  if (opts.set && opts.verified !== true) for (const ck of childKeys) verifyChildKey(ck, opts.set, setId);
  const t = header.threshold;
  if (childKeys.length < t) {
    const missing = [];
    for (let i = 1; i <= header.parties; i++) if (!byIndex.has(i)) missing.push(i);
    const nOfN = t === header.parties;
    throw new JointKeyError(
      'TOO_FEW_CHILD_KEYS',
      nOfN
        ? `${childKeys.length} of ${t} child keys — still missing: ${holderList(missing, labels)}. This wallet needs every holder’s child key.`
        : `${childKeys.length} of ${t} child keys — ${t - childKeys.length} more needed, from any of: ${holderList(missing, labels)}.`,
    );
  }
  const sorted = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const { secret, used } =
    header.scheme === 'xor' || header.scheme === 'additive'
      ? { secret: restoreAll(header, sorted), used: sorted }
      : restoreThreshold(header, sorted, maxSubsets);
  return {
    secret,
    curve: header.curve,
    walletId: header.walletId.slice(),
    setId: setId.slice(),
    indices: used.map((c) => c.index),
  };
}
