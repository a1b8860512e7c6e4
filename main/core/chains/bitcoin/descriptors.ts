/**
 * Output script descriptors of a wallet's Bitcoin addresses, for a watch-only coordinator (Bitcoin
 * Core `importdescriptors`): `wpkh(KEY)` (BIP-382, native SegWit v0) and `tr(KEY)` (BIP-386,
 * key-path-only Taproot, no script tree), each with its BIP-380 checksum (`#` and 8 characters).
 * The checksum is written from BIP-380's "Checksum" section (its Python reference, a BCH code over
 * the descriptor's 3×32-character set). A descriptor names a key, not a network: for a wallet of one
 * key the same string serves mainnet and the test networks; the network only changes how the
 * addresses are written. A BIP-32 wallet (standard SLIP-39) has other keys on the test networks
 * (coin type 1): its descriptors carry each key's origin (`[fingerprint/84h/0h/0h/0/0]`, BIP-380's
 * key origin) and come in two sets, mainnet's and the test networks'.
 *
 * Public keys only; nothing here is secret.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, aobject, bytesToHex, typeName } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import { type BitcoinNetworkName, BITCOIN_NETWORKS, addressOfScript, p2trScript, p2wpkhScript } from './network.js';

const INPUT_CHARSET =
  '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

/** The longest descriptor checked (a checksum of a longer one is refused: BIP-380 guarantees nothing past 49,154). */
export const MAX_DESCRIPTOR_CHARS = 49_154;

function polymod(symbols: readonly number[]): bigint {
  let chk = 1n;
  for (const value of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(value);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i] as bigint;
  }
  return chk;
}

/** BIP-380's descsum_expand: each character's position in its group, and every third a symbol of the three groups. */
function expand(s: string): number[] | undefined {
  const symbols: number[] = [];
  let groups: number[] = [];
  for (const c of s) {
    const v = INPUT_CHARSET.indexOf(c);
    if (v === -1) return undefined;
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) {
      symbols.push((groups[0] as number) * 9 + (groups[1] as number) * 3 + (groups[2] as number));
      groups = [];
    }
  }
  if (groups.length === 1) symbols.push(groups[0] as number);
  else if (groups.length === 2) symbols.push((groups[0] as number) * 3 + (groups[1] as number));
  return symbols;
}

function adescriptor(s: unknown): string {
  if (typeof s !== 'string') throw new TypeError(`descriptor must be a string, got ${typeName(s)}`);
  if (s.length > MAX_DESCRIPTOR_CHARS)
    throw new RangeError(`descriptor must be at most ${MAX_DESCRIPTOR_CHARS} characters, got ${s.length}`);
  return s;
}

/**
 * The 8-character BIP-380 checksum of `descriptor` (without `#`). Throws TypeError for a non-string,
 * RangeError for one over {@link MAX_DESCRIPTOR_CHARS} characters or with a character outside
 * BIP-380's character set.
 */
export function descriptorChecksum(descriptor: string): string {
  const symbols = expand(adescriptor(descriptor));
  if (symbols === undefined) throw new RangeError('descriptor has a character outside BIP-380’s character set');
  const c = polymod([...symbols, 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n;
  let out = '';
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)];
  return out;
}

/**
 * True when `descriptor` ends in `#` and a checksum that matches what precedes it (BIP-380's
 * descsum_check); false for a missing, short, long or wrong checksum or a character outside the set.
 * Throws TypeError for a non-string, RangeError for one over {@link MAX_DESCRIPTOR_CHARS} characters.
 */
export function descriptorChecksumValid(descriptor: string): boolean {
  const s = adescriptor(descriptor);
  if (s.length < 9 || s[s.length - 9] !== '#') return false;
  const sum = s.slice(-8);
  if (![...sum].every((x) => CHECKSUM_CHARSET.includes(x))) return false;
  const symbols = expand(s.slice(0, -9));
  if (symbols === undefined) return false;
  return polymod([...symbols, ...[...sum].map((x) => CHECKSUM_CHARSET.indexOf(x))]) === 1n;
}

/** One network's view of a wallet's descriptors: the addresses they give there, and their prefix. */
export interface NetworkAddresses {
  network: BitcoinNetworkName;
  /** "bc1q / bc1p", "tb1q / tb1p", "bcrt1q / bcrt1p" */
  prefixes: string;
  /** Absent for a wallet with a Taproot address only (FROST). */
  p2wpkh?: string;
  p2tr: string;
}

export interface WalletDescriptors {
  /** `wpkh(<33-byte compressed key hex>)#checksum`: native SegWit v0 (P2WPKH); absent for a Taproot-only wallet (FROST). */
  wpkh?: string;
  /** `tr(<32-byte x-only key hex>)#checksum`: key-path-only Taproot (BIP-86's output, no script tree). */
  tr: string;
  /**
   * The test networks' descriptors, where their keys differ from mainnet's (a BIP-32 wallet, coin
   * type 1); absent where `wpkh` and `tr` serve every network.
   */
  test?: { wpkh?: string; tr: string };
  /** The one address each descriptor gives on each network. */
  networks: NetworkAddresses[];
}

/**
 * A BIP-32 wallet's Bitcoin keys: the master key's fingerprint (the first 4 bytes of HASH160 of the
 * master public key) and the keys at m/84'/c'/0'/0/0 (SegWit) and m/86'/c'/0'/0/0 (Taproot), with
 * coin type c = 0 on mainnet and 1 on the test networks.
 */
export interface Bip32BitcoinKeys {
  masterPublicKey: Uint8Array;
  mainnet: { segwit: Uint8Array; taproot: Uint8Array };
  test: { segwit: Uint8Array; taproot: Uint8Array };
}

function apoint(value: unknown, what: string): Uint8Array {
  const key = value as Uint8Array;
  abytes(key, what, 33);
  try {
    secp256k1.Point.fromBytes(key);
  } catch {
    throw new JointKeyError(
      'INVALID_KEY',
      'This is not a valid secp256k1 public key (a compressed point: 02 or 03, then the x coordinate of a point on the curve). Check that it was copied whole.',
    );
  }
  return key;
}

const withChecksum = (d: string) => `${d}#${descriptorChecksum(d)}`;

/**
 * A wallet with a Taproot address only: a FROST wallet, whose group key is the BIP-86 output key of
 * `taproot` (its internal key, 33-byte compressed), signed for by its holders' shares.
 */
export interface TaprootOnlyKey {
  taproot: Uint8Array;
}

/**
 * The descriptors of a secp256k1 wallet — one 33-byte compressed public key, a BIP-32 wallet's
 * keys ({@link Bip32BitcoinKeys}, with their origins), or a Taproot-only wallet's internal key — and
 * the addresses they give on mainnet, testnet, signet and regtest. Throws TypeError/RangeError for a non-Uint8Array or a wrong length,
 * JointKeyError('INVALID_KEY') for bytes that are not a point of the curve.
 */
export function walletDescriptors(wallet: Uint8Array | Bip32BitcoinKeys | TaprootOnlyKey): WalletDescriptors {
  if (wallet instanceof Uint8Array) {
    const publicKey33 = apoint(wallet, 'publicKey');
    const keys = { segwit: publicKey33, taproot: publicKey33 };
    return {
      wpkh: withChecksum(`wpkh(${bytesToHex(publicKey33)})`),
      tr: withChecksum(`tr(${bytesToHex(publicKey33.subarray(1))})`),
      networks: BITCOIN_NETWORKS.map((network) => addressesOn(network, keys)),
    };
  }
  aobject(wallet, 'wallet');
  if (!('mainnet' in wallet)) {
    const taproot = apoint(wallet.taproot, 'wallet.taproot');
    return {
      tr: withChecksum(`tr(${bytesToHex(taproot.subarray(1))})`),
      networks: BITCOIN_NETWORKS.map((network) => addressesOn(network, { segwit: null, taproot })),
    };
  }
  const fingerprint = bytesToHex(
    ripemd160(sha256(apoint(wallet.masterPublicKey, 'wallet.masterPublicKey'))).subarray(0, 4),
  );
  const set = (net: 'mainnet' | 'test', coin: number) => {
    const k = wallet[net];
    aobject(k, `wallet.${net}`);
    const segwit = apoint(k.segwit, `wallet.${net}.segwit`);
    const taproot = apoint(k.taproot, `wallet.${net}.taproot`);
    return {
      wpkh: withChecksum(`wpkh([${fingerprint}/84h/${coin}h/0h/0/0]${bytesToHex(segwit)})`),
      tr: withChecksum(`tr([${fingerprint}/86h/${coin}h/0h/0/0]${bytesToHex(taproot.subarray(1))})`),
    };
  };
  const main = set('mainnet', 0);
  return {
    ...main,
    test: set('test', 1),
    networks: BITCOIN_NETWORKS.map((network) =>
      addressesOn(network, network === 'mainnet' ? wallet.mainnet : wallet.test),
    ),
  };
}

function addressesOn(
  network: BitcoinNetworkName,
  keys: { segwit: Uint8Array | null; taproot: Uint8Array },
): NetworkAddresses {
  const p2tr = addressOfScript(p2trScript(keys.taproot), network) as string;
  const hrp = p2tr.slice(0, p2tr.lastIndexOf('1') + 1);
  const prefixes = `${hrp}q / ${hrp}p`;
  if (keys.segwit === null) return { network, prefixes: `${hrp}p`, p2tr };
  return { network, prefixes, p2wpkh: addressOfScript(p2wpkhScript(keys.segwit), network) as string, p2tr };
}
