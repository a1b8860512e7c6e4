/**
 * `npm run bench:cpu`: the two small cases of issue 19 in one process, as CPU time per operation
 * (user + system, which other processes' load changes less than wall time), each implementation
 * warmed up first, then 9 rounds alternating them; prints medians, ranges and the ratio per round.
 *
 * - a 32-byte secret, 3-of-5, into checked child keys and back, against shamir-secret-sharing's
 *   unchecked split + combine (the goal: ratio ≥ 1.0);
 * - a signing session: 5 child keys of a 5-of-5 secp256k1 wallet entered (each checked), a message
 *   signed (ECDSA) and verified, no passphrase KDF (the goal: under 5 ms);
 * - an age passphrase file (a child key's size) encrypted at scrypt 2^18, JointKey's default, with
 *   Node's native scrypt (main/files/age-scrypt.ts) against age-encryption's pure-JS one: wall time
 *   (the native one runs on libuv's thread pool), 5 rounds alternating them, after one warm-up each.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Encrypter } from 'age-encryption';
import { combine, split } from 'shamir-secret-sharing';
import { generatePrivateKey } from '../main/core/chains/key-sources.js';
import type { ChildKey } from '../main/core/formats/child-key.js';
import { SigningSession } from '../main/core/wallet/kinds/jointkey.js';
import { restore } from '../main/core/wallet/restore.js';
import { splitKey, splitSecret } from '../main/core/wallet/split.js';
import { NativeScryptRecipient } from '../main/files/age-scrypt.js';

const ROUNDS = 9;

/** Mean CPU time of `n` calls, in µs. */
async function cpu(n: number, f: () => unknown): Promise<number> {
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) await f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / n;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1] as number;
const range = (a: number[], scale = 1, digits = 2) =>
  `${(Math.min(...a) / scale).toFixed(digits)}–${(Math.max(...a) / scale).toFixed(digits)}`;

const secret = new Uint8Array(randomBytes(32));
const ours = () => {
  const r = splitSecret(secret, { scheme: 'gf256', parties: 5, threshold: 3 });
  const back = restore(r.childKeys.slice(2), { set: r.set });
  if (back.secret.length !== 32 || back.secret[0] !== secret[0]) throw new Error('wrong secret restored');
};
const peer = async () => {
  const shares = await split(secret, 5, 3);
  const back = await combine(shares.slice(2));
  if (back.length !== 32 || back[0] !== secret[0]) throw new Error('wrong secret combined');
};

const key = generatePrivateKey('secp256k1');
const { set, childKeys } = splitKey('secp256k1', key, { scheme: 'shamir', parties: 5, threshold: 5 });
const message = new Uint8Array(randomBytes(32));
const session = () => {
  const s = new SigningSession(set);
  for (const ck of childKeys) s.add({ ...ck, share: ck.share.slice() } as ChildKey);
  const r = s.sign({ kind: 'message', algo: 'ecdsa-sha256', message });
  if (r.kind !== 'message' || r.signatureHex.length !== 128) throw new Error('no signature');
};

// Warm-up: V8 compiles the code in the first thousands of calls, at a third of the speed.
await cpu(2000, ours);
await cpu(2000, peer);
await cpu(50, session);

const O: number[] = [];
const P: number[] = [];
const R: number[] = [];
const S: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const o = await cpu(3000, ours);
  const p = await cpu(3000, peer);
  O.push(o);
  P.push(p);
  R.push(p / o);
  S.push(await cpu(100, session));
}

console.log(`JointKey CPU-time benchmark, one process, ${ROUNDS} rounds, load average ${loadavg()[0]?.toFixed(1)}`);
console.log(
  `32 B, 3-of-5, into checked child keys and back: ${median(O).toFixed(1)} µs CPU; shamir-secret-sharing unchecked: ${median(P).toFixed(1)} µs CPU; ×${median(R).toFixed(2)} (rounds ${range(R)}; goal ≥ 1.0)`,
);
console.log(
  `signing session, 5 child keys: ${(median(S) / 1000).toFixed(2)} ms CPU (rounds ${range(S, 1000)}; goal under 5 ms)`,
);

// The age passphrase stanza at 2^18: native scrypt against age-encryption's own (pure JS).
const SCRYPT_ROUNDS = 5;
const pass = 'lantern orbit mossy tulip';
const ageFile = async (native: boolean) => {
  const e = new Encrypter();
  if (native) e.addRecipient(new NativeScryptRecipient(pass, 18));
  else {
    e.setScryptWorkFactor(18);
    e.setPassphrase(pass);
  }
  const t = performance.now();
  await e.encrypt('x'.repeat(400));
  return performance.now() - t;
};
await ageFile(true);
await ageFile(false);
const N: number[] = [];
const J: number[] = [];
const Q: number[] = [];
for (let r = 0; r < SCRYPT_ROUNDS; r++) {
  const n = await ageFile(true);
  const j = await ageFile(false);
  N.push(n);
  J.push(j);
  Q.push(j / n);
}
console.log(
  `age passphrase file, scrypt 2^18 (wall time): Node's native scrypt ${median(N).toFixed(0)} ms, age-encryption's pure JS ${median(J).toFixed(0)} ms; ×${median(Q).toFixed(2)} faster (rounds ${range(Q)})`,
);
