/**
 * What the fuzzer feeds: every parser of outside input — child keys in text and file form, SLIP-39
 * mnemonics and files, wallet records, a set's public data, key imports (hex, WIF, BIP-39, keystore)
 * and encrypted child-key files. Each target draws from fast-check: mostly valid inputs with small
 * mutations (a character changed, added, removed or swapped; a JSON field replaced by any value; a
 * word replaced), which reach deep into a parser, and some inputs of pure noise.
 *
 * A target passes an input when the parser returns, or throws a JointKeyError, TypeError or
 * RangeError — never anything else — within its time bound.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { mnemonicToEntropy } from '@scure/bip39';
import { wordlist as bip39English } from '@scure/bip39/wordlists/english.js';
import { computeAddress, encryptKeystoreJsonSync } from 'ethers';
import { childKeyToFile, childKeyFromFile } from '../../../main/core/formats/file-form.js';
import { importHexKey, importMnemonic, importWif } from '../../../main/core/chains/key-sources.js';
import { importKeystore } from '../../../main/core/chains/keystore.js';
import { setPublicFromJson, setPublicToJson } from '../../../main/core/formats/set-public.js';
import { decodeMnemonic, slip39Split } from '../../../main/core/sharing/slip39/index.js';
import { WORDLIST } from '../../../main/core/sharing/slip39/wordlist.js';
import { slip39ChildKeyFromFile, slip39ChildKeyToFile } from '../../../main/core/formats/slip39-file.js';
import { childKeyFromText, childKeyToText } from '../../../main/core/formats/text-form.js';
import { walletRecordFromJson, walletRecordOf } from '../../../main/core/wallet/kinds/jointkey.js';
import { slip39WalletRecordOf } from '../../../main/core/wallet/kinds/slip39.js';
import { anyWalletRecordFromJson } from '../../support/records.js';
import { slip39SplitKey } from '../../../main/core/wallet/kinds/slip39.js';
import { slip39Bip32SplitSeed, slip39Bip32WalletRecordOf } from '../../../main/core/wallet/kinds/slip39-bip32.js';
import { decryptChildKeyFile, encryptChildKeyFile } from '../../../main/files/encrypted-child-key.js';
import { CHANNELS } from '../../../main/ipc/contract.js';
import {
  frostAggregate,
  frostCommit,
  frostCommitmentsFrom,
  frostPsbtRequest,
  frostRequest,
  frostRequestFromJson,
  frostRespond,
} from '../../../main/core/wallet/frost-rounds.js';
import { FROST_KIND, frostChildKeyFromFile, frostSplitKey } from '../../../main/core/wallet/kinds/frost.js';
import { readChildKey } from '../../../main/core/wallet/kinds/index.js';
import { describeRequest } from '../../../main/core/wallet/session.js';
import { nextLogEntry, verifyLog } from '../../../main/core/wallet/log.js';
import { APP_PAGE, makeDispatch, saveWallet, tempDir } from '../../support/ipc.js';
import { generatePrivateKey } from '../../../main/core/chains/key-sources.js';
import { ALL_SCHEMES, keySet, secretSet, seededRng } from '../../support/sets.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import { describePsbt } from '../../../main/core/chains/bitcoin/psbt.js';
import { buildPsbt, testKey } from '../../support/psbt.js';
import { describeTypedData, parseTypedData } from '../../../main/core/chains/eth-messages.js';
import { describeEthCall } from '../../../main/core/chains/eth-calls.js';
import { encodeFunctionData, type Abi } from 'viem';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describeSolTransfer, parseSolAmount, solTransferMessage } from '../../../main/core/chains/solana.js';

export interface FuzzTarget {
  name: string;
  /** Inputs in `npm run fuzz` (the full run); the short run in `npm test` takes a fraction. */
  fullRuns: number;
  /** The most one input may take. */
  maxMs: number;
  arbitrary: fc.Arbitrary<unknown>;
  run: (input: any) => unknown;
}

// ------------------------------------------------------------------------------------------------
// Mutations
// ------------------------------------------------------------------------------------------------

const TEXT_NOISE = fc.oneof(
  fc.constantFrom('-', '1', 'q', 'Q', ' ', '\n', '{', '}', '"', ':', ',', '0', 'z', 'é', '\u0000', '\u{1F511}'),
  fc.string({ minLength: 1, maxLength: 3 }),
);

/** A string with 1 to 4 edits: replace, insert, delete, swap neighbours, truncate, change case. */
export function mutatedString(seed: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5 }), TEXT_NOISE);
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let s = seed;
    for (const [pos, kind, noise] of edits) {
      const i = s.length === 0 ? 0 : pos % s.length;
      if (kind === 0) s = s.slice(0, i) + noise + s.slice(i + 1);
      else if (kind === 1) s = s.slice(0, i) + noise + s.slice(i);
      else if (kind === 2) s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === 3 && i + 1 < s.length) s = s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
      else if (kind === 4) s = s.slice(0, i);
      else s = s.slice(0, i) + s.charAt(i).toUpperCase() + s.slice(i + 1);
    }
    return s;
  });
}

/** Every path to a value inside a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

function deleteAt(root: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return undefined;
  const parent = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  let node: any = root;
  for (const p of parent) node = node?.[p];
  if (typeof node !== 'object' || node === null) return root;
  const copy: any = Array.isArray(node) ? node.filter((_: unknown, i: number) => i !== key) : { ...node };
  if (!Array.isArray(node)) delete copy[key];
  return setAt(root, parent, copy);
}

const ANY_JSON = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, 0, -1, 1.5, 2 ** 53, '', 'x', [], {}, true, '00', 'ff'.repeat(33), 1e308),
);

/** A JSON value with 1 to 3 edits: a value somewhere replaced by any JSON value, or a key removed. */
export function mutatedJson(seed: unknown): fc.Arbitrary<unknown> {
  const all = paths(seed);
  const edit = fc.tuple(fc.nat(all.length - 1), fc.boolean(), ANY_JSON);
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let v = seed;
    for (const [i, remove, value] of edits) {
      const p = all[i] as (string | number)[];
      v = remove ? deleteAt(v, p) : setAt(v, p, value);
    }
    return v;
  });
}

/** Valid seeds mutated (most inputs), the seeds themselves, and noise. */
function around<T>(seeds: readonly T[], mutate: (seed: T) => fc.Arbitrary<unknown>, noise: fc.Arbitrary<unknown>) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...seeds).chain(mutate) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: noise },
  );
}

// ------------------------------------------------------------------------------------------------
// Seeds: valid inputs of every kind
// ------------------------------------------------------------------------------------------------

const SETS = [...ALL_SCHEMES.map((s) => keySet(s, 'fuzz')), ...ALL_SCHEMES.map((s) => secretSet(s, 'fuzz'))];
/** Files of format version 1 (test/vectors/v1), still read: fuzzed beside version 2's. */
const V1 = fileURLToPath(new URL('../../vectors/v1/', import.meta.url));
const V1_FILES = ['xor', 'additive', 'gf256', 'shamir'].map((d) =>
  readFileSync(join(V1, d, '1-ann.jointkey.json'), 'utf8'),
);
const V1_RECORDS = readdirSync(join(V1, 'data', 'wallets')).map(
  (f) => JSON.parse(readFileSync(join(V1, 'data', 'wallets', f), 'utf8')) as unknown,
);
const TEXTS = [
  ...SETS.flatMap((s) => s.childKeys.map(childKeyToText)),
  ...V1_FILES.map((f) => (JSON.parse(f) as { childKey: string }).childKey),
];
const FILES = [...SETS.flatMap((s) => s.childKeys.map((ck) => childKeyToFile(ck, s.set))), ...V1_FILES];
const SET_JSONS = [
  ...SETS.map((s) => setPublicToJson(s.set)),
  ...V1_FILES.map((f) => (JSON.parse(f) as { set: unknown }).set),
];
const RECEIPTS = (labels: readonly string[]) =>
  labels.map((holder, i) => ({
    index: i + 1,
    holder,
    method: 'file' as const,
    confirmedAt: '2026-11-24T00:00:00.000Z',
  }));
const RECORDS = [
  ...SETS.slice(0, 4).map((s) =>
    JSON.parse(JSON.stringify(walletRecordOf(s.set, '2026-11-24T00:00:00.000Z', RECEIPTS(s.set.labels)))),
  ),
  ...V1_RECORDS,
];

/** SLIP-39 wallets' records (public data only), 2-of-3 and 3-of-3. */
const SLIP39_RECORDS = [2, 3].map((t) => {
  const rng = seededRng(`fuzz/slip39-wallet/${t}`);
  const { wallet } = slip39SplitKey('secp256k1', generatePrivateKey('secp256k1', rng), {
    labels: ['Alice', 'Bob', 'Carol'],
    walletLabel: 'Family',
    threshold: t,
    rng,
  });
  return JSON.parse(
    JSON.stringify(slip39WalletRecordOf(wallet, '2026-11-24T00:00:00.000Z', RECEIPTS(wallet.labels))),
  ) as unknown;
});

/** A standard SLIP-39 wallet's record (its seed's public keys on the BIP-32 paths), 2-of-3. */
const SLIP39_BIP32_RECORDS = [2].map((t) => {
  const rng = seededRng(`fuzz/slip39-bip32-wallet/${t}`);
  const { wallet } = slip39Bip32SplitSeed(generatePrivateKey('secp256k1', rng), {
    labels: ['Alice', 'Bob', 'Carol'],
    walletLabel: 'Family',
    threshold: t,
    rng,
  });
  return JSON.parse(
    JSON.stringify(slip39Bip32WalletRecordOf(wallet, '2026-11-24T00:00:00.000Z', RECEIPTS(wallet.labels))),
  ) as unknown;
});

const fast = { iterationExponent: 0 };
const MNEMONICS = slip39Split({
  masterSecret: seededRng('fuzz/slip39')(16),
  groupThreshold: 1,
  groups: [{ threshold: 2, count: 3 }],
  ...fast,
}).flat();
const SLIP_FILES = MNEMONICS.map((mnemonic, i) =>
  JSON.parse(
    slip39ChildKeyToFile({
      mnemonic,
      label: `Holder ${i + 1}`,
      walletLabel: 'Family',
      parties: 3,
      curve: 'secp256k1',
      walletId: new Uint8Array(33).fill(2),
    }),
  ),
);

function mutatedWords(seed: string, words: readonly string[]): fc.Arbitrary<string> {
  const list = seed.split(' ');
  const edit = fc.tuple(fc.nat(list.length - 1), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...words));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const w = [...list];
    for (const [i, kind, word] of edits) {
      if (kind === 0) w[i] = word;
      else if (kind === 1) w.splice(i, 1);
      else if (kind === 2) w.splice(i, 0, word);
      else w[i] = (w[i] ?? '').slice(0, 3);
    }
    return w.join(' ');
  });
}

const HEX_KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const HEX_KEY_FOR_KEYSTORE = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const WIFS = [
  '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ',
  'KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617',
];
const BIP39 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
mnemonicToEntropy(BIP39, bip39English); // the seed is a valid phrase
// A keystore with a tiny scrypt cost (N = 2^4), so valid inputs are cheap; bounds are checked on every input.
const CHEAP_KEYSTORE = JSON.parse(
  encryptKeystoreJsonSync(
    { address: computeAddress(`0x${HEX_KEY_FOR_KEYSTORE}`), privateKey: `0x${HEX_KEY_FOR_KEYSTORE}` },
    'testpassword',
    { scrypt: { N: 16 } },
  ),
) as unknown;

const PASS = 'lantern orbit mossy tulip';

// The app's IPC: every channel of the contract, through the real dispatcher and handlers, on a
// data folder with one wallet. A payload is refused (INVALID_PAYLOAD) or handled; never INTERNAL.
const IPC_DATA = tempDir('jointkey-fuzz-ipc-');
const IPC_WALLET = saveWallet(IPC_DATA, tempDir('jointkey-fuzz-keys-'), 'shamir', 'fuzz-ipc');
const { dispatch: IPC_DISPATCH } = makeDispatch(IPC_DATA);
const IPC_SEEDS: unknown[] = [
  {},
  { walletId: IPC_WALLET.walletId },
  { sessionId: '00000000-0000-4000-8000-000000000000', childKey: { kind: 'text', text: IPC_WALLET.texts[0] } },
  { path: IPC_WALLET.files[0], passphrase: PASS },
  { id: `${IPC_WALLET.walletId}/1` },
];
// A wallet's record of use: two entries, the second fuzzed (its text, its fields).
const LOG_ID = 'ab'.repeat(16);
const LOG_FIRST = nextLogEntry(
  undefined,
  LOG_ID,
  'created',
  {
    label: 'Family',
    scheme: 'shamir',
    parties: 3,
    threshold: 2,
    holders: ['Alice', 'Bob', 'Carol'],
    publicKey: '02'.repeat(33),
    previousSetId: null,
  },
  '2027-05-03T00:00:00.000Z',
);
const LOG_SECOND = nextLogEntry(
  LOG_FIRST,
  LOG_ID,
  'signed',
  {
    holders: [{ index: 1, label: 'Alice', from: 'keychain' }],
    description: ['Sign a message of 2 bytes with bip340'],
    signature: 'ff'.repeat(64),
    txHash: null,
  },
  '2027-05-04T00:00:00.000Z',
);
const AGE_FILES = await Promise.all(FILES.slice(0, 2).map((f) => encryptChildKeyFile(f, PASS, 14)));

/** A FROST wallet (2 of 3, bip340), a child-key file and text of it, a request and its round-1 and round-2 answers. */
const FROST_CEREMONY = frostSplitKey(
  'secp256k1',
  generatePrivateKey('secp256k1', seededRng('fuzz/frost')),
  { scheme: 'frost', labels: ['Alice', 'Bob', 'Carol'], threshold: 2, walletLabel: 'Roof' },
  'generated',
  seededRng('fuzz/frost/dealer'),
);
const FROST_FILES = [1, 2].map((i) => FROST_CEREMONY.fileForm(i));
const FROST_TEXTS = [1, 2].map((i) => FROST_CEREMONY.textForm(i));
const FROST_CKS = () => FROST_FILES.map((f) => frostChildKeyFromFile(JSON.parse(f)));
const FROST_REQ = frostRequest(
  FROST_CKS()[0]!.wallet,
  Uint8Array.of(1, 2, 3),
  describeRequest({ kind: 'message', algo: 'bip340', message: Uint8Array.of(1, 2, 3) }),
  [1, 2],
  new Uint8Array(16).fill(7),
  '2026-12-04T00:00:00.000Z',
);
/** A PSBT request of the same wallet: two of its Taproot inputs (version 2 of the request). */
const FROST_PSBT_REQ = frostPsbtRequest(
  FROST_CKS()[0]!.wallet,
  buildPsbt(Uint8Array.of(2, ...Buffer.from(FROST_CKS()[0]!.wallet.internalKey as string, 'hex')), {
    mine: ['tr', 'tr'],
  }).toBuffer(),
  {},
  [1, 2],
  new Uint8Array(16).fill(8),
  '2026-12-04T00:00:00.000Z',
);
const FROST_R1 = FROST_CKS().map((ck, i) => frostCommit(FROST_REQ, ck, seededRng(`fuzz/frost/r1/${i}`)));
const FROST_COMMITMENTS = FROST_R1.map((r) => r.commitment);
const FROST_SHARES = FROST_CKS().map((ck, i) => frostRespond(FROST_REQ, FROST_COMMITMENTS, ck, FROST_R1[i]!.nonces));

// ------------------------------------------------------------------------------------------------
// Targets
// ------------------------------------------------------------------------------------------------

const NOISE = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 100 }));

/** PSBTs of one wallet (bitcoinjs-lib's): SegWit, Taproot and foreign inputs, testnet paths, a v2 one. */
const PSBT_PUB = secp256k1.getPublicKey(testKey('fuzz wallet'), true);
const PSBTS: Uint8Array[] = [
  buildPsbt(PSBT_PUB, { foreign: true }).toBuffer(),
  buildPsbt(PSBT_PUB, { network: 'testnet', coinType: 1, mine: ['tr'] }).toBuffer(),
  buildPsbt(PSBT_PUB, { mine: ['wpkh'], change: false }).toBuffer(),
  Transaction.fromPSBT(buildPsbt(PSBT_PUB).toBuffer()).toPSBT(2),
];

/** Bytes with 1 to 6 edits: a byte replaced, inserted or removed, a bit flipped, the end cut, a run repeated. */
function mutatedBytes(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 255 }));
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let b = Array.from(seed);
    for (const [pos, kind, v] of edits) {
      const i = b.length === 0 ? 0 : pos % b.length;
      if (kind === 0) b[i] = v;
      else if (kind === 1) b.splice(i, 0, v);
      else if (kind === 2) b.splice(i, 1);
      else if (kind === 3) b[i] = (b[i] ?? 0) ^ (1 << (v % 8));
      else if (kind === 4) b = b.slice(0, i);
      else b.splice(i, 0, ...b.slice(i, i + (v % 40)));
    }
    return new Uint8Array(b);
  });
}
const BYTE_NOISE = fc.uint8Array({ maxLength: 600 });
const JSON_NOISE = fc.jsonValue({ maxDepth: 3 });

/** A target's name and bounds. */
type Bounds = Pick<FuzzTarget, 'name' | 'fullRuns' | 'maxMs'>;

/** A parser of text: `seeds` with characters changed, and noise. */
function textTarget(b: Bounds, seeds: readonly string[], run: (s: string) => unknown): FuzzTarget {
  return { ...b, arbitrary: around(seeds, mutatedString, NOISE), run };
}

/** A parser of parsed JSON: `seeds` with a value replaced or a key removed, and any JSON value. */
function jsonTarget(b: Bounds, seeds: readonly unknown[], run: (v: unknown) => unknown): FuzzTarget {
  return { ...b, arbitrary: around(seeds, mutatedJson, JSON_NOISE), run };
}

/** A parser of JSON text: the same inputs as {@link jsonTarget}, written out as JSON. */
function jsonTextTarget(b: Bounds, seeds: readonly unknown[], run: (s: string) => unknown): FuzzTarget {
  return { ...b, arbitrary: around(seeds, mutatedJson, JSON_NOISE).map((v) => JSON.stringify(v) ?? 'null'), run };
}

/** EIP-712 documents: the EIP's own Mail example (nested structs) and an EIP-2612 permit with an array beside it. */
const TYPED_DATA: unknown[] = [
  {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person[]' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    domain: {
      name: 'Ether Mail',
      version: '1',
      chainId: 1,
      verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
    },
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: [{ name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }],
      contents: 'Hello, Bob!',
    },
  },
  {
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
        { name: 'tags', type: 'bytes32[2]' },
        { name: 'delta', type: 'int8' },
        { name: 'ok', type: 'bool' },
      ],
    },
    primaryType: 'Permit',
    domain: { name: 'USD Coin', version: '2', chainId: '0x1', salt: `0x${'ab'.repeat(32)}` },
    message: {
      owner: '0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826',
      spender: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      value: '115792089237316195423570985008687907853269984665640564039457584007913129639935',
      nonce: 0,
      deadline: '0x6b3a0c80',
      tags: [`0x${'00'.repeat(32)}`, `0x${'ff'.repeat(32)}`],
      delta: -128,
      ok: true,
    },
  },
];

/** JSON ABIs with nested tuples and arrays; the call described is one the first decodes. */
const CALL_ABIS: unknown[] = [
  [
    {
      type: 'function',
      name: 'deposit',
      stateMutability: 'payable',
      inputs: [
        { name: 'beneficiary', type: 'address' },
        {
          name: 'terms',
          type: 'tuple',
          components: [
            { name: 'memo', type: 'string' },
            { name: 'ids', type: 'uint256[]' },
          ],
        },
      ],
      outputs: [],
    },
    { type: 'event', name: 'Deposited', inputs: [] },
  ],
];
const CALL_DATA = encodeFunctionData({
  abi: CALL_ABIS[0] as Abi,
  functionName: 'deposit',
  args: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', { memo: 'rent', ids: [1n, 2n] }],
});
const CALL_TX = {
  chainId: 1,
  nonce: 0,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  valueWei: 0n,
  gas: 100000n,
  maxFeePerGasWei: 2n,
  maxPriorityFeePerGasWei: 1n,
  data: CALL_DATA,
};

/** Solana transfers as typed on the command line: "RECIPIENT AMOUNT BLOCKHASH", from a test wallet. */
const SOL_PUB = ed25519.getPublicKey(new Uint8Array(32).fill(7));
const SOL_TRANSFERS = [
  'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys 1.5 J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52',
  'Hc4UAWeXfmgE6HDxyNykQ8G8XhWAKPz6VjqRcPDXUyr3 0.000000001 9xp5Jz2v7ZsE3Xn5SVGkRisjo7h16vzF1ducwhWnc5n9',
  'AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9 18446744073.709551615 11111111111111111111111111111111',
];

/** Parses, describes and compiles one typed transfer (what jointkey sign-sol-transfer does before signing). */
function solTransfer(s: string): unknown {
  const [to, amount, recentBlockhash] = s.split(' ');
  const transfer = {
    to: to as string,
    lamports: parseSolAmount(amount as string),
    recentBlockhash: recentBlockhash as string,
  };
  return [describeSolTransfer(transfer, SOL_PUB), solTransferMessage(transfer, SOL_PUB)];
}

export const TARGETS: FuzzTarget[] = [
  textTarget(
    { name: 'Solana transfer: recipient, amount in SOL, blockhash', fullRuns: 50_000, maxMs: 1000 },
    SOL_TRANSFERS,
    solTransfer,
  ),
  jsonTarget({ name: 'EIP-712 typed data (JSON)', fullRuns: 100_000, maxMs: 2000 }, TYPED_DATA, (v) =>
    describeTypedData(parseTypedData(v)),
  ),
  jsonTarget({ name: 'contract ABI, describing a call (JSON)', fullRuns: 20_000, maxMs: 2000 }, CALL_ABIS, (v) =>
    describeEthCall(CALL_TX, { abi: v as unknown[] }),
  ),
  jsonTarget(
    { name: 'FROST child-key file (JSON)', fullRuns: 20_000, maxMs: 2000 },
    FROST_FILES.map((f) => JSON.parse(f) as unknown),
    (v) => frostChildKeyFromFile(v),
  ),
  textTarget({ name: 'FROST child key, text form', fullRuns: 50_000, maxMs: 1000 }, FROST_TEXTS, (s) =>
    readChildKey(s, { from: 'typed' }, FROST_KIND),
  ),
  jsonTarget(
    { name: 'FROST signing request (JSON)', fullRuns: 20_000, maxMs: 2000 },
    [JSON.parse(JSON.stringify(FROST_REQ.json)), JSON.parse(JSON.stringify(FROST_PSBT_REQ.json))],
    (v) => frostRequestFromJson(v),
  ),
  jsonTarget({ name: 'FROST round-1 commitment (JSON)', fullRuns: 20_000, maxMs: 2000 }, FROST_COMMITMENTS, (v) =>
    frostCommitmentsFrom(FROST_REQ, [v, FROST_COMMITMENTS[1]]),
  ),
  jsonTarget({ name: 'FROST signature share (JSON)', fullRuns: 20_000, maxMs: 2000 }, FROST_SHARES, (v) =>
    frostAggregate(FROST_REQ, FROST_COMMITMENTS, [FROST_SHARES[0], v]),
  ),
  jsonTextTarget({ name: 'record of use entry (JSON)', fullRuns: 60_000, maxMs: 1000 }, [LOG_SECOND], (s) =>
    verifyLog(
      LOG_ID,
      new Map([
        [1, JSON.stringify(LOG_FIRST)],
        [2, s],
      ]),
    ),
  ),
  textTarget({ name: 'child key, text form', fullRuns: 300_000, maxMs: 1000 }, TEXTS, (s) => childKeyFromText(s)),
  textTarget({ name: 'child key, file form (characters)', fullRuns: 100_000, maxMs: 1000 }, FILES, (s) =>
    childKeyFromFile(s),
  ),
  jsonTextTarget(
    { name: 'child key, file form (fields)', fullRuns: 100_000, maxMs: 1000 },
    FILES.map((f) => JSON.parse(f) as unknown),
    (s) => childKeyFromFile(s),
  ),
  jsonTarget({ name: 'set public data (JSON)', fullRuns: 60_000, maxMs: 1000 }, SET_JSONS, (v) => setPublicFromJson(v)),
  jsonTarget({ name: 'wallet record (JSON)', fullRuns: 40_000, maxMs: 1500 }, RECORDS, (v) => walletRecordFromJson(v)),
  {
    name: 'wallet record of any kind, SLIP-39 ones (raw-key and standard) around (JSON)',
    fullRuns: 40_000,
    maxMs: 1500,
    arbitrary: around(
      [...SLIP39_RECORDS, ...SLIP39_BIP32_RECORDS, ...RECORDS],
      mutatedJson,
      fc.jsonValue({ maxDepth: 3 }),
    ),
    run: (v: unknown) => anyWalletRecordFromJson(v),
  },
  {
    name: 'SLIP-39 mnemonic',
    fullRuns: 200_000,
    maxMs: 1000,
    arbitrary: fc.oneof(
      around(MNEMONICS, (m) => mutatedWords(m, WORDLIST), NOISE),
      around(MNEMONICS, mutatedString, NOISE),
    ),
    run: (s: string) => decodeMnemonic(s),
  },
  jsonTarget({ name: 'SLIP-39 child-key file (JSON)', fullRuns: 50_000, maxMs: 1000 }, SLIP_FILES, (v) =>
    slip39ChildKeyFromFile(v),
  ),
  {
    name: 'private key, hex',
    fullRuns: 100_000,
    maxMs: 500,
    arbitrary: fc.tuple(
      fc.constantFrom('secp256k1', 'ed25519'),
      around([HEX_KEY, `0x${HEX_KEY}`], mutatedString, NOISE),
    ),
    run: ([curve, s]: ['secp256k1' | 'ed25519', string]) => importHexKey(curve, s),
  },
  textTarget({ name: 'private key, WIF', fullRuns: 60_000, maxMs: 500 }, WIFS, (s) => importWif(s)),
  {
    name: 'BIP-39 phrase and path',
    fullRuns: 8_000,
    maxMs: 2000,
    arbitrary: fc.tuple(
      around([BIP39], (m) => mutatedWords(m, bip39English), NOISE),
      around(["m/44'/60'/0'/0/0", "m/84'/0'/0'/0/0"], mutatedString, fc.string({ maxLength: 40 })),
    ),
    run: ([phrase, path]: [string, string]) => importMnemonic(phrase, path),
  },
  jsonTextTarget({ name: 'Ethereum keystore (JSON)', fullRuns: 3_000, maxMs: 5000 }, [CHEAP_KEYSTORE], (s) =>
    importKeystore(s, 'testpassword'),
  ),
  {
    name: 'IPC payloads, every channel',
    fullRuns: 100_000,
    maxMs: 3000,
    arbitrary: fc.tuple(fc.constantFrom(...CHANNELS), around(IPC_SEEDS, mutatedJson, JSON_NOISE)),
    run: async ([channel, payload]: [string, unknown]) => {
      const r = (await IPC_DISPATCH(channel as never, APP_PAGE, payload)) as { ok: boolean; code?: string };
      if (!r.ok && r.code === 'INTERNAL') throw new Error(`${channel}: INTERNAL for ${JSON.stringify(payload)}`);
    },
  },
  {
    name: 'Bitcoin PSBT (binary)',
    fullRuns: 100_000,
    maxMs: 2000,
    arbitrary: around(PSBTS, mutatedBytes, BYTE_NOISE),
    run: (b: Uint8Array) => describePsbt(b, PSBT_PUB, { acceptHighFee: true }),
  },
  textTarget(
    { name: 'Bitcoin PSBT (base64)', fullRuns: 100_000, maxMs: 2000 },
    PSBTS.map((b) => Buffer.from(b).toString('base64')),
    (s) => describePsbt(new TextEncoder().encode(s), PSBT_PUB),
  ),
  textTarget({ name: 'encrypted child-key file (age)', fullRuns: 1_500, maxMs: 10_000 }, AGE_FILES, (s) =>
    decryptChildKeyFile(new TextEncoder().encode(s), PASS, 'fuzz.jointkey.age'),
  ),
];
