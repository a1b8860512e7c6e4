/**
 * FROST signing across computers (RFC 9591 §5): a coordinator's request (what is signed, in plain
 * words; which holders sign), each holder's round-1 commitment and round-2 signature share, and the
 * aggregation that names any holder whose share does not verify. Every message is public JSON bound
 * to the request's hash, so a request altered between rounds is refused. Nonces are the caller's to
 * keep secret and use once (main/files/frost-nonces.ts).
 *
 * A request signs one message (version 1: `messageHex`) or a Bitcoin PSBT's Taproot inputs
 * (version 2: `psbt`), one FROST signature per input over its BIP-341 sighash, which each holder
 * computes from the PSBT itself — the coordinator's words and hashes are never taken on trust. With
 * k messages, a holder's nonces, commitments and signature shares are k of each, concatenated in
 * the request's order (commitments: k points; shares and nonces: k scalars of 32 bytes).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr_FROST, secp256k1 } from '@noble/curves/secp256k1.js';
import {
  aarray,
  abytes,
  aobject,
  astring,
  bytesToHex,
  concatBytes,
  hexToBytesStrict,
  utf8ToBytes,
  type Rng,
} from '../bytes.js';
import { base64 } from '@scure/base';
import { JointKeyError } from '../errors.js';
import type { BitcoinNetworkName } from '../chains/bitcoin/network.js';
import { type PsbtOptions, psbtBytes, taprootSighashes } from '../chains/bitcoin/psbt.js';
import { exactObject } from '../formats/set-public.js';
import { describeRequest } from './session.js';
import { equalConstantTime } from '../math/commitments.js';
import {
  type FrostAlgo,
  type FrostChildKey,
  type FrostWallet,
  MAX_FROST_MESSAGE_BYTES,
  checkFrostWallet,
  frostGroupKey,
  frostIdentifier,
  frostPsbtWallet,
  frostVerify,
  frostWalletIdOf,
} from './kinds/frost.js';

export const REQUEST_FORMAT = 'jointkey-frost-request';
export const COMMITMENT_FORMAT = 'jointkey-frost-commitment';
export const SHARE_FORMAT = 'jointkey-frost-share';

/** A coordinator's signing request: public, sent to every chosen holder. */
export interface FrostRequestJson {
  format: typeof REQUEST_FORMAT;
  /** 1: a message (`messageHex`); 2: a PSBT's Taproot inputs (`psbt`). */
  version: 1 | 2;
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
  /** Version 1: the message signed. */
  messageHex?: string;
  /** Version 2: the PSBT (binary, base64) and how it is read (the network stated, a high fee accepted). */
  psbt?: { base64: string; network: BitcoinNetworkName | null; acceptHighFee: boolean };
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
  /** What each signature signs: the message, or each Taproot input's sighash, in order. */
  messages: Uint8Array[];
  /** A PSBT request's PSBT (binary) and options, and the inputs its signatures go to. */
  psbt?: { bytes: Uint8Array; options: PsbtOptions; inputs: number[] };
}

/** One holder's nonces (secret: used once, then wiped): one 32-byte pair per message, concatenated. */
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

/** Checks the parts every request has and builds its JSON (without `messageHex` / `psbt`). */
function requestJson(
  wallet: FrostWallet,
  version: 1 | 2,
  whatIsSigned: readonly string[],
  signers: readonly number[],
  id: Uint8Array,
  createdAt: string,
): FrostRequestJson {
  checkFrostWallet(wallet);
  abytes(id, 'id', 16);
  aarray(whatIsSigned, 'whatIsSigned', 1, 1024);
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
  return {
    format: REQUEST_FORMAT,
    version,
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
    whatIsSigned: [...whatIsSigned],
    signers: sorted,
  };
}

/** The JSON with its fields in the order they are written (the hash is over the canonical form either way). */
function ordered(json: FrostRequestJson): FrostRequestJson {
  const { format, version, id, createdAt, wallet, messageHex, psbt, whatIsSigned, signers } = json;
  return {
    format,
    version,
    id,
    createdAt,
    wallet,
    ...(messageHex !== undefined ? { messageHex } : {}),
    ...(psbt !== undefined ? { psbt } : {}),
    whatIsSigned,
    signers,
  };
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
  const json = ordered({
    ...requestJson(wallet, 1, whatIsSigned, signers, id, createdAt),
    messageHex: bytesToHex(message),
  });
  return { json, hash: hashOf(json), wallet, messages: [message] };
}

/**
 * A new signing request for a Taproot FROST wallet's inputs of `psbt` (binary or base64): described
 * in plain words for the wallet ({@link taprootSighashes}, which refuses what describePsbt refuses),
 * one signature per Taproot input of the wallet, signed by `signers`.
 */
export function frostPsbtRequest(
  wallet: FrostWallet,
  psbt: Uint8Array,
  options: PsbtOptions,
  signers: readonly number[],
  id: Uint8Array,
  createdAt: string,
): FrostRequest {
  const psbtWallet = frostPsbtWallet(wallet);
  abytes(psbt, 'psbt');
  aobject(options, 'options');
  const bytes = psbtBytes(psbt);
  const t = taprootSighashes(bytes, psbtWallet, options);
  const json = ordered({
    ...requestJson(wallet, 2, t.description.lines, signers, id, createdAt),
    psbt: {
      base64: base64.encode(bytes),
      network: options.network ?? null,
      acceptHighFee: options.acceptHighFee === true,
    },
  });
  return {
    json,
    hash: hashOf(json),
    wallet,
    messages: t.sighashes,
    psbt: {
      bytes,
      options: { network: options.network, acceptHighFee: options.acceptHighFee === true },
      inputs: t.inputs,
    },
  };
}

/** Parses and checks a request: its wallet's public data holds together and matches its id. */
export function frostRequestFromJson(value: unknown): FrostRequest {
  aobject(value, 'the request');
  const version = (value as Record<string, unknown>)['version'];
  if ((value as Record<string, unknown>)['format'] !== REQUEST_FORMAT) throw bad('it is not a FROST signing request');
  if (version !== 1 && version !== 2)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      'This signing request is newer than this JointKey. Update JointKey.',
    );
  const o = exactObject(value, 'the request', [
    'format',
    'version',
    'id',
    'createdAt',
    'wallet',
    version === 1 ? 'messageHex' : 'psbt',
    'whatIsSigned',
    'signers',
  ]);
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
  let id: Uint8Array;
  try {
    id = hexToBytesStrict(o['id'], 'id');
  } catch {
    throw bad('its id is not hex');
  }
  const lines = o['whatIsSigned'];
  if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string')) throw bad('what it signs is not described');
  if (typeof o['createdAt'] !== 'string') throw bad('it has no date');
  const signers = o['signers'] as number[];
  let parsed: FrostRequest;
  if (version === 1) {
    let message: Uint8Array;
    try {
      message = hexToBytesStrict(o['messageHex'], 'messageHex');
    } catch {
      throw bad('its message is not hex');
    }
    parsed = frostRequest(wallet, message, lines as string[], signers, id, o['createdAt']);
    // Each holder's JointKey says itself what a message is: the words in the request must be those.
    if (canonical(describeRequest({ kind: 'message', algo: wallet.algo, message })) !== canonical(lines))
      throw bad('the words it shows are not what its message is');
  } else {
    // Each holder reads the PSBT and describes it for themselves: the words in the request must be those.
    const p = exactObject(o['psbt'], 'the request’s PSBT', ['base64', 'network', 'acceptHighFee']);
    if (typeof p['base64'] !== 'string' || typeof p['acceptHighFee'] !== 'boolean')
      throw bad('its PSBT is not base64 text with its options');
    let bytes: Uint8Array;
    try {
      bytes = base64.decode(p['base64']);
    } catch {
      throw bad('its PSBT is not base64');
    }
    const options: PsbtOptions = {
      network: p['network'] === null ? undefined : (p['network'] as BitcoinNetworkName),
      acceptHighFee: p['acceptHighFee'],
    };
    parsed = frostPsbtRequest(wallet, bytes, options, signers, id, o['createdAt']);
    if (canonical(parsed.json.whatIsSigned) !== canonical(lines))
      throw bad('the words it shows are not what its PSBT says');
  }
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

/** Round 1 for holder `ck`: fresh nonces (keep them secret, use once) and the public commitment, one per message. */
export function frostCommit(
  req: FrostRequest,
  ck: FrostChildKey,
  rng?: Rng,
): { commitment: FrostCommitmentJson; nonces: FrostNonces } {
  checkSigner(req, ck);
  const F = suite(req.wallet.algo);
  const each = req.messages.map(() =>
    F.commit({ identifier: frostIdentifier(req.wallet.algo, ck.index), signingShare: ck.signingShare }, rng as never),
  );
  const nonces = {
    hiding: concatBytes(...each.map((e) => e.nonces.hiding)),
    binding: concatBytes(...each.map((e) => e.nonces.binding)),
  };
  for (const e of each) {
    e.nonces.hiding.fill(0);
    e.nonces.binding.fill(0);
  }
  return {
    nonces,
    commitment: {
      format: COMMITMENT_FORMAT,
      version: 1,
      requestId: req.json.id,
      requestHash: req.hash,
      index: ck.index,
      hiding: bytesToHex(concatBytes(...each.map((e) => e.commitments.hiding))),
      binding: bytesToHex(concatBytes(...each.map((e) => e.commitments.binding))),
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

type Commitment = { identifier: string; hiding: Uint8Array; binding: Uint8Array };

/** `bytes` cut into `k` pieces of `size`, or undefined when it is not exactly that long. */
function pieces(bytes: Uint8Array, k: number, size: number): Uint8Array[] | undefined {
  if (bytes.length !== k * size) return undefined;
  return Array.from({ length: k }, (_, m) => bytes.slice(m * size, (m + 1) * size));
}

/**
 * The round-1 commitments of every signer, checked: one per signer, bound to this request, holding
 * one nonce commitment pair per message. Returned per message: `[message][signer]`.
 */
export function frostCommitmentsFrom(req: FrostRequest, values: readonly unknown[]): Commitment[][] {
  aarray(values, 'commitments', 0, 255);
  const k = req.messages.length;
  const size = req.wallet.algo === 'bip340' ? 33 : 32;
  const byIndex = new Map<number, Commitment[]>();
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
    const hiding = pieces(hexToBytesStrict(o['hiding'], 'hiding'), k, size);
    const binding = pieces(hexToBytesStrict(o['binding'], 'binding'), k, size);
    if (!hiding || !binding)
      throw bad(`${req.wallet.labels[index - 1]}'s commitment does not hold one nonce commitment per message (${k})`);
    const identifier = frostIdentifier(req.wallet.algo, index);
    byIndex.set(
      index,
      hiding.map((h, m) => ({ identifier, hiding: h, binding: binding[m] as Uint8Array })),
    );
  }
  const missing = req.json.signers.filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new JointKeyError(
      'TOO_FEW_CHILD_KEYS',
      `The commitments of ${missing.map((i) => req.wallet.labels[i - 1]).join(', ')} are missing. Gather every signer's commitment first.`,
    );
  return req.messages.map((_, m) => req.json.signers.map((i) => (byIndex.get(i) as Commitment[])[m] as Commitment));
}

/**
 * Round 2 for holder `ck`: their signature shares, one per message, from the nonces they made in
 * round 1 (consumed: the caller has already removed them from storage). Refuses when a commitment
 * listed for them is not the one their nonces make.
 */
export function frostRespond(
  req: FrostRequest,
  commitments: readonly unknown[],
  ck: FrostChildKey,
  nonces: FrostNonces,
): FrostShareJson {
  checkSigner(req, ck);
  aobject(nonces, 'nonces');
  const k = req.messages.length;
  const hiding = pieces(nonces.hiding, k, 32);
  const binding = pieces(nonces.binding, k, 32);
  if (!hiding || !binding) throw new RangeError(`nonces must hold ${k} pairs of 32-byte nonces`);
  const lists = frostCommitmentsFrom(req, commitments);
  const F = suite(req.wallet.algo);
  const secret = { identifier: frostIdentifier(req.wallet.algo, ck.index), signingShare: ck.signingShare };
  const changed = () =>
    new JointKeyError(
      'REQUEST_CHANGED',
      `The commitment listed for ${ck.label} is not the one this computer made for this request. Use the commitment file ${ck.label} made, unchanged.`,
    );
  const shares = req.messages.map((message, m) => {
    const list = lists[m] as Commitment[];
    const mine = list.find((c) => c.identifier === secret.identifier);
    const h = hiding[m] as Uint8Array;
    const b = binding[m] as Uint8Array;
    if (
      !mine ||
      !equalConstantTime(commitmentOf(req.wallet.algo, h), mine.hiding) ||
      !equalConstantTime(commitmentOf(req.wallet.algo, b), mine.binding)
    )
      throw changed();
    return F.signShare(secret, publicPackage(req.wallet), { hiding: h, binding: b }, list, message);
  });
  for (const x of [...hiding, ...binding]) x.fill(0);
  return {
    format: SHARE_FORMAT,
    version: 1,
    requestId: req.json.id,
    requestHash: req.hash,
    index: ck.index,
    share: bytesToHex(concatBytes(...shares)),
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
 * The coordinator's last step: checks every signer's shares (naming any holder whose share does not
 * verify), aggregates one signature per message, and verifies each against the group key with the
 * chain's own verifier. `signatureHex` is the message request's signature; `signaturesHex`, every
 * signature in the request's order (a PSBT request's, one per Taproot input).
 */
export function frostAggregate(
  req: FrostRequest,
  commitments: readonly unknown[],
  shares: readonly unknown[],
): { signatureHex?: string; signaturesHex: string[]; publicKeyHex: string } {
  aarray(shares, 'shares', 0, 255);
  const lists = frostCommitmentsFrom(req, commitments);
  const F = suite(req.wallet.algo);
  const pub = publicPackage(req.wallet);
  const k = req.messages.length;
  const byId: Record<string, Uint8Array>[] = req.messages.map(() => ({}));
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
    let each: Uint8Array[] | undefined;
    try {
      each = pieces(hexToBytesStrict(o['share'], 'share'), k, 32);
    } catch {
      each = undefined;
    }
    const holder = req.wallet.labels[index - 1];
    if (
      !each ||
      each.some((share, m) => !F.verifyShare(pub, lists[m] as Commitment[], req.messages[m] as Uint8Array, id, share))
    )
      throw new JointKeyError(
        'INVALID_SIGNATURE_SHARE',
        `${holder}'s signature share does not verify: it was made with another child key, for other commitments, or changed. Ask ${holder} to answer again with their own child key.`,
      );
    each.forEach((share, m) => ((byId[m] as Record<string, Uint8Array>)[id] = share));
  }
  const missing = req.json.signers.filter(
    (i) => !(byId[0] as Record<string, Uint8Array>)[frostIdentifier(req.wallet.algo, i)],
  );
  if (missing.length > 0)
    throw new JointKeyError(
      'TOO_FEW_CHILD_KEYS',
      `The signature shares of ${missing.map((i) => req.wallet.labels[i - 1]).join(', ')} are missing.`,
    );
  const signatures = req.messages.map((message, m) => {
    const signature = F.aggregate(pub, lists[m] as Commitment[], message, byId[m] as Record<string, Uint8Array>);
    if (!frostVerify(req.wallet, signature, message)) throw new Error('the aggregated FROST signature does not verify');
    return bytesToHex(signature);
  });
  const key = frostGroupKey(req.wallet);
  return {
    ...(req.psbt === undefined ? { signatureHex: signatures[0] as string } : {}),
    signaturesHex: signatures,
    publicKeyHex: bytesToHex(req.wallet.algo === 'bip340' ? key.subarray(1) : key),
  };
}
