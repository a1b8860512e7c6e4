/**
 * The wallet record: a shared wallet's public data only — label, curve, public key, addresses,
 * scheme, N, t, holder labels, set id and the set's commitments (its full public data) — as JSON in
 * the app's data folder. Never the key, never a child key. Parsing is strict, recomputes the
 * addresses and the set id, and refuses a record edited by hand.
 */
import { afunction, astring, bytesToHex } from './bytes.js';
import type { CurveRef, SetPublic } from './child-key.js';
import { JointKeyError } from './errors.js';
import { addressesOf } from './addresses.js';
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
  set: SetPublicJson;
}

export type AddressesOf = (curve: CurveRef, publicKey: Uint8Array) => Record<string, string>;

/** The addresses a person sees: Ethereum, Bitcoin P2WPKH and P2TR for secp256k1; base58 for Ed25519. */
export const defaultAddresses: AddressesOf = (curve, publicKey) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(addressesOf(curve, publicKey))) if (typeof v === 'string') out[k] = v;
  return out;
};

/** The wallet record of a set. `createdAt` is an ISO date. */
export function walletRecordOf(
  set: SetPublic,
  createdAt: string,
  addressesOf: AddressesOf = defaultAddresses,
): WalletRecordJson {
  astring(createdAt, 'createdAt', 64);
  afunction(addressesOf, 'addressesOf');
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
  const expected = walletRecordOf(set, o['createdAt'], addressesOf);
  for (const k of KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw new JointKeyError(
        'TAMPERED_FILE',
        `The wallet record was edited: its "${k}" does not match the wallet's public data. Restore it from a backup or a holder's child-key file.`,
      );
  return { record: expected, set };
}
