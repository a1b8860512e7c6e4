/**
 * The wallet record: a shared wallet's public data only — label, curve, public key, addresses,
 * scheme, N, t, holder labels, set id and the set's commitments (its full public data) — as JSON in
 * the app's data folder — and every holder's receipt from the split ceremony (main/core/ceremony.ts):
 * a record is written only when every holder has confirmed their child key. Never the key, never a
 * child key. Parsing is strict, recomputes the addresses and the set id, and refuses a record
 * edited by hand.
 */
import { aarray, afunction, astring, bytesToHex, hexToBytesStrict } from './bytes.js';
import { RECEIPT_METHODS, type Receipt } from './ceremony.js';
import type { CurveRef, SetPublic } from './child-key.js';
import { JointKeyError } from './errors.js';
import { addressesOf } from './addresses.js';
import { type Slip39Wallet, checkWallet, slip39WalletIdOf } from './slip39-wallet.js';
import { type SetPublicJson, exactObject, setIdOf, setPublicFromJson, setPublicToJson } from './set-public.js';

export const WALLET_FORMAT = 'jointkey-wallet';

export interface WalletRecordJson {
  format: typeof WALLET_FORMAT;
  version: 1;
  /** The set id (hex): a wallet record describes one split of one key. */
  id: string;
  label: string;
  curve: CurveRef | null;
  /** Public key (curve key) or the secret's fingerprint, hex. */
  publicKey: string;
  addresses: Record<string, string>;
  scheme: string;
  parties: number;
  threshold: number;
  holders: string[];
  createdAt: string;
  /** One per holder, in holder order: how and when each confirmed their child key. */
  receipts: Receipt[];
  set: SetPublicJson;
}

export type AddressesOf = (curve: CurveRef, publicKey: Uint8Array) => Record<string, string>;

/** The addresses a person sees: Ethereum, Bitcoin P2WPKH and P2TR for secp256k1; base58 for Ed25519. */
export const defaultAddresses: AddressesOf = (curve, publicKey) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(addressesOf(curve, publicKey))) if (typeof v === 'string') out[k] = v;
  return out;
};

function receiptsOf(labels: readonly string[], receipts: readonly Receipt[]): Receipt[] {
  aarray(receipts, 'receipts', 0, 255);
  const bad = (why: string) =>
    new JointKeyError(
      'RECEIPT_MISSING',
      `A wallet is recorded only when every holder has confirmed their child key: ${why}. Finish the split ceremony first.`,
    );
  if (receipts.length !== labels.length) throw bad(`${receipts.length} of ${labels.length} receipts`);
  return receipts.map((r, i) => {
    if (typeof r !== 'object' || r === null) throw bad(`receipt ${i + 1} is not a receipt`);
    const label = labels[i] as string;
    if (r.index !== i + 1 || r.holder !== label) throw bad(`receipt ${i + 1} is not ${label}'s`);
    if (!RECEIPT_METHODS.includes(r.method)) throw bad(`${label}'s receipt has no method`);
    if (typeof r.confirmedAt !== 'string' || Number.isNaN(Date.parse(r.confirmedAt)))
      throw bad(`${label}'s receipt has no date`);
    return { index: r.index, holder: r.holder, method: r.method, confirmedAt: r.confirmedAt };
  });
}

/**
 * The wallet record of a set. `createdAt` is an ISO date; `receipts` one per holder in holder order
 * (JointKeyError RECEIPT_MISSING otherwise).
 */
export function walletRecordOf(
  set: SetPublic,
  createdAt: string,
  receipts: readonly Receipt[],
  addressesOf: AddressesOf = defaultAddresses,
): WalletRecordJson {
  astring(createdAt, 'createdAt', 64);
  afunction(addressesOf, 'addressesOf');
  const checked = receiptsOf(set.labels, receipts);
  return {
    format: WALLET_FORMAT,
    version: 1,
    id: bytesToHex(setIdOf(set)),
    label: set.walletLabel,
    curve: set.curve,
    publicKey: bytesToHex(set.walletId),
    addresses: set.curve ? addressesOf(set.curve, set.walletId) : {},
    scheme: set.scheme,
    parties: set.parties,
    threshold: set.threshold,
    holders: [...set.labels],
    createdAt,
    receipts: checked,
    set: setPublicToJson(set),
  };
}

const KEYS = [
  'format',
  'version',
  'id',
  'label',
  'curve',
  'publicKey',
  'addresses',
  'scheme',
  'parties',
  'threshold',
  'holders',
  'createdAt',
  'receipts',
  'set',
] as const;

/**
 * Parses a wallet record and checks it: the set's data against its set id, and every readable field
 * against the set (addresses recomputed). Throws JointKeyError TAMPERED_FILE naming the field, or
 * UNSUPPORTED_VERSION.
 */
export function walletRecordFromJson(
  value: unknown,
  addressesOf: AddressesOf = defaultAddresses,
): { record: WalletRecordJson; set: SetPublic } {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)['format'] !== WALLET_FORMAT)
    throw new JointKeyError(
      'TAMPERED_FILE',
      'This is not a JointKey wallet record. Choose a file from the wallets folder.',
    );
  if ((value as Record<string, unknown>)['version'] !== 1)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      'This wallet record was written by a newer JointKey. Update JointKey.',
    );
  const o = exactObject(value, 'the wallet record', KEYS);
  const set = setPublicFromJson(o['set']);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw new JointKeyError(
      'TAMPERED_FILE',
      'The wallet record was edited: its creation date is not a date. Restore it from a backup.',
    );
  let expected: WalletRecordJson;
  try {
    expected = walletRecordOf(set, o['createdAt'], o['receipts'] as Receipt[], addressesOf);
  } catch (e) {
    if (!(e instanceof JointKeyError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw new JointKeyError(
      'TAMPERED_FILE',
      'The wallet record was edited: its receipts are not one per holder. Restore it from a backup.',
    );
  }
  for (const k of KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw new JointKeyError(
        'TAMPERED_FILE',
        `The wallet record was edited: its "${k}" does not match the wallet's public data. Restore it from a backup or a holder's child-key file.`,
      );
  return { record: expected, set };
}

/** A SLIP-39 wallet's record: the same public fields, and SLIP-39's public parameters instead of a set. */
export interface Slip39WalletRecordJson extends Omit<WalletRecordJson, 'set' | 'curve' | 'scheme'> {
  curve: CurveRef;
  scheme: 'slip39';
  slip39: {
    identifier: number;
    extendable: boolean;
    iterationExponent: number;
    groupThreshold: 1;
    groupCount: 1;
    memberThreshold: number;
  };
}

/**
 * The wallet record of a SLIP-39 wallet (public data only: never a mnemonic), with one receipt per
 * holder in holder order (JointKeyError RECEIPT_MISSING otherwise).
 */
export function slip39WalletRecordOf(
  wallet: Slip39Wallet,
  createdAt: string,
  receipts: readonly Receipt[],
  addressesOf: AddressesOf = defaultAddresses,
): Slip39WalletRecordJson {
  checkWallet(wallet);
  astring(createdAt, 'createdAt', 64);
  afunction(addressesOf, 'addressesOf');
  const checked = receiptsOf(wallet.labels, receipts);
  return {
    format: WALLET_FORMAT,
    version: 1,
    id: bytesToHex(slip39WalletIdOf(wallet)),
    label: wallet.walletLabel,
    curve: wallet.curve,
    publicKey: bytesToHex(wallet.publicKey),
    addresses: addressesOf(wallet.curve, wallet.publicKey),
    scheme: 'slip39',
    parties: wallet.labels.length,
    threshold: wallet.threshold,
    holders: [...wallet.labels],
    createdAt,
    receipts: checked,
    slip39: {
      identifier: wallet.identifier,
      extendable: wallet.extendable,
      iterationExponent: wallet.iterationExponent,
      groupThreshold: 1,
      groupCount: 1,
      memberThreshold: wallet.threshold,
    },
  };
}

const SLIP39_KEYS = [...KEYS.filter((k) => k !== 'set'), 'slip39'] as const;

/** A parsed wallet record of either kind: a JointKey set's, or a SLIP-39 wallet's. */
export type AnyWalletRecord =
  | { record: WalletRecordJson; set: SetPublic; slip39?: undefined }
  | { record: Slip39WalletRecordJson; slip39: Slip39Wallet; set?: undefined };

function edited(what: string): JointKeyError {
  return new JointKeyError(
    'TAMPERED_FILE',
    `The wallet record was edited: ${what}. Restore it from a backup or a holder's child-key file.`,
  );
}

/**
 * Parses a wallet record of either kind, as strictly as {@link walletRecordFromJson}: a SLIP-39
 * record's fields are checked against each other, its id and addresses recomputed. Throws
 * JointKeyError TAMPERED_FILE naming the field, or UNSUPPORTED_VERSION.
 */
export function anyWalletRecordFromJson(value: unknown, addressesOf: AddressesOf = defaultAddresses): AnyWalletRecord {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)['scheme'] !== 'slip39')
    return walletRecordFromJson(value, addressesOf);
  if (
    (value as Record<string, unknown>)['format'] !== WALLET_FORMAT ||
    (value as Record<string, unknown>)['version'] !== 1
  )
    return walletRecordFromJson(value, addressesOf);
  const o = exactObject(value, 'the wallet record', SLIP39_KEYS);
  const p = exactObject(o['slip39'], 'the wallet record’s SLIP-39 parameters', [
    'identifier',
    'extendable',
    'iterationExponent',
    'groupThreshold',
    'groupCount',
    'memberThreshold',
  ]);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw edited('its creation date is not a date');
  let wallet: Slip39Wallet;
  let expected: Slip39WalletRecordJson;
  try {
    wallet = checkWallet({
      walletLabel: o['label'] as string,
      labels: o['holders'] as string[],
      curve: o['curve'] as CurveRef,
      publicKey: hexToBytesStrict(o['publicKey'], 'publicKey'),
      threshold: o['threshold'] as number,
      identifier: p['identifier'] as number,
      extendable: p['extendable'] as boolean,
      iterationExponent: p['iterationExponent'] as number,
    });
    expected = slip39WalletRecordOf(wallet, o['createdAt'], o['receipts'] as Receipt[], addressesOf);
  } catch (e) {
    if (!(e instanceof JointKeyError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw edited('its public data does not make a SLIP-39 wallet (labels, curve, public key, rule or receipts)');
  }
  for (const k of SLIP39_KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw edited(`its "${k}" does not match the wallet's public data`);
  return { record: expected, slip39: wallet };
}
