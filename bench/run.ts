/**
 * `npm run bench [-- --quick] [-- --dir DIR]`: JointKey against the npm packages
 * shamir-secret-sharing (audited; the fastest peer) and secrets.js-grempe, and its SLIP-39 against
 * the npm package slip39, in one run. Prints a table and writes bench/results.json:
 *   {"cases": [{name, unit, project, peers: {name: value}, ratioToBestPeer}], "limits": {…}, "machine": {…}}
 * ratioToBestPeer is how many times better the project is than the best peer: project ÷ best peer
 * for ops/s and MB/s, best peer ÷ project for peak memory (MiB, lower is better).
 *
 * `--only TEXT` runs only the cases whose name contains TEXT (and writes out/bench/results-only.json).
 * Beside each figure it prints the 0.1.0 release's (bench/baseline-0.1.0.json, the run committed with
 * it) and the change, so that a case that got slower shows.
 *
 * Every (case, implementation) runs in a fresh child process (bench/case.ts), so its peak resident
 * memory is its own; each child's time is capped, and a peer that cannot finish a case in bounded
 * time or memory is recorded under "limits" with the reason. Ops/s cases alternate the
 * implementations round by round (each round: a warm-up run, then one timed run), so a change in
 * the machine's load falls on all of them alike; the value is the median of the rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CaseSpec } from './case.js';

const quick = process.argv.includes('--quick');
const argOf = (flag: string): string | undefined => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = argOf('--only');
/**
 * The large-file case's folder: the system's temporary folder, on the real disk here (a file is
 * split and restored disk to disk, as a user does it); `--dir` chooses another (/dev/shm to leave
 * the disk out).
 */
const fileDir = argOf('--dir') ?? tmpdir();
const CASE = fileURLToPath(new URL('./case.js', import.meta.url));
/** A full run's results are the committed ones; a --quick or --only run's stay in out/bench. */
const RESULTS = fileURLToPath(
  new URL(
    only !== undefined ? './results-only.json' : quick ? './results-quick.json' : '../../bench/results.json',
    import.meta.url,
  ),
);
/** The 0.1.0 release's run, printed beside each figure. */
const BASELINE = fileURLToPath(new URL('../../bench/baseline-0.1.0.json', import.meta.url));
const baseline = new Map<string, number | null>(
  existsSync(BASELINE)
    ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as { cases: Case[] }).cases.map((c) => [c.name.trim(), c.project])
    : [],
);
/** Whether the case named `name` runs (all of them without --only). */
const runs = (name: string): boolean => only === undefined || name.includes(only);

/** The file system `path` is on (from /proc/mounts, the longest mount point above it), or unknown. */
function fileSystemOf(path: string): string {
  try {
    let best = { at: '', type: 'unknown', dev: '' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [dev, at, type] = line.split(' ');
      if (
        dev &&
        at &&
        type &&
        (path === at || path.startsWith(at.endsWith('/') ? at : `${at}/`)) &&
        at.length >= best.at.length
      )
        best = { at, type, dev };
    }
    return `${best.type} (${best.dev} on ${best.at})`;
  } catch {
    return 'unknown';
  }
}

const ROUNDS = quick ? 3 : 7;
const RUN_MS = quick ? 100 : 300;
const LARGE_FILE = quick ? 64 << 20 : 512 << 20;
const PEERS = ['shamir-secret-sharing', 'secrets.js-grempe'];

interface Outcome {
  median: number;
  maxRssMiB: number;
  [k: string]: unknown;
}

interface Case {
  name: string;
  unit: 'ops/s' | 'MB/s' | 'MiB';
  project: number | null;
  peers: Record<string, number | null>;
  ratioToBestPeer: number | null;
  /** The 0.1.0 release's figure for this case, when it had one. */
  before?: number | null;
}

const cases: Case[] = [];
const notRun: { case: string; peer: string; reason: string }[] = [];

interface Failed {
  failed: string;
}
const isFailed = (r: Outcome | Failed): r is Failed => typeof r.failed === 'string';

/** Runs one child; returns its result, or a reason it gave none (time cap, memory, error). */
function child(spec: CaseSpec, capMs: number): Outcome | Failed {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', CASE, JSON.stringify(spec)], {
    encoding: 'utf8',
    timeout: capMs,
    killSignal: 'SIGKILL',
    maxBuffer: 16 << 20,
  });
  if (r.error || r.signal) return { failed: `stopped after the ${Math.round(capMs / 1000)} s cap` };
  if (r.status !== 0)
    return {
      failed: `failed: ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr).trim().slice(0, 200)}`,
    };
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Outcome;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function ratio(unit: Case['unit'], project: number | null, peers: Record<string, number | null>): number | null {
  const values = Object.values(peers).filter((v): v is number => v !== null);
  if (project === null || values.length === 0) return null;
  return unit === 'MiB' ? Math.min(...values) / project : project / Math.max(...values);
}

function add(name: string, unit: Case['unit'], project: number | null, peers: Record<string, number | null>): void {
  const before = baseline.get(name.trim());
  const c: Case = { name, unit, project, peers, ratioToBestPeer: ratio(unit, project, peers) };
  if (before !== undefined) c.before = before;
  cases.push(c);
  const fmt = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const peerText = Object.entries(peers)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  // The change against 0.1.0, as "better" or "worse" (for memory, lower is better).
  let change = '';
  if (before != null && project !== null) {
    const gain = unit === 'MiB' ? before / project : project / before;
    change = `   0.1.0: ${fmt(before)} (${gain >= 1 ? `×${fmt(gain)} better` : `×${fmt(1 / gain)} worse`})`;
  }
  console.log(
    `${name.padEnd(52)} ${unit.padEnd(6)} ${fmt(project).padStart(9)}   ${peerText || '(no peer)'}${c.ratioToBestPeer === null ? '' : `   ×${fmt(c.ratioToBestPeer)}`}${change}`,
  );
}

/** Ops/s of split+combine of a 32-byte secret, implementations alternating round by round. */
function opsCase(name: string, project: string, peers: string[], threshold: number, parties: number): void {
  if (!runs(name)) return;
  const impls = [project, ...peers];
  const values = new Map<string, number[]>(impls.map((i) => [i, []]));
  const failed = new Map<string, string>();
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + round) % impls.length] as string;
      if (failed.has(impl)) continue;
      const r = child({ kind: 'ops', impl, threshold, parties, runs: 1, runMs: RUN_MS, budgetMs: 10_000 }, 60_000);
      if (isFailed(r)) failed.set(impl, r.failed);
      else values.get(impl)?.push(r.median);
    }
  for (const [impl, reason] of failed) notRun.push({ case: name, peer: impl, reason });
  const med = (impl: string) => (failed.has(impl) ? null : median(values.get(impl) as number[]));
  add(name, 'ops/s', med(project), Object.fromEntries(peers.map((p) => [p, med(p)])));
}

/** MB/s and peak memory of split+combine of a `bytes`-long secret at 3-of-5. */
function bytesCase(
  label: string,
  bytes: number,
  rows: { project: string; tag: string }[],
  peerCaps: Record<string, number | string>,
): void {
  if (!rows.some((row) => runs(`split+combine ${label}, 3-of-5${row.tag}`))) return;
  const peerResults = new Map<string, Outcome | null>();
  for (const peer of PEERS) {
    const cap = peerCaps[peer];
    if (typeof cap === 'string') {
      notRun.push({ case: label, peer, reason: cap });
      peerResults.set(peer, null);
      continue;
    }
    const slow = cap !== undefined && cap > 30_000;
    const r = child(
      { kind: 'bytes', impl: peer, threshold: 3, parties: 5, bytes, runs: slow ? 1 : ROUNDS, budgetMs: cap ?? 30_000 },
      (cap ?? 30_000) + 30_000,
    );
    if (isFailed(r)) {
      notRun.push({ case: label, peer, reason: r.failed });
      peerResults.set(peer, null);
    } else peerResults.set(peer, r);
  }
  for (const row of rows) {
    const r = child(
      { kind: 'bytes', impl: row.project, threshold: 3, parties: 5, bytes, runs: ROUNDS, budgetMs: 30_000 },
      120_000,
    );
    const project = isFailed(r) ? null : r;
    if (isFailed(r)) notRun.push({ case: `${label} ${row.tag}`, peer: row.project, reason: r.failed });
    const peerValue = (key: 'median' | 'maxRssMiB') =>
      Object.fromEntries(PEERS.map((p) => [p, peerResults.get(p)?.[key] ?? null]));
    add(`split+combine ${label}, 3-of-5${row.tag}`, 'MB/s', project?.median ?? null, peerValue('median'));
    add(`  peak memory ${label}, 3-of-5${row.tag}`, 'MiB', project?.maxRssMiB ?? null, peerValue('maxRssMiB'));
  }
}

function machine(): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
    quick,
  };
}

const machineInfo = machine();
console.log(
  `JointKey benchmark${quick ? ' (--quick)' : ''}: ${machineInfo.cpu}, ${machineInfo.cores} cores, Node ${process.version}`,
);
console.log(`${'case'.padEnd(52)} ${'unit'.padEnd(6)} ${'JointKey'.padStart(9)}   peers   ×best peer`);

for (const [t, n] of [
  [2, 2],
  [3, 5],
  [5, 9],
] as const)
  opsCase(`split+combine 32 B, ${t}-of-${n}`, 'jointkey', PEERS, t, n);
opsCase('split+combine 32 B, 3-of-5, into checked child keys', 'jointkey (child keys)', PEERS, 3, 5);
for (const [t, n] of [
  [2, 2],
  [3, 5],
  [5, 9],
] as const)
  opsCase(`SLIP-39 split+combine 32 B, ${t}-of-${n}`, 'jointkey slip39', ['slip39'], t, n);

const rows = [
  { project: 'jointkey (sealed)', tag: '' },
  { project: 'jointkey', tag: ' (gf256 in memory)' },
];
bytesCase('1 MiB', 1 << 20, rows, { 'secrets.js-grempe': quick ? 'skipped in --quick (about 20 s per run)' : 120_000 });
bytesCase('16 MiB', 16 << 20, rows, {
  'shamir-secret-sharing': quick ? 'skipped in --quick (about 30 s per run)' : 150_000,
  'secrets.js-grempe':
    'not run: at 1 MiB it already takes tens of seconds and gigabytes of memory (hex strings); 16 MiB would take minutes and exceed the memory of this machine',
});

if (runs('signing session')) {
  const values: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = child({ kind: 'session', impl: 'jointkey', runs: 1, runMs: RUN_MS, budgetMs: 10_000 }, 60_000);
    if (!isFailed(r)) values.push(r.median);
  }
  add('signing session, 5 child keys (5-of-5 secp256k1)', 'ops/s', values.length ? median(values) : null, {});
  notRun.push({
    case: 'signing session',
    peer: 'all',
    reason:
      'no peer has a signing session: each child key checked on entry (Feldman), restore, ECDSA sign, verify, wipe',
  });
}

// The large-file path, disk to disk, against its peer and its limit: the `age` command encrypting
// and decrypting the same kind of file in the same folder, and Node's AES-256-GCM alone on the same
// machine, same run, in the format's 64 KiB chunks. The three alternate round by round (a limit
// child, then JointKey's, then age's), as the ops cases do, so that a change in the machine's load
// falls on all alike; each round gives its own ratios, and the medians of the rounds are reported.
const limits: Record<string, unknown> = { notRun };
if (runs('file')) {
  const fileRounds = quick ? 2 : 5;
  const aesRuns: Outcome[] = [];
  const fileRuns: Outcome[] = [];
  const ageRuns: Outcome[] = [];
  let failed: string | undefined;
  let ageFailed: string | undefined;
  const fileSpec = (impl: string): CaseSpec => ({
    kind: 'file',
    impl,
    bytes: LARGE_FILE,
    runs: 1,
    budgetMs: 300_000,
    dir: fileDir,
  });
  for (let round = 0; round < fileRounds && failed === undefined; round++) {
    const aes = child({ kind: 'aes', impl: 'node', bytes: 64 << 20, runs: 3, budgetMs: 60_000 }, 120_000);
    const file = child(fileSpec('jointkey'), 600_000);
    const ageRun = ageFailed === undefined ? child(fileSpec('age'), 600_000) : undefined;
    if (isFailed(aes)) failed = `the AES limit: ${aes.failed}`;
    else if (isFailed(file)) failed = file.failed;
    else {
      aesRuns.push(aes);
      fileRuns.push(file);
      if (ageRun !== undefined && isFailed(ageRun)) ageFailed = ageRun.failed;
      else if (ageRun !== undefined) ageRuns.push(ageRun);
    }
  }
  if (ageFailed !== undefined) {
    notRun.push({ case: 'large file', peer: 'age', reason: `${ageFailed} (install age: apt-get install age)` });
    ageRuns.length = 0;
  }
  if (failed !== undefined) notRun.push({ case: 'large file', peer: 'jointkey', reason: failed });
  else {
    const mib = LARGE_FILE >> 20;
    const num = (o: Outcome, k: string) => o[k] as number;
    const med = (xs: Outcome[], k: string) => median(xs.map((o) => num(o, k)));
    const perRound = (f: (a: Outcome, file: Outcome) => number) => median(aesRuns.map((a, i) => f(a, fileRuns[i]!)));
    const perAgeRound = (f: (file: Outcome, age: Outcome) => number) =>
      ageRuns.length ? median(ageRuns.map((a, i) => f(fileRuns[i]!, a))) : null;
    const one = (a: Outcome) => a.oneMessage as Record<string, number>;
    limits.aes256gcm = {
      what: "Node's AES-256-GCM alone, in memory, no I/O, on 64 MiB: each 64 KiB chunk its own message (a cipher, a 12-byte nonce, 82 bytes of additional data, a 16-byte tag), the unit of work of the sealed format; medians over the rounds",
      chunkBytes: aesRuns[0]?.chunkBytes,
      encryptMBps: med(aesRuns, 'encryptMBps'),
      decryptMBps: med(aesRuns, 'decryptMBps'),
      encryptThenDecryptMBps: med(aesRuns, 'median'),
      oneMessage: {
        what: 'the same bytes as one message, fed in update calls of 16 KiB, 64 KiB or 1 MiB (the fastest), for comparison: a format cannot use it, as its one tag authenticates nothing until the end',
        encryptMBps: median(aesRuns.map((a) => one(a).encryptMBps!)),
        decryptMBps: median(aesRuns.map((a) => one(a).decryptMBps!)),
        encryptThenDecryptMBps: median(aesRuns.map((a) => one(a).encryptThenDecryptMBps!)),
      },
      rounds: aesRuns.map((a) => ({
        encryptMBps: a.encryptMBps,
        decryptMBps: a.decryptMBps,
        oneMessageEncryptMBps: one(a).encryptMBps,
        oneMessageDecryptMBps: one(a).decryptMBps,
      })),
    };
    const largeFile = {
      what: `split + restore of a ${mib} MiB file, streamed from disk to disk (files in ${fileDir}, ${fileSystemOf(fileDir)}), 3-of-5: seal + split the file key, then restore the key from 3 child keys + open (each chunk authenticated, written via a temporary file, fsync, link); one run per round after an 8 MiB warm-up, ${fileRounds} rounds alternating with the limit and age; ratios are the medians of each round's ratio`,
      bytes: LARGE_FILE,
      folder: fileDir,
      fileSystem: fileSystemOf(fileDir),
      splitMBps: med(fileRuns, 'splitMBps'),
      restoreMBps: med(fileRuns, 'restoreMBps'),
      splitThenRestoreMBps: med(fileRuns, 'median'),
      splitVsEncryptLimit: perRound((a, f) => num(f, 'splitMBps') / num(a, 'encryptMBps')),
      restoreVsDecryptLimit: perRound((a, f) => num(f, 'restoreMBps') / num(a, 'decryptMBps')),
      roundTripVsLimit: perRound((a, f) => f.median / a.median),
      roundTripVsOneMessage: perRound((a, f) => f.median / one(a).encryptThenDecryptMBps!),
      roundTripVsAge: perAgeRound((f, a) => f.median / a.median),
      roundTripVsAgeWithFsync: perAgeRound((f, a) => f.median / num(a, 'withFsyncMBps')),
      peakRssMiB: Math.max(...fileRuns.map((f) => f.maxRssMiB)),
      rounds: fileRuns.map((f, i) => ({
        splitMBps: f.splitMBps,
        restoreMBps: f.restoreMBps,
        splitThenRestoreMBps: f.median,
        roundTripVsLimit: f.median / aesRuns[i]!.median,
        roundTripVsAge: ageRuns[i] ? f.median / ageRuns[i].median : null,
        peakRssMiB: f.maxRssMiB,
      })),
    };
    limits.largeFile = largeFile;
    if (ageRuns.length)
      limits.age = {
        what: `the age command (${spawnSync('age', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'version unknown'}), X25519 recipient: age -r then age -d of the same kind of ${mib} MiB file in the same folder, each a process timed from start to exit; age does not fsync what it writes: withFsyncMBps adds the time an fsync of its two outputs then takes (JointKey's times include one per file written)`,
        encryptMBps: med(ageRuns, 'splitMBps'),
        decryptMBps: med(ageRuns, 'restoreMBps'),
        encryptThenDecryptMBps: med(ageRuns, 'median'),
        withFsyncMBps: med(ageRuns, 'withFsyncMBps'),
        fsyncMs: med(ageRuns, 'fsyncMs'),
        rounds: ageRuns.map((a) => ({ encryptMBps: a.splitMBps, decryptMBps: a.restoreMBps, fsyncMs: a.fsyncMs })),
      };
    const fileRow = `split+restore ${mib} MiB file, disk to disk`;
    const c: Case = {
      name: fileRow,
      unit: 'MB/s',
      project: largeFile.splitThenRestoreMBps,
      peers: { age: ageRuns.length ? med(ageRuns, 'median') : null },
      // The median of the rounds' ratios (each round's JointKey and age ran one after the other).
      ratioToBestPeer: largeFile.roundTripVsAge,
    };
    cases.push(c);
    const fmt = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
    console.log(
      `${fileRow.padEnd(52)} ${'MB/s'.padEnd(6)} ${fmt(c.project).padStart(9)}   age ${fmt(c.peers.age ?? null)}   ×${fmt(c.ratioToBestPeer)} (median of rounds; ×${fmt(largeFile.roundTripVsAgeWithFsync)} against age + fsync)`,
    );
    add(`  the limit: Node AES-256-GCM encrypt+decrypt`, 'MB/s', med(aesRuns, 'median'), {});
    add(`  peak memory, ${mib} MiB file`, 'MiB', largeFile.peakRssMiB, {});
    const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
    console.log(
      `large file: split ${largeFile.splitMBps.toFixed(0)} MB/s (${pct(largeFile.splitVsEncryptLimit)} of encrypt), restore ${largeFile.restoreMBps.toFixed(0)} MB/s (${pct(largeFile.restoreVsDecryptLimit)} of decrypt), round trip ${pct(largeFile.roundTripVsLimit)} of the limit (${pct(largeFile.roundTripVsOneMessage)} of one-message AES-GCM)${ageRuns.length ? `; age encrypt ${med(ageRuns, 'splitMBps').toFixed(0)} MB/s, decrypt ${med(ageRuns, 'restoreMBps').toFixed(0)} MB/s, fsync of its outputs ${med(ageRuns, 'fsyncMs').toFixed(0)} ms` : ''}`,
    );
  }
}
for (const n of notRun) console.log(`not run: ${n.peer} — ${n.case}: ${n.reason}`);

writeFileSync(RESULTS, `${JSON.stringify({ cases, limits, machine: machineInfo }, null, 2)}\n`);
console.log(`wrote ${RESULTS}`);
