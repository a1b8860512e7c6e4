/**
 * Standard SLIP-39 wallets: the holders' words are standard SLIP-0039 mnemonics (one group, any t of
 * n), and their 256-bit master secret is a BIP-32 seed (SLIP-0039 "Usage of the master secret";
 * BIP-32 "Master key generation"), as a Trezor, Keystone, Sparrow or Electrum uses it. The wallet's
 * keys are derived on the standard paths:
 *
 * | address                  | path               | standard                      |
 * | ------------------------ | ------------------ | ----------------------------- |
 * | Ethereum                 | m/44'/60'/0'/0/0   | BIP-44, SLIP-44 coin 60       |
 * | Bitcoin SegWit (P2WPKH)  | m/84'/0'/0'/0/0    | BIP-84                        |
 * | Bitcoin Taproot (P2TR)   | m/86'/0'/0'/0/0    | BIP-86                        |
 * | Bitcoin testnet SegWit   | m/84'/1'/0'/0/0    | BIP-84, coin 1 (testnet)      |
 * | Bitcoin testnet Taproot  | m/86'/1'/0'/0/0    | BIP-86, coin 1 (testnet)      |
 *
 * so each address JointKey shows is the one a SLIP-39 wallet shows after recovering the same words.
 * The record keeps public data only: SLIP-39's parameters, the BIP-32 master public key (the record's
 * `publicKey`, and each holder file's `walletId`), and each path's public key (`bip32.paths`).
 *
 * Signing combines the words, checks the master public key, derives the key of the request and
 * checks its public key against the record: an Ethereum transfer and an `ecdsa-sha256` message are
 * signed by the Ethereum key (m/44'/60'/0'/0/0), a `bip340` message by the Taproot key
 * (m/86'/0'/0'/0/0, the BIP-86 internal key, untweaked); a PSBT's inputs by the SegWit and Taproot
 * keys of its network (m/84'/c'/0'/0/0 and m/86'/c'/0'/0/0, coin c = 0 on mainnet, 1 on the test
 * networks, as a Trezor signs them); a health check derives every path and
 * compares every public key. Ed25519 is not offered: a standard SLIP-39 wallet is a secp256k1 one.
 *
 * Everything else — the ceremony, the entry check, the session, the words' reading and restoring —
 * is ./slip39.ts's (JointKey's raw-key form, whose master secret is the key itself), shared.
 *
 * Not constant-time; JS cannot guarantee zeroing: the seed, every derived private key and each
 * node's private data are overwritten, but BIP-32's intermediate values (HMAC outputs, bigints,
 * chain codes) are left to the garbage collector.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { type KeyOrigin, type Receipt, type ReceiptMethod } from '../ceremony.js';
import type {
  AloneCheck,
  ChildKeyRead,
  Holder,
  KeychainForm,
  Platform,
  PrintableChildKey,
  SplitRequest,
  Wallet,
  WalletCeremony,
  WalletKind,
  WalletSession,
} from '../kind.js';
import { RECORD_KEYS, checkRecordHeader, edited } from '../record.js';
import { foreignRefusal, receiptOfOtherKind, sourceName } from './entry.js';
import { cap } from '../../formats/verify.js';
import {
  SLIP39_KIND,
  type Slip39Read,
  type Slip39Wallet,
  type Slip39WalletRecordJson,
  Slip39Ceremony,
  Slip39SigningSession,
  checkWallet,
  slip39CheckAlone,
  slip39CheckEntry,
  slip39SplitKey,
  slip39WalletRecordOf,
} from './slip39.js';
import { exactObject } from '../../formats/set-public.js';
import { isSlip39File, slip39ChildKeyToFile } from '../../formats/slip39-file.js';
import { equalConstantTime } from '../../math/commitments.js';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress, ethereumAddress } from '../../chains/addresses.js';
import { JointKeyError } from '../../errors.js';
import {
  type Progress,
  type SignRequest,
  type SignResult,
  checkRequest,
  psbtSignResult,
  signWithKey,
} from '../session.js';
import type { Bip32BitcoinKeys } from '../../chains/bitcoin/descriptors.js';
import { describePsbt, signPsbt } from '../../chains/bitcoin/psbt.js';
import { abytes, aint, aobject, astring, bytesToHex, hexToBytesStrict, utf8ToBytes, wipe } from '../../bytes.js';

const H = 0x80000000;

/** The standard paths of a standard SLIP-39 wallet, by the address each gives, in record order. */
export const SLIP39_BIP32_PATHS = Object.freeze({
  ethereum: "m/44'/60'/0'/0/0",
  bitcoinP2wpkh: "m/84'/0'/0'/0/0",
  bitcoinP2tr: "m/86'/0'/0'/0/0",
  bitcoinP2wpkhTestnet: "m/84'/1'/0'/0/0",
  bitcoinP2trTestnet: "m/86'/1'/0'/0/0",
} as const);

type PathName = keyof typeof SLIP39_BIP32_PATHS;
const PATHS: readonly string[] = Object.values(SLIP39_BIP32_PATHS);

/** A path's child indices ("m/44'/60'/0'/0/0" → [44 + 2^31, 60 + 2^31, 2^31, 0, 0]). */
function indicesOf(path: string): number[] {
  return path
    .split('/')
    .slice(1)
    .map((p) => (p.endsWith("'") ? Number(p.slice(0, -1)) + H : Number(p)));
}

/**
 * Derives `path` from `root`, one child at a time, overwriting each intermediate node's private key
 * (the caller wipes the node returned).
 */
function deriveWiping(root: HDKey, path: string): HDKey {
  let node = root;
  for (const i of indicesOf(path)) {
    const next = node.deriveChild(i);
    if (node !== root) node.wipePrivateData();
    node = next;
  }
  return node;
}

/** A standard SLIP-39 wallet's public data: a SLIP-39 wallet's, its public key the BIP-32 master public key, and each path's public key. */
export interface Slip39Bip32Wallet extends Slip39Wallet {
  curve: 'secp256k1';
  /** The 33-byte compressed public key at each of {@link SLIP39_BIP32_PATHS}, by path. */
  paths: Record<string, Uint8Array>;
}

/**
 * The public keys of a BIP-32 seed (16 to 64 bytes, BIP-32's range): the master public key and the
 * public key at each of {@link SLIP39_BIP32_PATHS}, by path. Public data only; every private key
 * derived on the way is overwritten. Throws TypeError/RangeError for a seed of the wrong type or
 * length.
 */
export function bip32PublicKeys(seed: Uint8Array): { master: Uint8Array; paths: Record<string, Uint8Array> } {
  abytes(seed, 'seed');
  if (seed.length < 16 || seed.length > 64) throw new RangeError('seed must be 16 to 64 bytes (BIP-32)');
  const root = HDKey.fromMasterSeed(seed);
  try {
    const paths: Record<string, Uint8Array> = {};
    for (const path of PATHS) {
      const node = deriveWiping(root, path);
      paths[path] = node.publicKey as Uint8Array;
      node.wipePrivateData();
    }
    return { master: root.publicKey as Uint8Array, paths };
  } finally {
    root.wipePrivateData();
  }
}

/** Checks a standard wallet's public data: a SLIP-39 wallet's, secp256k1, one valid public key per path. Throws TypeError/RangeError. */
function checkBip32Wallet(w: Slip39Bip32Wallet): Slip39Bip32Wallet {
  checkWallet(w);
  if (w.curve !== 'secp256k1') throw new RangeError('a standard SLIP-39 wallet is a secp256k1 wallet');
  aobject(w.paths, 'wallet.paths');
  const keys = Object.keys(w.paths);
  if (keys.length !== PATHS.length || PATHS.some((p, i) => keys[i] !== p))
    throw new RangeError(`wallet.paths must give the public keys at ${PATHS.join(', ')}, in that order`);
  for (const p of PATHS) abytes(w.paths[p], `wallet.paths["${p}"]`, 33);
  return w;
}

/** The mainnet addresses of a standard wallet, each from its own path's key (the testnet paths' keys are in the record, their addresses not shown). */
function addressesOfPaths(paths: Record<string, Uint8Array>): Record<string, string> {
  const key = (name: PathName) => paths[SLIP39_BIP32_PATHS[name]] as Uint8Array;
  return {
    ethereum: ethereumAddress(key('ethereum')),
    bitcoinP2wpkh: bitcoinP2wpkhAddress(key('bitcoinP2wpkh')),
    bitcoinP2tr: bitcoinP2trAddress(key('bitcoinP2tr')),
  };
}

const ID_TAG = 'jointkey/slip39-bip32-wallet/v1';

/**
 * A standard wallet's id (16 bytes): SHA-256 over a domain tag and its public data (a raw-key
 * wallet's, and each path's public key), so a record whose fields were edited no longer matches.
 * Throws TypeError/RangeError for malformed data.
 */
export function slip39Bip32WalletIdOf(w: Slip39Bip32Wallet): Uint8Array {
  checkBip32Wallet(w);
  const h = sha256.create();
  h.update(utf8ToBytes(ID_TAG));
  h.update(
    utf8ToBytes(
      JSON.stringify([
        w.walletLabel,
        w.labels,
        w.curve,
        Array.from(w.publicKey),
        w.threshold,
        w.identifier,
        w.extendable,
        w.iterationExponent,
        PATHS.map((p) => [p, bytesToHex(w.paths[p] as Uint8Array)]),
      ]),
    ),
  );
  return h.digest().subarray(0, 16);
}

/**
 * Splits a new 32-byte BIP-32 seed into one SLIP-39 mnemonic per holder (one group, threshold t of
 * N, no passphrase, as ./slip39.ts's slip39SplitKey), and derives the wallet's public keys from it.
 * Returns the wallet's public data, its id and the mnemonics in holder order. Throws as
 * slip39SplitKey (the seed must be a valid secp256k1 private key too, as a generated key is).
 */
export function slip39Bip32SplitSeed(
  seed: Uint8Array,
  o: Parameters<typeof slip39SplitKey>[2],
): { wallet: Slip39Bip32Wallet; walletId: Uint8Array; mnemonics: string[] } {
  const split = slip39SplitKey('secp256k1', seed, o);
  const { master, paths } = bip32PublicKeys(seed);
  const wallet: Slip39Bip32Wallet = { ...split.wallet, curve: 'secp256k1', publicKey: master, paths };
  return { wallet, walletId: slip39Bip32WalletIdOf(wallet), mnemonics: split.mnemonics };
}

/** A standard SLIP-39 wallet's record: a raw-key SLIP-39 wallet's fields, and `bip32` with each path's public key. */
export interface Slip39Bip32WalletRecordJson extends Slip39WalletRecordJson {
  bip32: { paths: Record<string, string> };
}

/**
 * The record of a standard SLIP-39 wallet (public data only: never a mnemonic, never a private or
 * extended key), with one receipt per holder in holder order (JointKeyError RECEIPT_MISSING
 * otherwise): its `publicKey` the master public key, its addresses those of the paths' keys.
 */
export function slip39Bip32WalletRecordOf(
  wallet: Slip39Bip32Wallet,
  createdAt: string,
  receipts: readonly Receipt[],
): Slip39Bip32WalletRecordJson {
  checkBip32Wallet(wallet);
  const base = slip39WalletRecordOf(wallet, createdAt, receipts, () => addressesOfPaths(wallet.paths));
  return {
    ...base,
    id: bytesToHex(slip39Bip32WalletIdOf(wallet)),
    bip32: { paths: Object.fromEntries(PATHS.map((p) => [p, bytesToHex(wallet.paths[p] as Uint8Array)])) },
  };
}

const KEYS = [...RECORD_KEYS, 'slip39', 'bip32'] as const;

/**
 * Parses a standard SLIP-39 wallet's record strictly: every field checked against the others, its
 * id and addresses recomputed. Throws JointKeyError TAMPERED_FILE naming the field, or
 * UNSUPPORTED_VERSION.
 */
export function slip39Bip32WalletRecordFromJson(value: unknown): {
  record: Slip39Bip32WalletRecordJson;
  wallet: Slip39Bip32Wallet;
} {
  const o = exactObject(checkRecordHeader(value), 'the wallet record', KEYS);
  const p = exactObject(o['slip39'], 'the wallet record’s SLIP-39 parameters', [
    'identifier',
    'extendable',
    'iterationExponent',
    'groupThreshold',
    'groupCount',
    'memberThreshold',
  ]);
  const b = exactObject(o['bip32'], 'the wallet record’s BIP-32 derivation', ['paths']);
  const paths = exactObject(b['paths'], 'the wallet record’s BIP-32 paths', PATHS);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw edited('its creation date is not a date');
  let wallet: Slip39Bip32Wallet;
  let expected: Slip39Bip32WalletRecordJson;
  try {
    wallet = checkBip32Wallet({
      walletLabel: o['label'] as string,
      labels: o['holders'] as string[],
      curve: o['curve'] as 'secp256k1',
      publicKey: hexToBytesStrict(o['publicKey'], 'publicKey'),
      threshold: o['threshold'] as number,
      identifier: p['identifier'] as number,
      extendable: p['extendable'] as boolean,
      iterationExponent: p['iterationExponent'] as number,
      paths: Object.fromEntries(PATHS.map((path) => [path, hexToBytesStrict(paths[path], path)])),
    });
    expected = slip39Bip32WalletRecordOf(wallet, o['createdAt'], o['receipts'] as Receipt[]);
  } catch (e) {
    if (!(e instanceof JointKeyError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw edited(
      'its public data does not make a standard SLIP-39 wallet (labels, curve, public keys, rule or receipts)',
    );
  }
  for (const k of KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw edited(`its "${k}" does not match the wallet's public data`);
  return { record: expected, wallet };
}

/** Holder `index`'s file form: their words, the wallet's labels, and the master public key as the wallet id. */
function fileFormOf(wallet: Slip39Bip32Wallet, index: number, mnemonic: string): string {
  aint(index, 'index', 1, wallet.labels.length);
  return slip39ChildKeyToFile({
    mnemonic,
    label: wallet.labels[index - 1] as string,
    walletLabel: wallet.walletLabel,
    parties: wallet.labels.length,
    curve: 'secp256k1',
    walletId: wallet.publicKey,
    derivation: 'bip32',
  });
}

/** A standard wallet's Bitcoin keys: its master key, and its BIP-84/86 keys on mainnet (coin 0) and the test networks (coin 1). */
function bip32BitcoinKeys(w: Slip39Bip32Wallet): Bip32BitcoinKeys {
  const at = (name: PathName) => w.paths[SLIP39_BIP32_PATHS[name]] as Uint8Array;
  return {
    masterPublicKey: w.publicKey,
    mainnet: { segwit: at('bitcoinP2wpkh'), taproot: at('bitcoinP2tr') },
    test: { segwit: at('bitcoinP2wpkhTestnet'), taproot: at('bitcoinP2trTestnet') },
  };
}

/**
 * The paths whose keys `request` needs: every path for a health check; a PSBT's SegWit and Taproot
 * paths on its network (as describePsbt decides it, refusing what it refuses); else the one key
 * that signs (checked first: ed25519 is refused).
 */
function pathsOf(w: Slip39Bip32Wallet, request: SignRequest): readonly string[] {
  if (request.kind === 'health-check') return PATHS;
  if (request.kind === 'bitcoin-psbt') {
    checkRequest('secp256k1', request);
    const { network } = describePsbt(request.psbt, bip32BitcoinKeys(w), request.options);
    const P = SLIP39_BIP32_PATHS;
    return network === 'mainnet' ? [P.bitcoinP2wpkh, P.bitcoinP2tr] : [P.bitcoinP2wpkhTestnet, P.bitcoinP2trTestnet];
  }
  return [pathOf(request)];
}

/** The path whose key signs `request` (checked first: ed25519 is refused). */
function pathOf(request: SignRequest): string {
  checkRequest('secp256k1', request);
  if (request.kind === 'message' && request.algo === 'bip340') return SLIP39_BIP32_PATHS.bitcoinP2tr;
  return SLIP39_BIP32_PATHS.ethereum;
}

const CHANGED =
  'The words entered combine to a seed that is not this wallet’s: one of them was changed after the split. Cancel, and have each holder enter their words again from their own copy.';

/** A standard SLIP-39 wallet's signing session: the raw-key session's entries and combining, then BIP-32. */
class Slip39Bip32Session extends Slip39SigningSession implements WalletSession {
  /** A PSBT is described for the keys at the BIP-84/86 paths of its network (coin type 0 or 1). */
  override describe(request: SignRequest): string[] {
    if (request.kind === 'bitcoin-psbt') {
      checkRequest('secp256k1', request);
      return describePsbt(request.psbt, bip32BitcoinKeys(this.wallet as Slip39Bip32Wallet), request.options).lines;
    }
    return super.describe(request);
  }

  protected override idOf(wallet: Slip39Wallet): Uint8Array {
    return slip39Bip32WalletIdOf(wallet as Slip39Bip32Wallet);
  }

  enter(read: ChildKeyRead): Progress {
    if (!acceptsRead(read)) {
      read.wipe();
      throw refusalOf(read);
    }
    const { mnemonic } = (read as Slip39Read).words;
    read.wipe();
    return this.add(mnemonic);
  }

  /** Throws WRONG_RESULT unless the seed's BIP-32 master public key is this wallet's. */
  protected override checkSecret(seed: Uint8Array): void {
    const root = HDKey.fromMasterSeed(seed);
    try {
      if (!equalConstantTime(root.publicKey as Uint8Array, this.wallet.publicKey))
        throw new JointKeyError('WRONG_RESULT', CHANGED);
    } finally {
      root.wipePrivateData();
    }
  }

  protected override signWithSecret(seed: Uint8Array, request: SignRequest): SignResult {
    const wallet = this.wallet as Slip39Bip32Wallet;
    const paths = pathsOf(wallet, request);
    const root = HDKey.fromMasterSeed(seed);
    const nodes: HDKey[] = [root];
    try {
      if (!equalConstantTime(root.publicKey as Uint8Array, wallet.publicKey))
        throw new JointKeyError('WRONG_RESULT', CHANGED);
      for (const p of paths) {
        const node = deriveWiping(root, p);
        nodes.push(node);
        if (!equalConstantTime(node.publicKey as Uint8Array, wallet.paths[p] as Uint8Array))
          throw new JointKeyError(
            'WRONG_RESULT',
            `The words combine to this wallet’s seed, but its key at ${p} is not the one recorded: the wallet record was changed. Restore the record from a backup.`,
          );
      }
      if (request.kind === 'health-check')
        return { kind: 'health-check', publicKeyHex: bytesToHex(wallet.publicKey), ok: true };
      const key = (nodes[1] as HDKey).privateKey as Uint8Array;
      this.keep(key);
      if (request.kind === 'bitcoin-psbt') {
        const taproot = (nodes[2] as HDKey).privateKey as Uint8Array;
        this.keep(taproot);
        return psbtSignResult(
          signPsbt(request.psbt, { segwit: key, taproot }, bip32BitcoinKeys(wallet), request.options),
        );
      }
      return signWithKey('secp256k1', wallet.paths[paths[0] as string] as Uint8Array, key, request);
    } finally {
      for (const n of nodes) n.wipePrivateData();
    }
  }
}

/** The refusal of a child key a standard wallet does not take: another kind's, or a raw-key SLIP-39 wallet's file. */
function refusalOf(read: ChildKeyRead): JointKeyError {
  if (read.kind !== SLIP39_KIND) return foreignRefusal(SLIP39_BIP32_KIND, read);
  return new JointKeyError(
    'DIFFERENT_WALLET',
    `${cap(sourceName(read.source))} holds the SLIP-39 words of a wallet in JointKey’s raw-key form, not of this standard SLIP-39 wallet. Enter this holder’s own words or file for this wallet.`,
  );
}

/** SLIP-39 words this kind's wallets take: its own files, or bare words (read by either SLIP-39 kind). */
function acceptsRead(read: ChildKeyRead): boolean {
  if (!('words' in read)) return false;
  const words = (read as Slip39Read).words;
  if (read.kind === SLIP39_BIP32_KIND) return true;
  return read.kind === SLIP39_KIND && words.walletId === undefined;
}

/** The split ceremony of a standard SLIP-39 wallet: the raw-key ceremony's hand-off and receipts, holding the seed. */
class Slip39Bip32Ceremony extends Slip39Ceremony implements WalletCeremony {
  readonly kind: WalletKind = SLIP39_BIP32_KIND;
  readonly fileSuffix = 'slip39.json';
  readonly scheme = 'slip39';

  protected override idOf(wallet: Slip39Wallet): Uint8Array {
    return slip39Bip32WalletIdOf(wallet as Slip39Bip32Wallet);
  }
  get walletLabel(): string {
    return this.wallet.walletLabel;
  }
  get curve(): 'secp256k1' {
    return 'secp256k1';
  }
  get publicKey(): Uint8Array {
    return this.wallet.publicKey;
  }
  get threshold(): number {
    return this.wallet.threshold;
  }

  summary(): Record<string, unknown> {
    return {
      walletId: bytesToHex(this.walletId),
      scheme: 'slip39',
      derivation: 'bip32',
      threshold: this.wallet.threshold,
      parties: this.wallet.labels.length,
      identifier: this.wallet.identifier,
    };
  }

  fileForm(index: number): string {
    return fileFormOf(this.wallet as Slip39Bip32Wallet, index, this.mnemonic(index));
  }

  textForm(index: number): string {
    return this.mnemonic(index);
  }

  printable(index: number): PrintableChildKey {
    const holder = this.holder(index);
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `JointKey does not print SLIP-39 words yet. Show ${holder} their words and have them write the words on paper, or save ${holder}’s encrypted file.`,
    );
  }

  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt {
    if (!acceptsRead(read)) throw receiptOfOtherKind(this.holder(index), read);
    return this.confirm(index, (read as Slip39Read).words.mnemonic, method, confirmedAt);
  }

  recordJson(createdAt: string): Slip39Bip32WalletRecordJson {
    this.requireComplete('Recording the wallet');
    return slip39Bip32WalletRecordOf(this.wallet as Slip39Bip32Wallet, createdAt, this.receipts);
  }
}

/** A recorded standard SLIP-39 wallet. */
class Slip39Bip32RecordedWallet implements Wallet {
  readonly kind = SLIP39_BIP32_KIND;
  readonly kindLabel = 'SLIP-39 recovery words · Recoverable in any SLIP-39 wallet (Trezor, Keystone…)';

  constructor(
    readonly record: Slip39Bip32WalletRecordJson,
    readonly wallet: Slip39Bip32Wallet,
  ) {}

  openSession(platform: Platform = {}): WalletSession {
    return new Slip39Bip32Session(this.wallet, ...(platform.pbkdf2 ? [platform.pbkdf2] : []));
  }

  holderOf(read: ChildKeyRead): Holder | undefined {
    if (!acceptsRead(read)) return undefined;
    const w = (read as Slip39Read).words;
    if (w.share.identifier !== this.wallet.identifier) return undefined;
    if (w.walletId !== undefined && !equalConstantTime(w.walletId, this.wallet.publicKey)) return undefined;
    const label = this.wallet.labels[w.share.memberIndex];
    return label === undefined ? undefined : { index: w.share.memberIndex + 1, label };
  }

  bitcoinKeys(): Bip32BitcoinKeys {
    return bip32BitcoinKeys(this.wallet);
  }

  checkAlone(read: ChildKeyRead): AloneCheck {
    if (!acceptsRead(read)) throw refusalOf(read);
    return slip39CheckAlone(this.wallet, this.record.publicKey, read as Slip39Read);
  }

  keychainForm(read: ChildKeyRead): KeychainForm {
    if (!acceptsRead(read)) throw refusalOf(read);
    const mnemonic = (read as Slip39Read).words.mnemonic.trim().split(/\s+/).join(' ').toLowerCase();
    const { share, holder } = slip39CheckEntry(this.wallet, mnemonic);
    wipe(share.value);
    return {
      id: `${this.record.id}/${holder.index}`,
      setId: this.record.id,
      index: holder.index,
      wallet: this.wallet.walletLabel,
      holder: holder.label,
      parties: this.wallet.labels.length,
      threshold: this.wallet.threshold,
      text: fileFormOf(this.wallet, holder.index, mnemonic),
    };
  }
}

function parseJson(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Standard SLIP-39 wallets (`--scheme slip39`, the Create screen's SLIP-39 rule): a new seed split
 * as SLIP-39 words, its keys on the standard BIP-32 paths. A secret (no curve), or a split with a
 * SLIP-39 passphrase, is split as plain SLIP-39 words of those bytes, as ./slip39.ts does.
 */
export const SLIP39_BIP32_KIND: WalletKind = {
  id: 'slip39-bip32',
  schemes: ['slip39'],
  noun: 'SLIP-39 words',
  nounPlural: 'standard SLIP-39 words',
  enterInstead: 'Choose this holder’s SLIP-39 file, or type their words.',
  wordsLayout: 'words',
  printsPaper: false,
  signsPsbt: true,
  takesPassphrase: true,
  sealsLargeFiles: false,

  unrecordable(curve, request) {
    if (curve === 'ed25519')
      return 'an Ed25519 key as a standard SLIP-39 wallet: its keys are derived for Bitcoin and Ethereum (secp256k1). Generate a secp256k1 key (--generate secp256k1).';
    return SLIP39_KIND.unrecordable(curve, request);
  },

  split(curve, key, request: SplitRequest, origin: KeyOrigin, platform: Platform = {}): WalletCeremony {
    aobject(request, 'request');
    if (
      curve === null ||
      request.passphrase !== undefined ||
      !Array.isArray(request.labels) ||
      request.labels.length > 16
    )
      return SLIP39_KIND.split(curve, key, request, origin, platform); // its refusal of more than 16 holders
    if (curve !== 'secp256k1')
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'A standard SLIP-39 wallet derives Bitcoin and Ethereum (secp256k1) keys: it cannot hold an Ed25519 key. Generate a Bitcoin and Ethereum key, or choose another rule for an Ed25519 key.',
      );
    if (origin !== 'generated' && request.rekey !== true)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'A standard SLIP-39 wallet starts from a new seed: a SLIP-39 wallet (Trezor, Keystone…) would use an imported key’s bytes as a seed and show other addresses, not the key’s. Generate a new key for a SLIP-39 wallet, or split the imported key with another rule (on the command line, --scheme slip39-raw keeps it as JointKey’s raw-key SLIP-39 form).',
      );
    const split = slip39Bip32SplitSeed(key, {
      labels: request.labels,
      ...(request.walletLabel === undefined ? {} : { walletLabel: request.walletLabel }),
      ...(request.threshold === undefined ? {} : { threshold: request.threshold }),
      ...(platform.pbkdf2 ? { pbkdf2: platform.pbkdf2 } : {}),
    });
    return new Slip39Bip32Ceremony(split, key, origin);
  },

  walletFromJson(value) {
    const o = value as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || o['scheme'] !== 'slip39' || !('bip32' in o)) return undefined;
    const { record, wallet } = slip39Bip32WalletRecordFromJson(value);
    return new Slip39Bip32RecordedWallet(record, wallet);
  },

  recognizes(text) {
    const json = parseJson(text);
    if (json === undefined) return SLIP39_KIND.recognizes(text);
    return isSlip39File(json) && 'derivation' in (json as object);
  },

  read(text, source) {
    astring(text, 'text', 64 * 1024 * 1024);
    return { ...SLIP39_KIND.read(text, source), kind: SLIP39_BIP32_KIND };
  },

  verifyReport(read) {
    const marked = acceptsRead(read) && (read as Slip39Read).words.derivation === 'bip32';
    return { ...SLIP39_KIND.verifyReport(read), ...(marked ? { derivation: 'bip32' } : {}) };
  },

  printable(read) {
    return SLIP39_KIND.printable(read);
  },

  sessionFromReads() {
    return undefined;
  },

  walletOf(read, wallets) {
    return wallets.find((w) => w.holderOf(read) !== undefined);
  },

  keychainFormWithoutRecord(read, hint) {
    return SLIP39_KIND.keychainFormWithoutRecord(read, hint);
  },

  restore(reads, options) {
    return SLIP39_KIND.restore(reads, options);
  },
};
