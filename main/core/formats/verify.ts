/**
 * Checking one child key alone against its set's public data: that it belongs to this wallet, this
 * scheme and this set, that its header agrees, and that its share passes the set's check (Feldman
 * commitments, its public point, its blinded hash or — version 1 — its salted hash). Every refusal
 * names the child key.
 */
import { abytes, concatBytes } from '../bytes.js';
import { type ChildKey, type SetHeader, type SetPublic, SET_ID_BYTES, nameOf } from './child-key.js';
import {
  blindedHash,
  feldmanVerify,
  pointSumEquals,
  saltedHash,
  sharePoint,
  equalConstantTime,
} from '../math/commitments.js';
import { curveById } from '../math/curves.js';
import { JointKeyError } from '../errors.js';
import { bytesToElement, primeFieldById, type PrimeFieldId } from '../math/prime-fields.js';
import { setIdOf } from './set-public.js';
import { equalBytes, bytesToHex } from '../bytes.js';

/**
 * Compares a child key's header with a reference (the set, or the child keys' majority) and throws
 * the first difference as a JointKeyError naming the child key: DIFFERENT_WALLET, DIFFERENT_SCHEME,
 * DIFFERENT_SET, INCONSISTENT_CHILD_KEY, INDEX_ZERO. Throws TypeError/RangeError for a refSetId that
 * is not 16 bytes or a child key without an index and label.
 */
export function checkHeader(ck: ChildKey, ref: SetHeader, refSetId: Uint8Array): void {
  abytes(refSetId, 'refSetId', SET_ID_BYTES);
  const name = nameOf(ck);
  if (!equalBytes(ck.walletId, ref.walletId) || ck.curve !== ref.curve)
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      `${cap(name)} belongs to another wallet or secret. Ask its holder for the child key of this wallet.`,
    );
  if (ck.scheme !== ref.scheme)
    throw new JointKeyError(
      'DIFFERENT_SCHEME',
      `${cap(name)} was made with the ${ck.scheme} scheme, but this set uses ${ref.scheme}. Use the child keys of one split.`,
    );
  if (!equalBytes(ck.setId, refSetId))
    throw new JointKeyError(
      'DIFFERENT_SET',
      `${cap(name)} is from another split of this wallet (set ${bytesToHex(ck.setId).slice(0, 8)}, not ${bytesToHex(refSetId).slice(0, 8)}). Child keys of different splits never combine: use the ones of one set.`,
    );
  if (
    ck.version !== ref.version ||
    ck.threshold !== ref.threshold ||
    ck.parties !== ref.parties ||
    ck.field !== ref.field ||
    ck.secretLength !== ref.secretLength
  )
    throw new JointKeyError(
      'INCONSISTENT_CHILD_KEY',
      `${cap(name)} disagrees with its set about its format version, threshold, parties or field: it was altered. Use an unmodified copy.`,
    );
  if (ck.index === 0)
    throw new JointKeyError(
      'INDEX_ZERO',
      `${cap(name)} has index 0, which no child key can have (index 0 would be the secret itself). It is forged or damaged.`,
    );
  if (ck.index > ck.parties)
    throw new JointKeyError(
      'INCONSISTENT_CHILD_KEY',
      `${cap(name)} has index ${ck.index}, but the set has only ${ck.parties} holders: it is forged or damaged.`,
    );
}

/**
 * Checks one child key alone against its set's public data: the header (see {@link checkHeader}),
 * the holder label, and the share (Feldman commitments, public point, or salted hash).
 * Throws a JointKeyError naming the child key; CHILD_KEY_MISMATCH when the share fails its check.
 */
export function verifyChildKey(ck: ChildKey, set: SetPublic, setId: Uint8Array = setIdOf(set)): void {
  checkHeader(ck, set, setId);
  const name = nameOf(ck);
  if (set.labels[ck.index - 1] !== ck.label)
    throw new JointKeyError(
      'INCONSISTENT_CHILD_KEY',
      `${cap(name)} names its holder "${ck.label}", but the set gives index ${ck.index} to "${set.labels[ck.index - 1] ?? ''}": it was altered.`,
    );
  if (!shareMatches(ck, set))
    throw new JointKeyError(
      'CHILD_KEY_MISMATCH',
      `${cap(name)} does not match its set's public data: it is damaged or forged. Ask ${ck.label} for an intact copy (file or paper backup).`,
    );
}

function shareMatches(ck: ChildKey, set: SetPublic): boolean {
  const v = set.verification;
  if (v.kind === 'blinded') {
    const expected = v.hashes[ck.index - 1];
    if (expected === undefined || ck.blinding.length === 0) return false;
    return equalConstantTime(blindedHash(ck.index, ck.share, ck.blinding), expected);
  }
  if (v.kind === 'hashes') {
    const expected = v.hashes[ck.index - 1];
    return (
      expected !== undefined &&
      equalConstantTime(saltedHash(v.salt, concatBytes(Uint8Array.of(ck.index), ck.share)), expected)
    );
  }
  if (set.curve === null) return false;
  const curve = curveById(set.curve);
  let y: bigint;
  try {
    y = bytesToElement(primeFieldById(set.field as PrimeFieldId), ck.share);
  } catch {
    return false;
  }
  if (v.kind === 'feldman') return feldmanVerify(curve, v.commitments, ck.index, y);
  const expected = v.points[ck.index - 1];
  if (expected === undefined || y === 0n) return false;
  return pointSumEquals(curve, [sharePoint(curve, y)], expected);
}

/** "Child key 2 (Bob)". */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
