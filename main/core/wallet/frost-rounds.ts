/**
 * FROST signing across computers (RFC 9591 §5): a coordinator's request (what is signed, in plain
 * words; which holders sign), each holder's round-1 commitment and round-2 signature share, and the
 * aggregation that names any holder whose share does not verify. Every message is public JSON bound
 * to the request's hash, so a request altered between rounds is refused. Nonces are the caller's to
 * keep secret and use once (main/files/frost-nonces.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1 } from '@noble/curves/secp256k1.js';
import { aarray, abytes, aobject, astring, bytesToHex, hexToBytesStrict, utf8ToBytes, type Rng } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { exactObject } from '../formats/set-public.js';
import { equalConstantTime } from '../math/commitments.js';
import {
  type FrostAlgo,
  type FrostChildKey,
  type FrostWallet,
  MAX_FROST_MESSAGE_BYTES,
  checkFrostWallet,
  frostGroupKey,
  frostIdentifier,
  frostVerify,
  frostWalletIdOf,
} from './kinds/frost.js';

export const REQUEST_FORMAT = 'jointkey-frost-request';
export const COMMITMENT_FORMAT = 'jointkey-frost-commitment';
export const SHARE_FORMAT = 'jointkey-frost-share';

/** A coordinator's signing request: public, sent to every chosen holder. */
export interface FrostRequestJson {
  format: typeof REQUEST_FORMAT;
  version: 1;
  id: string;
  createdAt: string;
  wallet: {
    walletId: string;
    label: string;
    algo: FrostAlgo;
    threshold: number;
    holders: string[];
    internalKey: string | null;
    commitments: string[];
    verifyingShares: Record<string, string>;
  };
  messageHex: string;
  /** What is signed, in the plain words every holder reads before answering. */
  whatIsSigned: string[];
  /** The holders who sign (indices, ascending). */
  signers: number[];
}

export interface FrostCommitmentJson {
  format: typeof COMMITMENT_FORMAT;
  version: 1;
  requestId: string;
  requestHash: string;
  index: number;
  hiding: string;
  binding: string;
}

export interface FrostShareJson {
  format: typeof SHARE_FORMAT;
  version: 1;
  requestId: string;
  requestHash: string;
  index: number;
  share: string;
}

/** A parsed, checked request. */
export interface FrostRequest {
  json: FrostRequestJson;
  hash: string;
  wallet: FrostWallet;
  message: Uint8Array;
}

/** One holder's nonces (secret: used once, then wiped). */
export interface FrostNonces {
  hiding: Uint8Array;
  binding: Uint8Array;
}

const suite = (algo: FrostAlgo) => (algo === 'bip340' ? schnorr_FROST : ed25519_FROST);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function hashOf(json: FrostRequestJson): string {
  return bytesToHex(sha256(utf8ToBytes(`jointkey/frost-request/v1\n${canonical(json)}`)));
}

function bad(what: string): JointKeyError {
  return new JointKeyError(
    'TAMPERED_FILE',
    `This FROST signing request is not valid: ${what}. Ask the coordinator for a new request.`,
  );
}

/**
 * A new signing request for `wallet`: `message` described by `whatIsSigned`, signed by `signers`
 * (exactly the wallet's threshold of distinct holders). `id` is 16 random bytes.
 */
export function frostRequest(
  wallet: FrostWallet,
  message: Uint8Array,
  whatIsSigned: readonly string[],
  signers: readonly number[],
  id: Uint8Array,
  createdAt: string,
): FrostRequest {
  checkFrostWallet(wallet);
  abytes(message, 'message');
  if (message.length > MAX_FROST_MESSAGE_BYTES)
    throw new RangeError(`message must be at most ${MAX_FROST_MESSAGE_BYTES} bytes, got ${message.length}`);
  abytes(id, 'id', 16);
  aarray(whatIsSigned, 'whatIsSigned', 1, 64);
  whatIsSigned.forEach((l, i) => astring(l, `whatIsSigned[${i}]`, 4096));
  aarray(signers, 'signers', 1, 255);
  astring(createdAt, 'createdAt', 64);
  const sorted = [...new Set(signers)].sort((a, b) => a - b);
  if (sorted.length !== signers.length)
    throw new JointKeyError('INVALID_ARGUMENT', 'A holder is named twice in --signers: name each signer once.');
  if (sorted.some((i) => !Number.isInteger(i) || i < 1 || i > wallet.labels.length))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The signers must be holders 1 to ${wallet.labels.length} of this wallet.`,
    );
  if (sorted.length !== wallet.threshold)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `This wallet needs ${wallet.threshold} signers, and ${sorted.length} were named. Name exactly ${wallet.threshold} holders.`,
    );
  const json: FrostRequestJson = {
    format: REQUEST_FORMAT,
    version: 1,
    id: bytesToHex(id),
    createdAt,
    wallet: {
      walletId: bytesToHex(frostWalletIdOf(wallet)),
      label: wallet.walletLabel,
      algo: wallet.algo,
      threshold: wallet.threshold,
      holders: [...wallet.labels],
      internalKey: wallet.internalKey,
      commitments: [...wallet.commitments],
      verifyingShares: { ...wallet.verifyingShares },
    },
    messageHex: bytesToHex(message),
    whatIsSigned: [...whatIsSigned],
    signers: sorted,
  };
  return { json, hash: hashOf(json), wallet, message };
}

/** Parses and checks a request: its wallet's public data holds together and matches its id. */
export function frostRequestFromJson(value: unknown): FrostRequest {
  const o = exactObject(value, 'the request', [
    'format',
    'version',
    'id',
    'createdAt',
    'wallet',
    'messageHex',
    'whatIsSigned',
    'signers',
  ]);
  if (o['format'] !== REQUEST_FORMAT) throw bad('it is not a FROST signing request');
  if (o['version'] !== 1)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      'This signing request is newer than this JointKey. Update JointKey.',
    );
  const w = exactObject(o['wallet'], 'the request’s wallet', [
    'walletId',
    'label',
    'algo',
    'threshold',
    'holders',
    'internalKey',
    'commitments',
    'verifyingShares',
  ]);
  let wallet: FrostWallet;
  try {
    wallet = checkFrostWallet({
      walletLabel: w['label'] as string,
      labels: w['holders'] as string[],
      algo: w['algo'] as FrostAlgo,
      threshold: w['threshold'] as number,
      internalKey: w['internalKey'] as string | null,
      commitments: w['commitments'] as string[],
      verifyingShares: w['verifyingShares'] as Record<string, string>,
    });
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError)
      throw bad(`its wallet's public data does not hold together (${e.message})`);
    throw e;
  }
  if (w['walletId'] !== bytesToHex(frostWalletIdOf(wallet)))
    throw bad('its wallet id does not match the wallet’s public data');
  let message: Uint8Array;
  let id: Uint8Array;
  try {
    message = hexToBytesStrict(o['messageHex'], 'messageHex');
    id = hexToBytesStrict(o['id'], 'id');
  } catch {
    throw bad('its message or id is not hex');
  }
  const lines = o['whatIsSigned'];
  if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string')) throw bad('what it signs is not described');
  if (typeof o['createdAt'] !== 'string') throw bad('it has no date');
  const parsed = frostRequest(wallet, message, lines as string[], o['signers'] as number[], id, o['createdAt']);
  if (parsed.hash !== hashOf(o as unknown as FrostRequestJson)) throw bad('its fields are not in their canonical form');
  return parsed;
}

function checkSigner(req: FrostRequest, ck: FrostChildKey): void {
  if (!equalConstantTime(frostWalletIdOf(ck.wallet), frostWalletIdOf(req.wallet)))
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      `This child key belongs to “${ck.wallet.walletLabel}”, and the request is for “${req.wallet.walletLabel}”. Use your child key of that wallet.`,
    );
  if (!req.json.signers.includes(ck.index))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${ck.label} (holder ${ck.index}) is not one of the signers this request names (${req.json.signers.map((i) => req.wallet.labels[i - 1]).join(', ')}).`,
    );
}

/** Round 1 for holder `ck`: fresh nonces (keep them secret, use once) and the public commitment. */
export function frostCommit(
  req: FrostRequest,
  ck: FrostChildKey,
  rng?: Rng,
): { commitment: FrostCommitmentJson; nonces: FrostNonces } {
  checkSigner(req, ck);
  const F = suite(req.wallet.algo);
  const { nonces, commitments } = F.commit(
    { identifier: frostIdentifier(req.wallet.algo, ck.index), signingShare: ck.signingShare },
    rng as never,
  );
  return {
    nonces: { hiding: nonces.hiding, binding: nonces.binding },
    commitment: {
      format: COMMITMENT_FORMAT,
      version: 1,
      requestId: req.json.id,
      requestHash: req.hash,
      index: ck.index,
      hiding: bytesToHex(commitments.hiding),
      binding: bytesToHex(commitments.binding),
    },
  };
}

function boundTo(req: FrostRequest, what: string, value: Record<string, unknown>): Record<string, unknown> {
  if (value['requestHash'] !== req.hash)
    throw new JointKeyError(
      'REQUEST_CHANGED',
      `A ${what} was made for another request, or the request was changed after it was made. Use the request the holders answered, unchanged.`,
    );
  return value;
}

/** The round-1 commitments of every signer, checked: one per signer, bound to this request. */
export function frostCommitmentsFrom(req: FrostRequest, values: readonly unknown[]) {
  const byIndex = new Map<number, { identifier: string; hiding: Uint8Array; binding: Uint8Array }>();
  for (const v of values) {
    const o = boundTo(
      req,
      'commitment',
      exactObject(v, 'a commitment', ['format', 'version', 'requestId', 'requestHash', 'index', 'hiding', 'binding']),
    );
    if (o['format'] !== COMMITMENT_FORMAT || o['version'] !== 1)
      throw bad('a commitment file is not a FROST commitment');
    const index = o['index'] as number;
    if (!req.json.signers.includes(index))
      throw bad(`a commitment comes from holder ${String(index)}, who is not a signer`);
    if (byIndex.has(index))
      throw new JointKeyError(
        'DUPLICATE_CHILD_KEY',
        `${req.wallet.labels[index - 1]}'s commitment was given twice. Give each signer's once.`,
      );
    byIndex.set(index, {
      identifier: frostIdentifier(req.wallet.algo, index),
      hiding: hexToBytesStrict(o['hiding'], 'hiding'),
      binding: hexToBytesStrict(o['binding'], 'binding'),
    });
  }
  const missing = req.json.signers.filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new JointKeyError(
      'TOO_FEW_CHILD_KEYS',
      `The commitments of ${missing.map((i) => req.wallet.labels[i - 1]).join(', ')} are missing. Gather every signer's commitment first.`,
    );
  return req.json.signers.map((i) => byIndex.get(i) as { identifier: string; hiding: Uint8Array; binding: Uint8Array });
}

/**
 * Round 2 for holder `ck`: their signature share, from the nonces they made in round 1 (consumed:
 * the caller has already removed them from storage). Refuses when the commitment listed for them
 * is not the one their nonces make.
 */
export function frostRespond(
  req: FrostRequest,
  commitments: readonly unknown[],
  ck: FrostChildKey,
  nonces: FrostNonces,
): FrostShareJson {
  checkSigner(req, ck);
  aobject(nonces, 'nonces');
  const list = frostCommitmentsFrom(req, commitments);
  const F = suite(req.wallet.algo);
  const secret = { identifier: frostIdentifier(req.wallet.algo, ck.index), signingShare: ck.signingShare };
  const mine = list.find((c) => c.identifier === secret.identifier);
  if (
    !mine ||
    !equalConstantTime(commitmentOf(req.wallet.algo, nonces.hiding), mine.hiding) ||
    !equalConstantTime(commitmentOf(req.wallet.algo, nonces.binding), mine.binding)
  )
    throw new JointKeyError(
      'REQUEST_CHANGED',
      `The commitment listed for ${ck.label} is not the one this computer made for this request. Use the commitment file ${ck.label} made, unchanged.`,
    );
  const share = F.signShare(
    secret,
    publicPackage(req.wallet),
    { hiding: nonces.hiding, binding: nonces.binding },
    list,
    req.message,
  );
  return {
    format: SHARE_FORMAT,
    version: 1,
    requestId: req.json.id,
    requestHash: req.hash,
    index: ck.index,
    share: bytesToHex(share),
  };
}

/** A nonce's public commitment: nonce·G, as round 1 published it. */
function commitmentOf(algo: FrostAlgo, nonce: Uint8Array): Uint8Array {
  const P = algo === 'bip340' ? secp256k1.Point : ed25519.Point;
  return P.BASE.multiply(P.Fn.fromBytes(nonce)).toBytes();
}

function publicPackage(w: FrostWallet) {
  return {
    signers: { min: w.threshold, max: w.labels.length },
    commitments: w.commitments.map((c) => hexToBytesStrict(c, 'commitment')),
    verifyingShares: Object.fromEntries(
      Object.entries(w.verifyingShares).map(([id, v]) => [id, hexToBytesStrict(v, 'verifyingShare')]),
    ),
  };
}

/**
 * The coordinator's last step: checks every signer's share (naming any that does not verify),
 * aggregates, and verifies the signature against the group key with the chain's own verifier.
 */
export function frostAggregate(
  req: FrostRequest,
  commitments: readonly unknown[],
  shares: readonly unknown[],
): { signatureHex: string; publicKeyHex: string } {
  const list = frostCommitmentsFrom(req, commitments);
  const F = suite(req.wallet.algo);
  const pub = publicPackage(req.wallet);
  const byId: Record<string, Uint8Array> = {};
  for (const v of shares) {
    const o = boundTo(
      req,
      'signature share',
      exactObject(v, 'a signature share', ['format', 'version', 'requestId', 'requestHash', 'index', 'share']),
    );
    if (o['format'] !== SHARE_FORMAT || o['version'] !== 1) throw bad('a share file is not a FROST signature share');
    const index = o['index'] as number;
    if (!req.json.signers.includes(index)) throw bad(`a share comes from holder ${String(index)}, who is not a signer`);
    const id = frostIdentifier(req.wallet.algo, index);
    let share: Uint8Array;
    try {
      share = hexToBytesStrict(o['share'], 'share');
    } catch {
      share = new Uint8Array(0);
    }
    if (share.length === 0 || !F.verifyShare(pub, list, req.message, id, share))
      throw new JointKeyError(
        'INVALID_SIGNATURE_SHARE',
        `${req.wallet.labels[index - 1]}'s signature share does not verify: it was made with another child key, for other commitments, or changed. Ask ${req.wallet.labels[index - 1]} to answer again with their own child key.`,
      );
    byId[id] = share;
  }
  const missing = req.json.signers.filter((i) => !byId[frostIdentifier(req.wallet.algo, i)]);
  if (missing.length > 0)
    throw new JointKeyError(
      'TOO_FEW_CHILD_KEYS',
      `The signature shares of ${missing.map((i) => req.wallet.labels[i - 1]).join(', ')} are missing.`,
    );
  const signature = F.aggregate(pub, list, req.message, byId);
  if (!frostVerify(req.wallet, signature, req.message))
    throw new Error('the aggregated FROST signature does not verify');
  const key = frostGroupKey(req.wallet);
  return {
    signatureHex: bytesToHex(signature),
    publicKeyHex: bytesToHex(req.wallet.algo === 'bip340' ? key.subarray(1) : key),
  };
}
