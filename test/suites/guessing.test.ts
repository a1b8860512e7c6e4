/**
 * A curious holder with a short secret: can one holder, with only their own child-key file, the
 * wallet record and the command line's output, find a 2-byte secret by trying all 65 536 values?
 *
 * The attack is written here from docs/FORMAT.md alone, hashing with node:crypto (OpenSSL), not
 * with JointKey's code: for every guess of the secret it derives what every other holder's share
 * (and, in version 2, blinding share) would then be — from the holder's own share, for sets where
 * one other share and the secret determine each other — and hashes the guess every way the format
 * defines, testing each result against every hex value found in what the holder can read.
 *
 * - Format version 1 (test/vectors/v1, written by the previous version): the attack succeeds, both
 *   through the plain fingerprint and through the other holders' salted hashes — why sets split
 *   before version 2 must be split again.
 * - Format version 2 (split now by the built CLI): it finds nothing from any one holder's view,
 *   for each scheme; the same attack given a quorum's files (so the true blinding key) does find
 *   the secret, so it is the blinding key, not a broken attack, that stops it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childKeyFromFile } from '../../main/core/formats/file-form.js';
import type { ChildKey, SetPublic } from '../../main/core/formats/child-key.js';
import { assertBuilt, jointkey } from '../support/cli.js';

const SECRET = 0xb17e;
const V1 = fileURLToPath(new URL('../vectors/v1/', import.meta.url));
const SCHEMES = [
  { scheme: 'xor', parties: 2, threshold: 2 },
  { scheme: 'additive', parties: 2, threshold: 2 },
  { scheme: 'gf256', parties: 3, threshold: 2 },
  { scheme: 'shamir', parties: 3, threshold: 2 },
] as const;
const M521 = (1n << 521n) - 1n;

// --- The hashes of docs/FORMAT.md, from the spec, over OpenSSL's SHA-256 --------------------------

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
function tagged(tag: string, ...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of [utf8(tag), ...parts]) h.update(u32(p.length)).update(p);
  return h.digest('hex');
}
const fingerprintV1 = (s: Uint8Array) =>
  createHash('sha256').update(utf8('jointkey/fingerprint/v1')).update(s).digest('hex');
const saltedV1 = (salt: Uint8Array, i: number, share: Uint8Array) =>
  tagged('jointkey/child-key/v1', salt, Buffer.concat([Buffer.from([i]), share]));
const fingerprintV2 = (r: Uint8Array, s: Uint8Array) => tagged('jointkey/fingerprint/v2', r, s);
const blindedV2 = (i: number, share: Uint8Array, blinding: Uint8Array) =>
  tagged('jointkey/child-key/v2', Buffer.from([i]), share, blinding);

// --- Arithmetic of the schemes, written again here ------------------------------------------------

function gfMul(a: number, b: number): number {
  let r = 0;
  for (; b; b >>= 1, a = a & 0x80 ? ((a << 1) ^ 0x11b) & 0xff : a << 1) if (b & 1) r ^= a;
  return r;
}
const gfInv = (a: number) => {
  let r = 1;
  for (let i = 0; i < 254; i++) r = gfMul(r, a);
  return r;
};
const toBig = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const toBytes = (n: bigint, len: number) => Buffer.from(n.toString(16).padStart(len * 2, '0'), 'hex');
const mod = (a: bigint, p: bigint) => ((a % p) + p) % p;
const inverses = new Map<string, bigint>();
function invMod(a: bigint, p: bigint): bigint {
  const key = `${a}/${p}`;
  const known = inverses.get(key);
  if (known !== undefined) return known;
  let [r, x, e] = [1n, mod(a, p), p - 2n];
  for (; e > 0n; e >>= 1n, x = (x * x) % p) if (e & 1n) r = (r * x) % p;
  inverses.set(key, r);
  return r;
}

/**
 * Holder i's share if the shared value were `value`, given holder j's share `own` — for the sets
 * where that determines it: xor and additive with two holders, gf256 and shamir with threshold 2.
 */
function otherShare(
  set: SetPublic,
  value: Uint8Array,
  own: Uint8Array,
  j: number,
  i: number,
  field: 'set' | 'blinding',
) {
  switch (set.scheme) {
    case 'xor':
      return Buffer.from(value.map((v, k) => v ^ (own[k] as number)));
    case 'additive': {
      const bits = BigInt(8 * value.length);
      return toBytes(mod(toBig(value) - toBig(own), 1n << bits), value.length);
    }
    case 'gf256': {
      const inv = gfInv(j);
      return Buffer.from(value.map((s, k) => s ^ gfMul(gfMul(s ^ (own[k] as number), inv), i)));
    }
    case 'shamir': {
      const p = field === 'blinding' || set.field === 'm521' ? M521 : undefined;
      if (p === undefined) throw new Error('the attack is written for m521');
      const s = toBig(value);
      const a1 = mod((toBig(own) - s) * invMod(BigInt(j), p), p);
      return toBytes(mod(s + a1 * BigInt(i), p), 66);
    }
  }
}

/** Every lowercase hex string anywhere in these documents (the values a holder can test against). */
function hexValues(docs: unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^[0-9a-f]{32,}$/.test(v)) out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  docs.forEach(walk);
  return out;
}

interface View {
  /** The holder's own child key and set, read from their file. */
  own: { childKey: ChildKey; set: SetPublic };
  /** Everything public they can read: their file, the wallet record, the command line's output. */
  docs: unknown[];
  /** Blinding keys the attacker tries (what they could know or guess; the control adds the true one). */
  blindingKeys: Uint8Array[];
}

interface Found {
  secret: number;
  via: string;
}

/**
 * Tries all 65 536 two-byte secrets against every public value of one holder's view; with `enough`,
 * stops once every way it found has found the secret (the old format's runs need not go on).
 */
function attack(view: View, enough?: (found: Found[]) => boolean): Found[] {
  const { childKey: ck, set } = view.own;
  const targets = hexValues(view.docs);
  const found: Found[] = [];
  const others = set.labels.map((_, k) => k + 1).filter((i) => i !== ck.index);
  const hit = (h: string, secret: number, via: string) => {
    if (targets.has(h) || targets.has(h.slice(0, 32))) found.push({ secret, via });
  };
  for (let g = 0; g < 0x10000 && !enough?.(found); g++) {
    const s = Buffer.from([g >> 8, g & 0xff]);
    hit(fingerprintV1(s), g, 'the fingerprint (version 1)');
    const shareValue = set.scheme === 'shamir' ? toBytes(toBig(s), 66) : s;
    const shares = others.map((i) => [i, otherShare(set, shareValue, ck.share, ck.index, i, 'set')] as const);
    const v = set.verification;
    if (v.kind === 'hashes')
      for (const [i, share] of shares) hit(saltedV1(v.salt, i, share), g, `holder ${i}'s salted hash`);
    for (const r of view.blindingKeys) {
      hit(fingerprintV2(r, s), g, 'the fingerprint (version 2)');
      if (ck.blinding.length === 0) continue;
      const rValue = set.scheme === 'shamir' ? toBytes(toBig(r), 66) : r;
      for (const [i, share] of shares) {
        const blinding = otherShare(set, rValue, ck.blinding, ck.index, i, 'blinding');
        hit(blindedV2(i, share, blinding), g, `holder ${i}'s blinded hash`);
      }
    }
  }
  return found;
}

/** What holder `file` of a set folder sees. */
function viewOf(dir: string, file: string, record: unknown, cliOutput: unknown): View {
  const text = readFileSync(join(dir, file), 'utf8');
  const own = childKeyFromFile(text);
  const docs = [JSON.parse(text), record, cliOutput];
  // The attacker's guesses of the blinding key: their own blinding share (it is not the key, nor tells it),
  // and all zeros (what a split that forgot to draw it would have used).
  const guesses = [Buffer.alloc(32)];
  if (own.childKey.blinding.length === 32) guesses.push(Buffer.from(own.childKey.blinding));
  return { own, docs, blindingKeys: guesses };
}

function recordOf(dataDir: string, setId: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, 'wallets', `${setId}.wallet.json`), 'utf8'));
}

describe('a curious holder with a 2-byte secret', () => {
  it.each(SCHEMES)(
    'format version 1 ($scheme): one holder’s file alone gives the secret away',
    ({ scheme }) => {
      const dir = join(V1, scheme);
      const cliOutput = JSON.parse(readFileSync(join(V1, `${scheme}.split.json`), 'utf8'));
      const record = recordOf(join(V1, 'data'), cliOutput.setId);
      for (const file of readdirSync(dir)) {
        const view = viewOf(dir, file, record, cliOutput);
        expect(view.own.set.version).toBe(1);
        const both = (f: Found[]) => f.some((x) => /fingerprint/.test(x.via)) && f.some((x) => /salted/.test(x.via));
        const found = attack({ ...view, blindingKeys: [] }, both);
        expect(new Set(found.map((f) => f.secret))).toEqual(new Set([SECRET]));
        expect(found.map((f) => f.via)).toContain('the fingerprint (version 1)');
        // Even without the fingerprint, the other holders' salted hashes give it.
        expect(
          found.some((f) => /salted hash/.test(f.via)),
          `${scheme} ${file}`,
        ).toBe(true);
      }
    },
    120_000,
  );

  const tmp = mkdtempSync(join(tmpdir(), 'jointkey-guess-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(SCHEMES)(
    'format version 2 ($scheme): no holder’s file, record or output lets them test a guess',
    ({ scheme, parties, threshold }) => {
      assertBuilt();
      const labels = ['Ann', 'Ben', 'Cy'].slice(0, parties);
      const out = join(tmp, scheme);
      const data = join(tmp, 'data');
      const r = jointkey([
        'split',
        '--scheme',
        scheme,
        '--parties',
        String(parties),
        '--threshold',
        String(threshold),
        '--secret-hex',
        SECRET.toString(16),
        '--labels',
        labels.join(','),
        '--out',
        out,
        '--plaintext',
        '--data-dir',
        data,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const record = recordOf(data, r.json.setId);
      const files = readdirSync(out).sort();
      expect(files).toHaveLength(parties);
      for (const file of files) {
        const view = viewOf(out, file, record, r.json);
        expect(view.own.set.version).toBe(2);
        expect(view.own.set.verification.kind).toBe('blinded');
        expect(attack(view), `${scheme}, ${file}`).toEqual([]);
      }
      // The control: a quorum's files give the blinding key, and then the same attack works.
      const quorum = files.slice(0, threshold).map((f) => childKeyFromFile(readFileSync(join(out, f), 'utf8')));
      const first = viewOf(out, files[0]!, record, r.json);
      const blindingKey = recoverBlindingKey(quorum[0]!.childKey, quorum[1]!.childKey, first.own.set);
      const found = attack({ ...first, blindingKeys: [blindingKey] });
      expect(new Set(found.map((f) => f.secret))).toEqual(new Set([SECRET]));
      expect(found.map((f) => f.via)).toContain('the fingerprint (version 2)');
    },
    300_000, // 4 × 65 536 guesses of a few hashes each: seconds alone, longer on a busy machine
  );
});

/** The blinding key from two child keys (all of a 2-of-2 set, or a threshold-2 quorum). */
function recoverBlindingKey(a: ChildKey, b: ChildKey, set: SetPublic): Uint8Array {
  const [ra, rb] = [a.blinding, b.blinding];
  switch (set.scheme) {
    case 'xor':
      return Buffer.from(ra.map((v, k) => v ^ (rb[k] as number)));
    case 'additive':
      return toBytes(mod(toBig(ra) + toBig(rb), 1n << 256n), 32);
    case 'gf256': {
      // f(0) = (y_a·x_b ⊕ y_b·x_a) / (x_a ⊕ x_b) over GF(2^8).
      const d = gfInv(a.index ^ b.index);
      return Buffer.from(ra.map((ya, k) => gfMul(gfMul(ya, b.index) ^ gfMul(rb[k] as number, a.index), d)));
    }
    case 'shamir': {
      const [xa, xb] = [BigInt(a.index), BigInt(b.index)];
      const num = toBig(ra) * xb - toBig(rb) * xa;
      return toBytes(mod(num * invMod(mod(xb - xa, M521), M521), M521), 32);
    }
  }
}
