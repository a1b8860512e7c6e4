#!/usr/bin/env node
/**
 * Writes the format test vectors (test/vectors/format/*.json, docs/FORMAT.md "Test vectors") with
 * the built command line, as a user would run it: `npm run build && node scripts/format-vectors.mjs`.
 *
 * Every case is split with `jointkey split … --plaintext --out DIR`; the child keys are the files
 * it writes (file form) and the `childKey` field inside them (text form). Every restore listed is
 * run with `jointkey restore` — from the files, and from text-form files — and must print the
 * input secret; every refusal listed is run too and records the error code JointKey gives. Splits
 * are random, so each run writes new child keys: the committed vectors are one run's output.
 *
 * Reads nothing from main/: the binary form and share of each child key are decoded here from the
 * text form, independently (the alphabet, the checksum and the field layout of docs/FORMAT.md).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'jointkey.js');
const OUT = join(ROOT, 'test', 'vectors', 'format');
const FORMAT_VERSION = 2;

const work = mkdtempSync(join(tmpdir(), 'jointkey-format-vectors-'));
let runs = 0;
const fresh = (name) => join(work, `${runs++}-${name}`);

function cli(args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let json;
  let error;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  try {
    error = JSON.parse(r.stderr).error;
  } catch {
    error = undefined;
  }
  return { status: r.status, json, error, stderr: r.stderr };
}

function fail(what) {
  throw new Error(`format-vectors: ${what}`);
}

// The text form, decoded from docs/FORMAT.md alone: "jk1", groups of the 32-character alphabet,
// the last four characters a check that makes the whole string ≡ 1 mod 1 048 573.
const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const M = 1_048_573;

function textToBinary(text) {
  const s = text.trim().toLowerCase();
  if (!s.startsWith('jk1')) fail('a text form without jk1');
  const words = [...s.slice(3)].filter((c) => c !== '-').map((c) => ALPHABET.indexOf(c));
  if (words.includes(-1)) fail('a character outside the alphabet');
  if (words.reduce((acc, w) => (acc * 32 + w) % M, 0) !== 1) fail('a text form whose check fails');
  const data = words.slice(0, -4);
  const bytes = [];
  let acc = 0;
  let bits = 0;
  for (const w of data) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) fail('bad padding');
  return Buffer.from(bytes);
}

/**
 * The share and (version 2) the blinding share: the last fields of the binary form, after the 27
 * fixed bytes, the wallet id and the label.
 */
function sharesOf(bin) {
  let at = 27;
  at += 1 + bin[at];
  at += 1 + bin[at];
  const len = bin.readUInt32BE(at);
  const share = bin.subarray(at + 4, at + 4 + len);
  if (share.length !== len) fail('share length');
  if (bin[0] === 1) {
    if (bin.length !== at + 4 + len) fail('bytes after the share');
    return { share };
  }
  const blinding = bin.subarray(at + 5 + len);
  if (blinding.length !== bin[at + 4 + len]) fail('blinding share length');
  return { share, blinding };
}

function typoIn(text, group) {
  // Replace the first character of the group with the next character of the alphabet.
  const parts = text.split('-');
  const g = parts[group];
  const c = ALPHABET[(ALPHABET.indexOf(g[0]) + 1) % 32];
  parts[group] = c + g.slice(1);
  return parts.join('-');
}

function swapIn(text, group) {
  const parts = text.split('-');
  const g = parts[group];
  for (let i = 0; i + 1 < g.length; i++)
    if (g[i] !== g[i + 1]) {
      parts[group] = g.slice(0, i) + g[i + 1] + g[i] + g.slice(i + 2);
      return parts.join('-');
    }
  fail('no swap possible');
}

function splitArgs(c, out) {
  const args = ['split', '--scheme', c.scheme, '--parties', String(c.parties)];
  if (c.threshold !== undefined) args.push('--threshold', String(c.threshold));
  if (c.secretFile !== undefined) args.push('--secret-file', c.secretFile);
  else args.push('--secret-hex', c.secretHex);
  if (c.curve) args.push('--curve', c.curve);
  args.push('--labels', c.labels.join(','), '--wallet-label', c.walletLabel, '--out', out, '--plaintext');
  return args;
}

function shown(args) {
  return `jointkey ${args
    .map((a) => (/^[\w./,@:=+-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))
    .join(' ')
    .replace(/--out \S+/, '--out DIR')
    .replace(/--secret-file \S+/, '--secret-file FILE')}`;
}

/** Splits, reads the files back, and checks every listed restore with the CLI. */
function runCase(c) {
  const out = fresh('keys');
  const args = splitArgs(c, out);
  const r = cli(args);
  if (r.status !== 0) fail(`${c.name}: split failed: ${r.stderr}`);
  const childKeys = r.json.files.map((path) => {
    const file = readFileSync(path, 'utf8');
    const parsed = JSON.parse(file);
    const bin = textToBinary(parsed.childKey);
    return {
      index: parsed.index,
      holder: parsed.holder,
      fileName: basename(path),
      text: parsed.childKey,
      binaryHex: bin.toString('hex'),
      shareHex: sharesOf(bin).share.toString('hex'),
      ...(bin[0] === 2 ? { blindingHex: sharesOf(bin).blinding.toString('hex') } : {}),
      file,
      path,
    };
  });
  const textFiles = childKeys.map((ck) => {
    const p = join(out, `${ck.index}.txt`);
    writeFileSync(p, `${ck.text}\n`);
    return p;
  });
  const restores = [];
  for (const indices of c.restores) {
    const files = indices.map((i) => childKeys[i - 1].path);
    const fromFiles = cli(['restore', ...files]);
    const fromText = cli(['restore', ...indices.map((i) => textFiles[i - 1])]);
    for (const [how, got] of [
      ['files', fromFiles],
      ['text forms', fromText],
    ])
      if (got.status !== 0 || got.json.secretHex !== c.secretHex)
        fail(`${c.name}: restore of ${indices} from ${how} gave ${got.stderr || JSON.stringify(got.json)}`);
    restores.push({ indices, secretHex: fromFiles.json.secretHex });
  }
  const walletId = r.json.publicKey ? { publicKey: r.json.publicKey } : { fingerprint: r.json.fingerprint };
  const set = JSON.parse(childKeys[0].file).set;
  return {
    out,
    result: {
      name: c.name,
      input: {
        scheme: c.scheme,
        parties: c.parties,
        threshold: c.threshold ?? c.parties,
        ...(c.secretFile === undefined ? { secretHex: c.secretHex } : {}),
        curve: c.curve ?? null,
        labels: c.labels,
        walletLabel: c.walletLabel,
      },
      command: shown(args),
      setId: r.json.setId,
      field: set.field,
      verification: set.verification.kind,
      ...walletId,
      childKeys: childKeys.map(({ path: _path, ...rest }) => rest),
      restores,
    },
    childKeys,
  };
}

function document(description, cases) {
  return {
    format: 'jointkey-format-vectors',
    formatVersion: FORMAT_VERSION,
    description,
    source: {
      generator: 'scripts/format-vectors.mjs',
      how: 'Split and restored with the JointKey command line (bin/jointkey.js, built from this repository); splits are random, so these are one run’s output.',
      jointkeyVersion: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
      generatedAt: new Date().toISOString().slice(0, 10),
      spec: 'docs/FORMAT.md',
    },
    cases,
  };
}

function save(name, doc) {
  writeFileSync(join(OUT, name), `${JSON.stringify(doc, null, 2)}\n`);
  console.warn(`wrote test/vectors/format/${name}`);
}

const sha = (s) => createHash('sha256').update(s).digest('hex');
const L3 = ['Alice', 'Bob', 'Carol'];
const L5 = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'];
const WALLET = 'Format vectors';

// Secrets: hashes of their names, so anyone can recompute them; keys are public test values.
const SECRET16 = sha('jointkey format vector: secret 16').slice(0, 32);
const SECRET20 = sha('jointkey format vector: secret 20').slice(0, 40);
const SECRET32 = sha('jointkey format vector: secret 32');
const SECRET33 = `${sha('jointkey format vector: secret 33')}2a`;
const SECRET100 = (sha('a') + sha('b') + sha('c') + sha('d')).slice(0, 200);
/** Hardhat's first development account: a public secp256k1 test key. */
const SECP_KEY = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** An ed25519 seed below L read little-endian (its last byte 0x05): split over the group order. */
const ED_SEED_LOW = `${sha('jointkey format vector: ed25519 seed').slice(0, 62)}05`;
/** RFC 8032 §7.1 test 1's seed: above L read little-endian, so split as a 32-byte secret. */
const ED_SEED_HIGH = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

mkdirSync(OUT, { recursive: true });
const all = {};

const specs = {
  'xor.json': [
    'The xor scheme (N-of-N): child keys 1..N−1 random, child key N the secret XOR all of them.',
    [
      { name: 'xor 3-of-3, 16 bytes', scheme: 'xor', parties: 3, secretHex: SECRET16, restores: [[1, 2, 3]] },
      {
        name: 'xor 2-of-2, 1 byte, labels outside ASCII',
        scheme: 'xor',
        parties: 2,
        secretHex: '2a',
        labels: ['Zoë', 'Łukasz'],
        walletLabel: 'Épargne familiale',
        restores: [[1, 2]],
      },
    ],
  ],
  'additive.json': [
    'The additive scheme (N-of-N): for a secret that is not a key, values mod 2^(8·length) (field pow2).',
    [{ name: 'additive 3-of-3, 20 bytes', scheme: 'additive', parties: 3, secretHex: SECRET20, restores: [[1, 2, 3]] }],
  ],
  'shamir.json': [
    'The shamir scheme: a polynomial mod the smallest Mersenne prime that holds the secret, x = 1..N.',
    [
      {
        name: 'shamir 2-of-3, 32 bytes (m521)',
        scheme: 'shamir',
        parties: 3,
        threshold: 2,
        secretHex: SECRET32,
        restores: [
          [1, 2],
          [1, 3],
          [2, 3],
          [1, 2, 3],
        ],
      },
      {
        name: 'shamir 3-of-5, 100 bytes (m1279)',
        scheme: 'shamir',
        parties: 5,
        threshold: 3,
        labels: L5,
        secretHex: SECRET100,
        restores: [
          [1, 2, 3],
          [2, 4, 5],
          [1, 2, 3, 4, 5],
        ],
      },
      {
        name: 'shamir 3-of-3 (the default threshold), 32 bytes (m521)',
        scheme: 'shamir',
        parties: 3,
        secretHex: SECRET32,
        restores: [[1, 2, 3]],
      },
    ],
  ],
  'gf256.json': [
    'The gf256 scheme: byte-wise Shamir over GF(2^8) with the AES polynomial 0x11b, x = 1..N.',
    [
      {
        name: 'gf256 3-of-5, 33 bytes',
        scheme: 'gf256',
        parties: 5,
        threshold: 3,
        labels: L5,
        secretHex: SECRET33,
        restores: [
          [1, 2, 3],
          [3, 4, 5],
          [1, 3, 5],
          [1, 2, 3, 4, 5],
        ],
      },
      {
        name: 'gf256 2-of-3, 16 bytes',
        scheme: 'gf256',
        parties: 3,
        threshold: 2,
        secretHex: SECRET16,
        restores: [
          [1, 2],
          [2, 3],
        ],
      },
    ],
  ],
  'curve-keys.json': [
    'Private keys: the wallet id is the public key; over the curve’s group order when the key is a scalar below it.',
    [
      {
        name: 'secp256k1 key, shamir 2-of-3 over n (Feldman commitments)',
        scheme: 'shamir',
        parties: 3,
        threshold: 2,
        curve: 'secp256k1',
        secretHex: SECP_KEY,
        restores: [
          [1, 2],
          [2, 3],
          [1, 2, 3],
        ],
      },
      {
        name: 'secp256k1 key, additive 3-of-3 over n (public points)',
        scheme: 'additive',
        parties: 3,
        curve: 'secp256k1',
        secretHex: SECP_KEY,
        restores: [[1, 2, 3]],
      },
      {
        name: 'secp256k1 key, gf256 2-of-3 (bytes, blinded hashes)',
        scheme: 'gf256',
        parties: 3,
        threshold: 2,
        curve: 'secp256k1',
        secretHex: SECP_KEY,
        restores: [[1, 3]],
      },
      {
        name: 'ed25519 seed below L, shamir 2-of-3 over L (little-endian, Feldman commitments)',
        scheme: 'shamir',
        parties: 3,
        threshold: 2,
        curve: 'ed25519',
        secretHex: ED_SEED_LOW,
        restores: [
          [1, 2],
          [1, 3],
        ],
      },
      {
        name: 'ed25519 seed below L, additive 2-of-2 over L (public points)',
        scheme: 'additive',
        parties: 2,
        curve: 'ed25519',
        labels: ['Alice', 'Bob'],
        secretHex: ED_SEED_LOW,
        restores: [[1, 2]],
      },
      {
        name: 'ed25519 seed above L (RFC 8032 test 1), shamir 2-of-3 over m521 (blinded hashes)',
        scheme: 'shamir',
        parties: 3,
        threshold: 2,
        curve: 'ed25519',
        secretHex: ED_SEED_HIGH,
        restores: [[2, 3]],
      },
      {
        name: 'ed25519 seed above L (RFC 8032 test 1), additive 2-of-2 mod 2^256 (blinded hashes)',
        scheme: 'additive',
        parties: 2,
        curve: 'ed25519',
        labels: ['Alice', 'Bob'],
        secretHex: ED_SEED_HIGH,
        restores: [[1, 2]],
      },
    ],
  ],
};

try {
  for (const [name, [description, list]] of Object.entries(specs)) {
    const cases = [];
    for (const spec of list) {
      const c = { labels: L3, walletLabel: WALLET, ...spec };
      const run = runCase(c);
      all[c.name] = run;
      cases.push(run.result);
    }
    save(name, document(description, cases));
  }

  // The sealed body: a file larger than 64 KiB is sealed beside the child keys, and only its
  // 32-byte file key is split. The plaintext is 65 537 bytes (two chunks: 65 536 and 1).
  {
    const plain = Buffer.alloc(65_537);
    for (let i = 0, block = 0; i < plain.length; block++) {
      const h = createHash('sha256').update(`jointkey format vector: sealed body ${block}`).digest();
      h.copy(plain, i);
      i += h.length;
    }
    const source = fresh('plain.bin');
    writeFileSync(source, plain);
    const c = {
      name: 'a sealed body: 65 537 bytes in two chunks, its file key split shamir 2-of-3',
      scheme: 'shamir',
      parties: 3,
      threshold: 2,
      labels: L3,
      walletLabel: 'Sealed vector',
      secretFile: source,
      restores: [],
    };
    const run = runCase(c);
    const body = readFileSync(join(run.out, 'body.jointkey.sealed'));
    for (const indices of [
      [1, 2],
      [2, 3],
    ]) {
      const dest = fresh('opened.bin');
      const r = cli(['restore', ...indices.map((i) => run.childKeys[i - 1].path), '--out', dest]);
      if (r.status !== 0 || !readFileSync(dest).equals(plain)) fail(`sealed: restore ${indices}: ${r.stderr}`);
      run.result.restores.push({ indices, plaintextSha256: sha(plain), plaintextBytes: plain.length });
    }
    const fileKey = cli(['restore', run.childKeys[0].path, run.childKeys[1].path]);
    if (fileKey.status === 0) fail('sealed: restore without --out should refuse (the body lies beside the files)');
    save(
      'sealed-body.json',
      document('A sealed body (AES-256-GCM in chunks) and the child keys of its file key.', [
        {
          ...run.result,
          plaintext: {
            bytes: plain.length,
            sha256: sha(plain),
            rule: 'SHA-256("jointkey format vector: sealed body " + decimal block number) for blocks 0, 1, …, concatenated and cut to 65 537 bytes',
          },
          body: { fileName: 'body.jointkey.sealed', bytes: body.length, base64: body.toString('base64') },
        },
      ]),
    );
  }

  // Refusals: what JointKey refuses, with the code its command line gives.
  {
    const refusals = [];
    const shamir = all['shamir 2-of-3, 32 bytes (m521)'].childKeys;
    const xor = all['xor 3-of-3, 16 bytes'].childKeys;
    const gf = all['gf256 2-of-3, 16 bytes'].childKeys;
    const other = runCase({
      name: 'another split of the same secret, shamir 2-of-3',
      scheme: 'shamir',
      parties: 3,
      threshold: 2,
      labels: L3,
      walletLabel: WALLET,
      secretHex: SECRET32,
      restores: [[1, 2]],
    }).childKeys;
    const record = (name, inputs, expected) => {
      const paths = inputs.map((inp, i) => {
        const p = fresh(`refusal-${i}.txt`);
        writeFileSync(p, inp.file ?? `${inp.text}\n`);
        return p;
      });
      const r = cli(['restore', ...paths]);
      if (r.status === 0 || r.error?.code !== expected) fail(`refusal "${name}": got ${r.stderr || 'success'}`);
      refusals.push({ name, inputs, code: r.error.code, message: r.error.message.replace(/^[^:]*\.txt: /, '') });
    };
    const text = (ck) => ({ text: ck.text });
    const file = (ck) => ({ file: ck.file });
    record(
      'a typo: one character changed in group 3',
      [{ text: typoIn(shamir[0].text, 3) }, text(shamir[1])],
      'CHECKSUM_MISMATCH',
    );
    record(
      'two neighbouring characters swapped in group 5',
      [text(shamir[0]), { text: swapIn(shamir[1].text, 5) }],
      'CHECKSUM_MISMATCH',
    );
    record(
      'a typo in a file form',
      [{ file: shamir[0].file.replace(shamir[0].text, typoIn(shamir[0].text, 2)) }, file(shamir[1])],
      'CHECKSUM_MISMATCH',
    );
    // Version 2: each split of a secret has its own fingerprint (keyed by its blinding key), so
    // another split of the same secret is another wallet id.
    record(
      'a mixed set: child keys of two splits of the same secret',
      [file(shamir[0]), file(other[1])],
      'DIFFERENT_WALLET',
    );
    record('a mixed set, text forms', [text(shamir[0]), text(other[1])], 'DIFFERENT_WALLET');
    // Two splits of the same key share its public key: the child keys are of another set.
    const keySplit = (name) =>
      runCase({
        name,
        scheme: 'shamir',
        parties: 3,
        threshold: 2,
        curve: 'secp256k1',
        labels: L3,
        walletLabel: WALLET,
        secretHex: SECP_KEY,
        restores: [[1, 2]],
      }).childKeys;
    const keyA = keySplit('a split of a key, shamir 2-of-3');
    const keyB = keySplit('another split of the same key, shamir 2-of-3');
    record('a mixed set: child keys of two splits of the same key', [file(keyA[0]), file(keyB[1])], 'DIFFERENT_SET');
    record('a mixed set: child keys of two different secrets', [text(shamir[0]), text(gf[1])], 'DIFFERENT_WALLET');
    record('too few: 1 of a 2-of-3 set', [file(shamir[0])], 'TOO_FEW_CHILD_KEYS');
    record('too few: 2 of a 3-of-3 xor set', [file(xor[0]), file(xor[2])], 'TOO_FEW_CHILD_KEYS');
    record('a duplicate: the same child key twice', [file(shamir[1]), file(shamir[1])], 'DUPLICATE_CHILD_KEY');
    record('a duplicate in an N-of-N set', [text(xor[0]), text(xor[0]), text(xor[1])], 'DUPLICATE_CHILD_KEY');
    save(
      'refusals.json',
      document('Inputs that JointKey refuses, and the error code its command line gives.', refusals),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
