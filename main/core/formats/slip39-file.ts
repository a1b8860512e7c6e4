/**
 * A SLIP-39 child key as JointKey hands it to a holder: the holder's mnemonic, with readable labels
 * and the wallet's public key (or the secret's fingerprint), so that a restore can check its result.
 * The readable fields must agree with the mnemonic (member index, threshold): an edited file is
 * refused. A bare mnemonic (words on one line) is a SLIP-39 child key too.
 */
import { astring, bytesToHex, hexToBytesStrict } from '../bytes.js';
import type { CurveRef } from './child-key.js';
import { JointKeyError } from '../errors.js';
import { walletIdLength } from './header.js';
import { exactObject } from './set-public.js';
import { decodeMnemonic, type Slip39Share } from '../sharing/slip39/index.js';

export const SLIP39_FILE_FORMAT = 'jointkey-slip39-child-key';

export interface Slip39ChildKey {
  mnemonic: string;
  share: Slip39Share;
  /** Known from a JointKey file, absent for a bare mnemonic. */
  label?: string;
  walletLabel?: string;
  curve?: CurveRef | null;
  walletId?: Uint8Array;
  /**
   * 'bip32' when the master secret is a BIP-32 seed and `walletId` the BIP-32 master public key (a
   * standard SLIP-39 wallet, as a Trezor uses it); absent when it is the key itself (JointKey's
   * raw-key form) or a secret.
   */
  derivation?: 'bip32';
}

/** The file form of one holder's SLIP-39 mnemonic, as pretty JSON with a final newline. */
export function slip39ChildKeyToFile(opts: {
  mnemonic: string;
  label: string;
  walletLabel: string;
  parties: number;
  curve: CurveRef | null;
  walletId: Uint8Array;
  derivation?: 'bip32' | undefined;
}): string {
  const share = decodeMnemonic(opts.mnemonic);
  try {
    return `${JSON.stringify(
      {
        format: SLIP39_FILE_FORMAT,
        version: 1,
        wallet: opts.walletLabel,
        holder: opts.label,
        index: share.memberIndex + 1,
        threshold: share.memberThreshold,
        parties: opts.parties,
        scheme: 'slip39',
        curve: opts.curve,
        walletId: bytesToHex(opts.walletId),
        mnemonic: opts.mnemonic,
        ...(opts.derivation === 'bip32' ? { derivation: 'bip32' } : {}),
      },
      null,
      2,
    )}\n`;
  } finally {
    share.value.fill(0);
  }
}

function edited(what: string): JointKeyError {
  return new JointKeyError('TAMPERED_FILE', `This SLIP-39 child-key file was edited: ${what}. Use an unmodified copy.`);
}

/** True when `text` is a string of words only: a bare mnemonic rather than a JointKey text child key. */
export function looksLikeMnemonic(text: unknown): boolean {
  return typeof text === 'string' && /^\s*[a-zA-Z]+(\s+[a-zA-Z]+){9,}\s*$/.test(text);
}

/** True for a parsed JSON value in the SLIP-39 child-key file format. */
export function isSlip39File(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>)['format'] === SLIP39_FILE_FORMAT
  );
}

/**
 * Parses a SLIP-39 child-key file (already JSON-parsed): the mnemonic (its RS1024 checksum first),
 * then the readable fields against it. Throws JointKeyError TAMPERED_FILE, UNSUPPORTED_VERSION and
 * the mnemonic's own errors.
 */
export function slip39ChildKeyFromFile(value: unknown): Slip39ChildKey {
  if ((value as Record<string, unknown>)['version'] !== 1)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      'This SLIP-39 child-key file has a version this JointKey does not read. Update JointKey.',
    );
  const derivation = typeof value === 'object' && value !== null && 'derivation' in value ? ['derivation'] : [];
  const o = exactObject(value, 'the file', [
    'format',
    'version',
    'wallet',
    'holder',
    'index',
    'threshold',
    'parties',
    'scheme',
    'curve',
    'walletId',
    'mnemonic',
    ...derivation,
  ]);
  const mnemonic = astring(o['mnemonic'], 'mnemonic', 4096);
  const share = decodeMnemonic(mnemonic);
  if (o['scheme'] !== 'slip39') throw edited('its scheme is not slip39');
  if (o['index'] !== share.memberIndex + 1) throw edited('its index does not match the mnemonic');
  if (o['threshold'] !== share.memberThreshold) throw edited('its threshold does not match the mnemonic');
  const parties = o['parties'];
  if (typeof parties !== 'number' || !Number.isInteger(parties) || parties < share.memberThreshold || parties > 16)
    throw edited('its number of holders is impossible');
  const curve = o['curve'];
  if (curve !== null && curve !== 'secp256k1' && curve !== 'ed25519') throw edited('its curve is unknown');
  if (typeof o['holder'] !== 'string' || typeof o['wallet'] !== 'string') throw edited('its labels are not text');
  let walletId: Uint8Array;
  try {
    walletId = hexToBytesStrict(o['walletId'], 'walletId');
  } catch {
    throw edited('its wallet id is not hex');
  }
  if (walletId.length !== walletIdLength(curve)) throw edited('its wallet id has the wrong length');
  if (derivation.length > 0 && (o['derivation'] !== 'bip32' || curve !== 'secp256k1'))
    throw edited('its derivation is not bip32 of a secp256k1 seed');
  return {
    mnemonic,
    share,
    label: o['holder'],
    walletLabel: o['wallet'],
    curve,
    walletId,
    ...(derivation.length > 0 ? { derivation: 'bip32' as const } : {}),
  };
}
