/**
 * What every wallet record holds, whatever its kind: public data only — label, curve, public key,
 * addresses, scheme, N, t, holder labels — and every holder's receipt from the split ceremony; a
 * record is written only when every holder has confirmed. Each kind (./kinds/) adds its own public
 * data and parses its records strictly (docs/FORMAT.md, "Wallet record").
 */
import { aarray } from '../bytes.js';
import { RECEIPT_METHODS, type Receipt } from './ceremony.js';
import type { CurveRef } from '../formats/child-key.js';
import { JointKeyError } from '../errors.js';
import { addressesOf } from '../chains/addresses.js';

export const WALLET_FORMAT = 'jointkey-wallet';

/** The fields every wallet record has; a kind adds its own public data (a set, SLIP-39's parameters). */
export interface WalletRecordJson {
  format: typeof WALLET_FORMAT;
  version: 1;
  /** The wallet's id (hex): the set id, or a SLIP-39 wallet's id. */
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
}

/** The fields of {@link WalletRecordJson}, in the order records are written. */
export const RECORD_KEYS = [
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
] as const;

export type AddressesOf = (curve: CurveRef, publicKey: Uint8Array) => Record<string, string>;

/** The addresses a person sees: Ethereum, Bitcoin P2WPKH and P2TR for secp256k1; base58 for Ed25519. */
export const defaultAddresses: AddressesOf = (curve, publicKey) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(addressesOf(curve, publicKey))) if (typeof v === 'string') out[k] = v;
  return out;
};

export function receiptsOf(labels: readonly string[], receipts: readonly Receipt[]): Receipt[] {
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

/** A record edited by hand: JointKeyError TAMPERED_FILE naming what does not match. */
export function edited(what: string): JointKeyError {
  return new JointKeyError(
    'TAMPERED_FILE',
    `The wallet record was edited: ${what}. Restore it from a backup or a holder's child-key file.`,
  );
}

/** Refuses what is not a wallet record of this version (TAMPERED_FILE, UNSUPPORTED_VERSION). */
export function checkRecordHeader(value: unknown): Record<string, unknown> {
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
  return value as Record<string, unknown>;
}
