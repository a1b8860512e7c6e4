/**
 * The catalogue of faults and bad inputs a person will bring: wrong passphrases; truncated,
 * bit-flipped, empty, directory and 200 MB files; child keys of another wallet, duplicates, too few
 * and too many; mixed schemes; index 0; non-canonical encodings; invalid private keys on import; a
 * wallet record edited by hand; a locked or missing keychain; IPC from a foreign frame or with a bad
 * payload; a special file system (/proc), a negative number, scrypt below its floor, nothing piped
 * to --secret-file -, a full disk (a real tmpfs, where root), a file renamed to another holder's name.
 *
 * Each is run as a person runs it — the built command line, or the app's IPC dispatcher — and each
 * must be answered by its error code and a message that names the input, within seconds and with a
 * heap capped at 128 MiB (an input that made JointKey read a 200 MB file whole would crash it), and
 * must leave every file on disk — and the keychain — exactly as it was.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes } from '../../main/core/bytes.js';
import { childKeyFromFile, childKeyToFile } from '../../main/core/formats/file-form.js';
import { bytesToText, childKeyToBytes, childKeyToText } from '../../main/core/formats/text-form.js';
import { assertBuilt, jointkey } from '../support/cli.js';
import { mountTmpfs } from '../support/tmpfs.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { buildPsbt, psbtWithInputs, type BuildOptions } from '../support/psbt.js';
import { secretServiceCall, secretServiceMissing, startPrivateSecretService } from '../support/secret-service.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
/** A Solana recipient and a blockhash (public example data). */
const SOL_TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
const SOL_HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
const N = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'; // secp256k1's group order
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];
/** The most one refusal may take here (the machine is shared; each is well under a second alone). */
const MAX_MS = 15_000;
/** Node's heap cap for every run: a 200 MB file read whole would exceed it and crash, not be refused. */
const HEAP = '--max-old-space-size=128';

let dir: string;
let n = 0;
/** EIP-712's own example document; an Ethereum transaction's options; an ERC-20 token and its options. */
const TYPED_DATA = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Ether Mail', chainId: 1 },
  message: { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, contents: 'Hello' },
};
const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const ETH_TX = [
  '--nonce',
  '0',
  '--chain-id',
  '1',
  '--max-fee-wei',
  '2',
  '--max-priority-fee-wei',
  '1',
  '--gas',
  '60000',
];
const ERC20 = ['--token', TOKEN, '--to', TOKEN, ...ETH_TX, '--decimals', '6', '--symbol', 'USDC'];
/** A PSBT (bitcoinjs-lib's) spending the SegWit and Taproot addresses of KEY's wallet. */
const psbtOf = (o: BuildOptions = {}) => buildPsbt(secp256k1.getPublicKey(Buffer.from(KEY, 'hex'), true), o).toBuffer();
const path = (name: string) => join(dir, name);
const fresh = (prefix = 'run') => join(dir, `${prefix}-${n++}`);

function textFile(text: string | Uint8Array, name = `input-${n++}.txt`): string {
  writeFileSync(path(name), text, { mode: 0o600 });
  return path(name);
}
const passFile = (lines: readonly string[]) => textFile(`${lines.join('\n')}\n`);

/** Every file under `dir`: relative path → size and SHA-256 (a 200 MB sparse file is hashed by its size only). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out[`${relative(root, p)}/`] = 'dir';
        walk(p);
      } else {
        const size = statSync(p).size;
        out[relative(root, p)] =
          size > 16 * 1024 * 1024 ? `${size}` : `${size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      }
    }
  };
  walk(root);
  return out;
}

interface Case {
  name: string;
  args: () => string[];
  code: string;
  /** What the message must name (a path, a holder, an option). */
  names: () => string[];
  env?: () => Record<string, string>;
}

/** Runs one case: refused with its code, naming the input, in time, with nothing on disk changed. */
function refuse(c: Case): void {
  const args = c.args();
  const before = snapshot(dir);
  const t0 = performance.now();
  const r = jointkey(args, { env: { ...process.env, NODE_OPTIONS: HEAP, ...(c.env?.() ?? {}) } });
  const ms = performance.now() - t0;
  expect(r.status, `${c.name}: ${r.stderr}`).not.toBe(0);
  expect(r.error?.code, `${c.name}: ${r.stderr}`).toBe(c.code);
  for (const name of c.names()) expect(r.error?.message, c.name).toContain(name);
  expect(r.error?.message).not.toContain(KEY);
  expect(ms).toBeLessThan(MAX_MS);
  expect(snapshot(dir), `${c.name} changed something on disk`).toEqual(before);
}

// The fixtures: one encrypted 3-of-3 wallet, a plain 2-of-3 one, another wallet, a SLIP-39 set.
let enc: string[];
let plain: string[];
let plainSetId: string;
let other: string[];
let slip: string[];
let data: string;
/** A wallet rekeyed (its old files, its data folder): its old child keys are of a replaced set. */
let replaced: { files: string[]; data: string };

function split(extra: string[], labels = 'Alice,Bob,Carol'): { files: string[]; setId: string } {
  const r = jointkey(['split', '--parties', '3', '--labels', labels, '--out', fresh('keys'), ...extra]);
  if (r.status !== 0) throw new Error(r.stderr);
  return { files: r.json.files, setId: r.json.setId };
}

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-catalogue-'));
  data = path('data');
  enc = split([
    '--scheme',
    'xor',
    '--secret-hex',
    KEY,
    '--curve',
    'secp256k1',
    '--wallet-label',
    'Family',
    '--passphrase-file',
    passFile(PASSES),
    '--scrypt-log-n',
    '14',
  ]).files;
  const p = split([
    '--scheme',
    'shamir',
    '--threshold',
    '2',
    '--secret-hex',
    KEY,
    '--curve',
    'secp256k1',
    '--plaintext',
    '--data-dir',
    data,
  ]);
  plain = p.files;
  plainSetId = p.setId;
  other = split(['--scheme', 'shamir', '--threshold', '2', '--generate', 'secp256k1', '--plaintext']).files;
  slip = split(['--scheme', 'slip39', '--threshold', '2', '--secret-hex', KEY, '--plaintext']).files;
  const rdata = path('replaced-data');
  const r = split([
    '--scheme',
    'shamir',
    '--threshold',
    '2',
    '--generate',
    'secp256k1',
    '--plaintext',
    '--data-dir',
    rdata,
  ]);
  const rekeyed = jointkey([
    'rekey',
    '--out',
    fresh('rekeyed'),
    '--plaintext',
    '--data-dir',
    rdata,
    r.files[0]!,
    r.files[1]!,
  ]);
  if (rekeyed.status !== 0) throw new Error(rekeyed.stderr);
  replaced = { files: r.files, data: rdata };
}, 120_000);

/** A copy of the plain wallet's record of use with `change` applied to its entry files; returns the data folder. */
function logCopy(change: (logDir: string) => void): string {
  const copy = fresh('data');
  const from = join(data, 'log', plainSetId);
  const to = join(copy, 'log', plainSetId);
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) writeFileSync(join(to, f), readFileSync(join(from, f)));
  change(to);
  return copy;
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of a file with `edit` applied to its bytes. */
function edited(file: string, edit: (b: Buffer) => Buffer | Uint8Array, name = `edited-${n++}.json`): string {
  return textFile(edit(readFileSync(file)), name);
}
const flipBit = (at: (b: Buffer) => number) => (b: Buffer) => {
  const c = Buffer.from(b);
  const i = at(c);
  c[i] = (c[i] as number) ^ 0x04;
  return c;
};
/** The text form of child key `file` with `change` made to its parsed fields (checksum recomputed). */
function recoded(file: string, change: (ck: any) => void): string {
  const { childKey } = childKeyFromFile(readFileSync(file, 'utf8'));
  change(childKey);
  return textFile(childKeyToText(childKey));
}

/**
 * The arguments of `jointkey split --scheme SCHEME --parties PARTIES …middle --out OUT` and then
 * --plaintext, or --passphrase-file with `passphrases`: by default a 2-holder XOR split into a fresh
 * folder, which a refusal must never create.
 */
function splitArgs(
  middle: string[],
  o: { scheme?: string; parties?: string; out?: string; passphrases?: string[] } = {},
): string[] {
  return [
    'split',
    '--scheme',
    o.scheme ?? 'xor',
    '--parties',
    o.parties ?? '2',
    ...middle,
    '--out',
    o.out ?? fresh('never'),
    ...(o.passphrases ? ['--passphrase-file', passFile(o.passphrases)] : ['--plaintext']),
  ];
}

const CASES: Case[] = [
  // ---- Passphrases and encrypted files
  {
    name: 'wrong passphrase',
    args: () => ['restore', '--passphrase-file', passFile([PASSES[0]!, PASSES[0]!, PASSES[2]!]), ...enc],
    code: 'WRONG_PASSPHRASE',
    names: () => [enc[1]!],
  },
  {
    name: 'no passphrase for an encrypted file',
    args: () => ['restore', ...enc],
    code: 'PASSPHRASE_NEEDED',
    names: () => [enc[0]!],
  },
  {
    name: 'passphrase file with too few lines',
    args: () => ['restore', '--passphrase-file', passFile(PASSES.slice(0, 2)), ...enc],
    code: 'INVALID_ARGUMENT',
    names: () => ['2 lines', '3 files'],
  },
  {
    name: 'truncated encrypted file',
    args: () => [
      'restore',
      '--passphrase-file',
      passFile(PASSES),
      enc[0]!,
      edited(enc[1]!, (b) => b.subarray(0, 120)),
      enc[2]!,
    ],
    code: 'TAMPERED_FILE',
    names: () => ['edited-'],
  },
  {
    name: 'bit-flipped encrypted file',
    args: () => [
      'restore',
      '--passphrase-file',
      passFile(PASSES),
      enc[0]!,
      edited(
        enc[1]!,
        flipBit((b) => b.length - 60),
      ),
      enc[2]!,
    ],
    code: 'TAMPERED_FILE',
    names: () => ['edited-'],
  },
  {
    name: 'weak passphrase on split',
    args: () =>
      splitArgs(['--generate', 'secp256k1', '--labels', 'Ann,Ben'], { passphrases: ['password123', PASSES[1]!] }),
    code: 'WEAK_PASSPHRASE',
    names: () => ['Ann'],
  },
  // ---- Damaged plain files
  {
    name: 'truncated file',
    args: () => ['restore', edited(plain[0]!, (b) => b.subarray(0, b.length / 2)), plain[1]!],
    code: 'MALFORMED_CHILD_KEY',
    names: () => ['edited-'],
  },
  {
    name: 'bit-flipped child key in a file',
    args: () => [
      'restore',
      edited(plain[0]!, (b) =>
        Buffer.from(
          b.toString('utf8').replace(/"childKey": "jk1-(.)/, (_m, c) => `"childKey": "jk1-${c === 'q' ? 'p' : 'q'}`),
        ),
      ),
      plain[1]!,
    ],
    code: 'CHECKSUM_MISMATCH',
    names: () => ['edited-'],
  },
  {
    name: 'bit-flipped readable field (holder label)',
    args: () => [
      'restore',
      edited(plain[0]!, (b) => Buffer.from(b.toString('utf8').replace('"holder": "Alice"', '"holder": "Alicf"'))),
      plain[1]!,
    ],
    code: 'TAMPERED_FILE',
    names: () => ['edited-'],
  },
  {
    name: 'empty file',
    args: () => ['restore', textFile(''), plain[1]!],
    code: 'MALFORMED_CHILD_KEY',
    names: () => ['input-'],
  },
  {
    name: 'binary garbage',
    args: () => ['restore', textFile(Uint8Array.from([0xff, 0xfe, 0, 1, 2, 0x80])), plain[1]!],
    code: 'MALFORMED_CHILD_KEY',
    names: () => ['input-'],
  },
  {
    name: 'a directory',
    args: () => {
      mkdirSync(path('a-folder'), { recursive: true });
      return ['restore', path('a-folder'), plain[1]!];
    },
    code: 'NOT_A_FILE',
    names: () => ['a-folder'],
  },
  {
    name: 'a 200 MB file',
    args: () => {
      const p = path('huge.jointkey.json');
      const fd = openSync(p, 'w');
      ftruncateSync(fd, 200 * 1024 * 1024);
      closeSync(fd);
      return ['restore', p, plain[1]!];
    },
    code: 'FILE_TOO_LARGE',
    names: () => ['huge.jointkey.json'],
  },
  {
    name: 'a missing file',
    args: () => ['restore', path('nowhere.json'), plain[1]!],
    code: 'FILE_NOT_FOUND',
    names: () => ['nowhere.json'],
  },
  // ---- Sets
  {
    name: 'a child key of another wallet',
    args: () => ['restore', plain[0]!, other[1]!],
    code: 'DIFFERENT_WALLET',
    names: () => [other[1]!],
  },
  {
    name: 'a duplicate',
    args: () => ['restore', plain[0]!, plain[0]!],
    code: 'DUPLICATE_CHILD_KEY',
    names: () => ['Alice'],
  },
  {
    name: 'too few for N-of-N',
    args: () => ['restore', enc[0]!, enc[1]!, '--passphrase-file', passFile(PASSES.slice(0, 2))],
    code: 'TOO_FEW_CHILD_KEYS',
    names: () => ['Carol'],
  },
  {
    name: 'too many for N-of-N',
    args: () => ['restore', '--passphrase-file', passFile([...PASSES, PASSES[0]!]), ...enc, enc[0]!],
    code: 'TOO_MANY_CHILD_KEYS',
    names: () => ['Alice'],
  },
  {
    name: 'mixed schemes (SLIP-39 and JointKey)',
    args: () => ['restore', plain[0]!, slip[1]!],
    code: 'DIFFERENT_SCHEME',
    names: () => ['different schemes'],
  },
  {
    name: 'index 0',
    args: () => ['restore', recoded(plain[0]!, (ck) => (ck.index = 0)), plain[1]!],
    code: 'INDEX_ZERO',
    names: () => ['index 0'],
  },
  {
    name: 'a forged share (valid checksum, wrong value)',
    args: () => [
      'restore',
      edited(plain[0]!, (b) => {
        const { childKey, set } = childKeyFromFile(b.toString('utf8'));
        childKey.share[5] = (childKey.share[5] as number) ^ 1;
        return Buffer.from(childKeyToFile(childKey, set));
      }),
      plain[1]!,
    ],
    code: 'CHILD_KEY_MISMATCH',
    names: () => ['Alice'],
  },
  // ---- Non-canonical encodings
  {
    name: 'non-canonical: a text form with a byte too many',
    args: () => {
      const { childKey } = childKeyFromFile(readFileSync(plain[0]!, 'utf8'));
      return ['restore', textFile(bytesToText(concatBytes(childKeyToBytes(childKey), Uint8Array.of(0)))), plain[1]!];
    },
    code: 'MALFORMED_CHILD_KEY',
    names: () => ['input-', 'extra bytes'],
  },
  {
    name: 'non-canonical: a share at or above the field prime',
    args: () => ['restore', recoded(plain[0]!, (ck) => ck.share.fill(0xff)), plain[1]!],
    code: 'MALFORMED_CHILD_KEY',
    names: () => ['input-', 'non-canonical'],
  },
  {
    name: 'non-canonical: hex key with a sign',
    args: () => splitArgs(['--hex', `+${KEY}`]),
    code: 'INVALID_KEY',
    names: () => ['hex'],
  },
  // ---- Invalid private keys on import
  ...(
    [
      ['zero', '00'.repeat(32), 'INVALID_KEY'],
      ['the group order', N, 'INVALID_KEY'],
      ['above the group order', 'ff'.repeat(32), 'INVALID_KEY'],
      ['31 bytes', KEY.slice(2), 'INVALID_KEY'],
      ['33 bytes', `${KEY}00`, 'INVALID_KEY'],
    ] as const
  ).map(([what, hex, code]) => ({
    name: `import: a key of ${what}`,
    args: () => splitArgs(['--hex', hex]),
    code,
    names: () => ['key'],
  })),
  {
    name: 'import: WIF with a wrong checksum',
    args: () => splitArgs(['--wif', '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK']),
    code: 'INVALID_KEY',
    names: () => ['WIF'],
  },
  // ---- Bitcoin transactions (PSBT). The child-key files are the encrypted ones with no passphrase:
  // had any been read before the PSBT was refused, the refusal would be PASSPHRASE_NEEDED.
  ...(
    [
      ['malformed (binary garbage)', () => crypto.getRandomValues(new Uint8Array(300)), [], 'INVALID_PSBT'],
      ['truncated', () => psbtOf().subarray(0, 120), [], 'INVALID_PSBT'],
      [
        'base64 with garbage',
        () => {
          const b64 = Buffer.from(psbtOf()).toString('base64');
          return `${b64.slice(0, 60)}$%&*${b64.slice(64)}`;
        },
        [],
        'INVALID_PSBT',
      ],
      ['for another network', () => psbtOf({ coinType: 0 }), ['--network', 'testnet'], 'NETWORK_MISMATCH'],
      ['with 10,000 inputs', () => psbtWithInputs(10_000), [], 'INVALID_PSBT'],
      ['with an input without its previous output', () => psbtOf({ dropUtxo: 1 }), [], 'MISSING_PREVIOUS_OUTPUT'],
      ['with a fee above the sanity bound', () => psbtOf({ amount: 20_000_000n, change: false }), [], 'FEE_TOO_HIGH'],
    ] as const
  ).map(([what, content, extra, code]) => {
    let file = '';
    return {
      name: `sign-psbt: a PSBT ${what}`,
      args: () => {
        file = textFile(content(), `psbt-${n++}.psbt`);
        return ['sign-psbt', '--psbt', file, '--out', fresh('signed'), ...extra, ...enc];
      },
      code,
      names: () => [file],
    };
  }),
  (() => {
    let file = '';
    return {
      name: 'sign-psbt: a PSBT that spends nothing of this wallet’s',
      args: () => {
        file = textFile(
          buildPsbt(secp256k1.getPublicKey(new Uint8Array(32).fill(9), true)).toBuffer(),
          `psbt-${n++}.psbt`,
        );
        return ['sign-psbt', '--psbt', file, '--out', fresh('signed'), plain[0]!, plain[1]!];
      },
      code: 'NOTHING_TO_SIGN',
      names: () => [file, 'nothing'],
    };
  })(),
  // ---- Ethereum (issue 15): each refused before any child key is read (the encrypted files, with
  // no passphrase: had one been read, the refusal would be PASSPHRASE_NEEDED).
  ...(
    [
      ['not JSON', () => '{"domain": {', 'is not JSON'],
      [
        'whose message lacks a field',
        () => JSON.stringify({ ...TYPED_DATA, message: { from: TYPED_DATA.message.from } }),
        'message.contents is missing',
      ],
      [
        'with a number out of its type’s range',
        () =>
          JSON.stringify({
            ...TYPED_DATA,
            types: { ...TYPED_DATA.types, Mail: [...TYPED_DATA.types.Mail, { name: 'n', type: 'uint8' }] },
            message: { ...TYPED_DATA.message, n: 256 },
          }),
        'message.n is out of range for uint8',
      ],
      [
        'with a struct type never defined',
        () => JSON.stringify({ ...TYPED_DATA, types: { ...TYPED_DATA.types, Mail: [{ name: 'p', type: 'Parcel' }] } }),
        'types.Mail.p',
      ],
      [
        'with a field its struct does not have',
        () => JSON.stringify({ ...TYPED_DATA, message: { ...TYPED_DATA.message, bcc: 'Eve' } }),
        'message.bcc is not a field of Mail',
      ],
    ] as const
  ).map(([what, content, names]) => {
    let file = '';
    return {
      name: `sign-eth-message: typed data ${what}`,
      args: () => {
        file = textFile(content(), `typed-${n++}.json`);
        return ['sign-eth-message', '--typed-data', file, ...enc];
      },
      code: 'INVALID_TYPED_DATA',
      names: () => (what === 'not JSON' ? [file, names] : [names]),
    };
  }),
  {
    name: 'sign-eth-message: a 200 MB typed-data file',
    args: () => {
      const p = path('huge-typed.json');
      const fd = openSync(p, 'w');
      ftruncateSync(fd, 200 * 1024 * 1024);
      closeSync(fd);
      return ['sign-eth-message', '--typed-data', p, ...enc];
    },
    code: 'FILE_TOO_LARGE',
    names: () => ['huge-typed.json'],
  },
  {
    name: 'sign-sol-transfer: an amount with more than 9 decimals',
    args: () => ['sign-sol-transfer', '--to', SOL_TO, '--amount', '1.0000000001', '--blockhash', SOL_HASH, ...enc],
    code: 'INVALID_ARGUMENT',
    names: () => ['1.0000000001', '10 decimals', 'SOL has 9'],
  },
  {
    name: 'sign-sol-transfer: an Ethereum address as the recipient',
    args: () => ['sign-sol-transfer', '--to', TOKEN, '--amount', '1', '--blockhash', SOL_HASH, ...enc],
    code: 'INVALID_ARGUMENT',
    names: () => [TOKEN, 'not base58'],
  },
  {
    name: 'sign-sol-transfer: a blockhash cut short',
    args: () => ['sign-sol-transfer', '--to', SOL_TO, '--amount', '1', '--blockhash', SOL_HASH.slice(0, 30), ...enc],
    code: 'INVALID_ARGUMENT',
    names: () => [SOL_HASH.slice(0, 30), 'not 32', 'getLatestBlockhash'],
  },
  {
    name: 'sign-sol-transfer: a secp256k1 wallet',
    args: () => ['sign-sol-transfer', '--to', SOL_TO, '--amount', '1', '--blockhash', SOL_HASH, plain[0]!, plain[1]!],
    code: 'INVALID_ARGUMENT',
    names: () => ['Only an Ed25519 wallet has a Solana address'],
  },
  {
    name: 'sign-erc20: an amount with more decimals than the token',
    args: () => ['sign-erc20', 'transfer', ...ERC20, '--amount', '12.3456789', ...enc],
    code: 'INVALID_ARGUMENT',
    names: () => ['12.3456789', '7 decimals', 'USDC has 6'],
  },
  {
    name: 'sign-eth-tx: call data nothing describes, not accepted blind',
    args: () => ['sign-eth-tx', '--to', TOKEN, '--value-wei', '0', ...ETH_TX, '--data', '0xa9059cbb00', ...enc],
    code: 'BLIND_SIGNING',
    names: () => [TOKEN, '--abi FILE', '--accept-blind'],
  },
  (() => {
    let abi = '';
    return {
      name: 'sign-eth-tx: call data that does not decode with the ABI given',
      args: () => {
        abi = textFile(JSON.stringify([{ type: 'function', name: 'f', inputs: [{ name: 'x', type: 'bool' }] }]));
        return [
          'sign-eth-tx',
          '--to',
          TOKEN,
          '--value-wei',
          '0',
          ...ETH_TX,
          '--data',
          '0xa9059cbb',
          '--abi',
          abi,
          ...enc,
        ];
      },
      code: 'BLIND_SIGNING',
      names: () => ['does not decode with the ABI given'],
    };
  })(),
  (() => {
    let abi = '';
    return {
      name: 'sign-eth-tx: an ABI file that is not an ABI',
      args: () => {
        abi = textFile('{"contract": "Token"}');
        return [
          'sign-eth-tx',
          '--to',
          TOKEN,
          '--value-wei',
          '0',
          ...ETH_TX,
          '--data',
          '0xa9059cbb',
          '--abi',
          abi,
          ...enc,
        ];
      },
      code: 'INVALID_ARGUMENT',
      names: () => ['not a JSON ABI'],
    };
  })(),
  // ---- Wallet records
  {
    name: 'a wallet record edited by hand',
    args: () => {
      const rec = join(data, 'wallets', `${plainSetId}.wallet.json`);
      const copy = fresh('data');
      mkdirSync(join(copy, 'wallets'), { recursive: true });
      writeFileSync(
        join(copy, 'wallets', `${plainSetId}.wallet.json`),
        readFileSync(rec, 'utf8').replace('"threshold": 2', '"threshold": 1'),
      );
      // Text-form child keys carry no set data: the record is what the session must trust.
      const texts = [recoded(plain[0]!, () => {}), recoded(plain[1]!, () => {})];
      return ['sign', '--algo', 'bip340', '--message-hex', '00', '--data-dir', copy, ...texts];
    },
    code: 'TAMPERED_FILE',
    names: () => [`${plainSetId}.wallet.json`, 'edited'],
  },
  // ---- The record of use
  {
    name: 'a log entry edited by hand',
    args: () => {
      const copy = logCopy((d) => {
        const f = join(d, '000002.json');
        writeFileSync(f, readFileSync(f, 'utf8').replace('"Alice"', '"Mallory"'));
      });
      return ['log', '--data-dir', copy, plainSetId];
    },
    code: 'TAMPERED_FILE',
    names: () => ['Entry 2 was edited'],
  },
  {
    name: 'a truncated log entry',
    args: () => {
      const copy = logCopy((d) => {
        const f = join(d, '000003.json');
        writeFileSync(f, readFileSync(f).subarray(0, 50));
      });
      return ['log', '--data-dir', copy, plainSetId];
    },
    code: 'TAMPERED_FILE',
    names: () => ['Entry 3 is not valid JSON'],
  },
  {
    name: 'a log entry removed',
    args: () => ['log', '--data-dir', logCopy((d) => rmSync(join(d, '000002.json'))), plainSetId],
    code: 'TAMPERED_FILE',
    names: () => ['Entry 2 is missing'],
  },
  {
    name: 'log entries reordered',
    args: () => {
      const copy = logCopy((d) => {
        const [two, three] = [readFileSync(join(d, '000002.json')), readFileSync(join(d, '000003.json'))];
        writeFileSync(join(d, '000002.json'), three);
        writeFileSync(join(d, '000003.json'), two);
      });
      return ['log', '--data-dir', copy, plainSetId];
    },
    code: 'TAMPERED_FILE',
    names: () => ["Entry 2's file holds entry 3", 'reordered'],
  },
  // ---- Checking a child key alone, rekeying
  {
    name: 'check: another wallet’s child key against a recorded wallet',
    args: () => ['check', '--data-dir', data, '--set-id', plainSetId, other[0]!],
    code: 'DIFFERENT_WALLET',
    names: () => [other[0]!],
  },
  {
    name: 'check: a child key of a replaced set',
    args: () => ['check', '--data-dir', replaced.data, replaced.files[2]!],
    code: 'DIFFERENT_SET',
    names: () => ['Carol’s child key from the set replaced on', 'use the new one'],
  },
  {
    name: 'rekey with fewer than the quorum',
    args: () => ['rekey', '--out', fresh('never'), '--plaintext', '--data-dir', data, plain[0]!],
    code: 'TOO_FEW_CHILD_KEYS',
    names: () => ['1 of 2'],
  },
  {
    name: 'rekey with a child key of another wallet',
    args: () => ['rekey', '--out', fresh('never'), '--plaintext', '--data-dir', data, plain[0]!, other[1]!],
    code: 'DIFFERENT_WALLET',
    names: () => [other[1]!],
  },
  {
    name: 'rekey with child keys of a replaced set',
    args: () => [
      'rekey',
      '--out',
      fresh('never'),
      '--plaintext',
      '--data-dir',
      replaced.data,
      replaced.files[0]!,
      replaced.files[2]!,
    ],
    code: 'DIFFERENT_SET',
    names: () => [replaced.files[0]!, 'replaced on', 'use the new one'],
  },
  {
    name: 'rekey with new labels that collide',
    args: () => [
      'rekey',
      '--labels',
      'Alice,Bob,ALICE',
      '--out',
      fresh('never'),
      '--plaintext',
      '--data-dir',
      data,
      plain[0]!,
      plain[1]!,
    ],
    code: 'USAGE',
    names: () => ['--labels', 'repeated'],
  },
  // ---- Usage
  {
    name: 'threshold above parties',
    args: () => splitArgs(['--threshold', '3', '--generate', 'secp256k1'], { scheme: 'shamir' }),
    code: 'INVALID_ARGUMENT',
    names: () => ['threshold'],
  },
  {
    name: 'one party',
    args: () => splitArgs(['--generate', 'secp256k1'], { parties: '1' }),
    code: 'INVALID_ARGUMENT',
    names: () => ['parties'],
  },
  {
    name: '256 parties',
    args: () => splitArgs(['--generate', 'secp256k1'], { parties: '256' }),
    code: 'INVALID_ARGUMENT',
    names: () => ['parties'],
  },
  {
    name: 'an unknown option',
    args: () => ['restore', '--passphrase', 'x', plain[0]!],
    code: 'USAGE',
    names: () => ['--passphrase'],
  },
  {
    name: 'split into a folder that already holds the files',
    args: () => {
      const out = fresh('taken');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, '1-alice.jointkey.json'), 'mine');
      return splitArgs(['--labels', 'Alice,Bob', '--generate', 'secp256k1'], { out });
    },
    code: 'FILE_EXISTS',
    names: () => ['1-alice.jointkey.json'],
  },
  // ---- Issue 14: special file systems, negative numbers, the scrypt floor, standard input, option names
  {
    name: 'split --out on /proc (a special file system; it used to spin forever)',
    args: () => splitArgs(['--generate', 'secp256k1'], { out: '/proc/jointkey-catalogue' }),
    code: 'INVALID_ARGUMENT',
    names: () => ['--out /proc/jointkey-catalogue', 'special file system'],
  },
  {
    name: 'a secret file on /proc',
    args: () => splitArgs(['--secret-file', '/proc/self/environ']),
    code: 'INVALID_ARGUMENT',
    names: () => ['--secret-file /proc/self/environ'],
  },
  {
    name: 'a negative number of parties',
    args: () => splitArgs(['--generate', 'secp256k1'], { parties: '-1' }),
    code: 'USAGE',
    names: () => ['--parties must be a whole number', '-1'],
  },
  {
    name: 'scrypt below 2^18 without the insecure test switch',
    args: () => splitArgs(['--generate', 'secp256k1', '--scrypt-log-n', '14'], { passphrases: PASSES.slice(0, 2) }),
    code: 'USAGE',
    names: () => ['--scrypt-log-n 14 is refused', '2^18'],
    env: () => ({ JOINTKEY_INSECURE_SCRYPT_FOR_TESTS: '' }),
  },
  {
    name: '--secret-file - with nothing piped in',
    args: () => splitArgs(['--secret-file', '-']),
    code: 'INVALID_ARGUMENT',
    names: () => ['--secret-file -'],
  },
  {
    name: 'a passphrase file that is a folder',
    args: () => {
      mkdirSync(path('a-folder'), { recursive: true });
      return splitArgs(['--generate', 'secp256k1', '--passphrase-file', path('a-folder')]).filter(
        (a) => a !== '--plaintext',
      );
    },
    code: 'NOT_A_FILE',
    names: () => ['--passphrase-file', 'a-folder'],
  },
  // ---- SLIP-39
  {
    name: 'a SLIP-39 mnemonic with a mistyped word',
    args: () => {
      const m = JSON.parse(readFileSync(slip[0]!, 'utf8')).mnemonic as string;
      const words = m.split(' ');
      words[6] = 'zzzz';
      return ['restore', textFile(words.join(' ')), slip[1]!];
    },
    code: 'UNKNOWN_WORD',
    names: () => ['7'],
  },
  {
    name: 'SLIP-39 with the wrong passphrase',
    args: () => ['restore', '--slip39-passphrase-file', passFile(['not it']), slip[0]!, slip[1]!],
    code: 'WRONG_RESULT',
    names: () => ['passphrase'],
  },
  // ---- Text form
  {
    name: 'a text-form child key with one character changed',
    args: () => {
      const t = recoded(plain[0]!, () => {});
      const s = readFileSync(t, 'utf8');
      const i = 20;
      return ['restore', textFile(s.slice(0, i) + (s[i] === 'q' ? 'p' : 'q') + s.slice(i + 1)), plain[1]!];
    },
    code: 'CHECKSUM_MISMATCH',
    names: () => ['input-'],
  },
  {
    name: 'another split of the same wallet',
    args: () => {
      const again = split([
        '--scheme',
        'shamir',
        '--threshold',
        '2',
        '--secret-hex',
        KEY,
        '--curve',
        'secp256k1',
        '--plaintext',
      ]).files;
      return ['restore', plain[0]!, again[1]!];
    },
    code: 'DIFFERENT_SET',
    names: () => ['Bob'],
  },
];

describe('the catalogue: every bad input named, in seconds, in bounded memory, nothing changed', () => {
  it('has at least 40 entries across the command line, files, IPC and the keychain', () => {
    expect(CASES.length + KEYCHAIN_CASES + IPC_CASES).toBeGreaterThanOrEqual(40);
  });
  for (const c of CASES) it(c.name, () => refuse(c), 60_000);
});

// ---- Issue 14: a full disk, and a file renamed to another holder's name
const tmpfs = mountTmpfs(4);
describe.skipIf(tmpfs.skip !== undefined)(`a full disk${tmpfs.skip ? ` (skipped: ${tmpfs.skip})` : ''}`, () => {
  afterAll(() => tmpfs.tmpfs?.unmount());
  it('restore --out of a sealed file onto a full disk: DISK_FULL, and nothing left on it', () => {
    const secret = randomBytes(6_000_000);
    const big = textFile(secret, 'big.bin');
    const r = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--secret-file',
      big,
      '--out',
      fresh('sealed'),
      '--plaintext',
    ]);
    expect(r.status, r.stderr).toBe(0);
    refuse({
      name: 'restore --out onto a full disk',
      args: () => ['restore', '--out', join(tmpfs.tmpfs!.dir, 'restored.bin'), ...(r.json.files as string[])],
      code: 'DISK_FULL',
      names: () => ['The disk is full: free', tmpfs.tmpfs!.dir],
    });
    expect(tmpfs.tmpfs!.files()).toEqual([]);
  });
});

describe('a file renamed to another holder’s name', () => {
  it('is restored, with a warning naming both (stderr and the output)', () => {
    const renamed = join(fresh('renamed'), '2-bob.jointkey.json');
    mkdirSync(join(renamed, '..'));
    writeFileSync(renamed, readFileSync(plain[2]!)); // Carol's child key under Bob's name
    const r = jointkey(['restore', plain[0]!, renamed]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.secretHex).toBe(KEY);
    expect(r.json.warnings).toEqual([
      expect.stringContaining('its name says "2 bob", but it holds the child key of 3 Carol'),
    ]);
    expect(JSON.parse(r.stderr).warning.code).toBe('NAME_MISMATCH');
  });
});

// ---- The keychain: missing, and locked
const KEYCHAIN_CASES = 3;
const missing = secretServiceMissing();
describe.skipIf(missing !== undefined)(`the keychain${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('no Secret Service: import, list and --from-keychain are refused, naming what to do', () => {
    const env = () => ({
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/jointkey-catalogue-bus',
      JOINTKEY_KEYCHAIN_SERVICE: 'JointKeyCatalogue',
    });
    refuse({
      name: 'keychain import, no Secret Service',
      args: () => ['keychain', 'import', plain[0]!],
      code: 'KEYCHAIN_UNAVAILABLE',
      names: () => ['GNOME Keyring'],
      env,
    });
    refuse({
      name: 'keychain list, no Secret Service',
      args: () => ['keychain', 'list'],
      code: 'KEYCHAIN_UNAVAILABLE',
      names: () => ['GNOME Keyring'],
      env,
    });
  });

  it('a locked keyring: import is refused and nothing is stored', async () => {
    const own = await startPrivateSecretService();
    try {
      const env = () => ({ DBUS_SESSION_BUS_ADDRESS: own.address, JOINTKEY_KEYCHAIN_SERVICE: 'JointKeyCatalogue' });
      const stored = jointkey(['keychain', 'import', plain[1]!], { env: { ...process.env, ...env() } });
      expect(stored.status, stored.stderr).toBe(0);
      secretServiceCall(
        own.address,
        '/org/freedesktop/secrets',
        'org.freedesktop.Secret.Service.Lock',
        'array:objpath:/org/freedesktop/secrets/aliases/default',
      );
      refuse({
        name: 'keychain import, locked',
        args: () => ['keychain', 'import', plain[0]!],
        code: 'KEYCHAIN_LOCKED',
        names: () => ['Unlock'],
        env,
      });
      refuse({
        name: 'restore --from-keychain, locked',
        args: () => ['restore', '--from-keychain', plain[0]!],
        code: 'KEYCHAIN_LOCKED',
        names: () => ['Unlock'],
        env,
      });
    } finally {
      await own.stop();
    }
  }, 60_000);
});

// ---- IPC: the app's dispatcher
const IPC_CASES = 4;
describe('IPC', () => {
  it('a foreign frame, a bad payload and a child key of another wallet are refused by name', async () => {
    const { APP_PAGE, makeDispatch, saveWallet, tempDir } = await import('../support/ipc.js');
    const dataDir = tempDir();
    const keys = tempDir('jointkey-catalogue-keys-');
    const w = saveWallet(dataDir, keys, 'shamir', 'catalogue');
    const stranger = saveWallet(tempDir(), keys, 'shamir', 'catalogue-other', 'Other wallet');
    const { dispatch } = makeDispatch(dataDir);
    const before = snapshot(dataDir);
    expect(await dispatch('wallets/list', 'https://evil.example/index.html', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN_SENDER',
    });
    const bad = (await dispatch('session/open', APP_PAGE, { walletId: 'not hex' })) as any;
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(bad.message).toContain('walletId');
    const open = (await dispatch('session/open', APP_PAGE, { walletId: w.walletId })) as any;
    const r = (await dispatch('session/add-child-key', APP_PAGE, {
      sessionId: open.value.sessionId,
      childKey: { kind: 'file', path: stranger.files[1] },
    })) as any;
    expect(r.value.last).toMatchObject({ accepted: false, code: 'DIFFERENT_WALLET' });
    expect(r.value.last.message).toContain('Bob');
    expect(snapshot(dataDir)).toEqual(before);
    expect(JSON.stringify([bad, r])).not.toContain(bytesToHex(w.key));
  });

  it('a signature asked for by the page but cancelled in main’s own dialog: nothing signed or saved', async () => {
    const { APP_PAGE, PersonAtDialog, makeDispatch, saveWallet, tempDir } = await import('../support/ipc.js');
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-catalogue-keys-'), 'shamir', 'catalogue-confirm');
    const person = new PersonAtDialog(false);
    const { dispatch, ctx } = makeDispatch(dataDir, {}, APP_PAGE, person);
    const before = snapshot(dataDir);
    const call = (channel: string, payload: unknown) => dispatch(channel, APP_PAGE, payload) as Promise<any>;
    const { sessionId } = (await call('session/open', { walletId: w.walletId })).value;
    const request = { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'Pay me.' };
    const { lines } = (await call('session/describe', { sessionId, request })).value;
    for (const text of w.texts.slice(0, 2))
      await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text } });
    const r = await call('session/sign', { sessionId });
    expect(r).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
    expect(r.message).toMatch(/^Nothing was signed/);
    expect(person.prompts.map((p) => p.detail)).toEqual([lines]);
    expect(await call('session/save-result', { sessionId })).toMatchObject({ ok: false });
    expect(ctx.results.size).toBe(0);
    expect(snapshot(dataDir)).toEqual(before);
  });
});
