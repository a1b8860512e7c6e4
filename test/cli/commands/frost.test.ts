/**
 * `jointkey frost` as three holders run it, each on "their own computer" (a data folder of their
 * own), each command a process reading one child key: a Taproot (BIP-340) and an Ed25519 wallet sign
 * 2-of-3 without the key ever being restored; a replayed round 2, a request changed between rounds,
 * a holder's bad share and a second child key in one process are refused by name; SIGKILL during
 * round 1 or round 2 never lets a nonce sign twice; and after a whole session no file or output holds
 * a signing share or a nonce (opened from the holder's nonce file by the test itself) in the clear,
 * and no process read two child keys (observed in every process by a hook on its file reads).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/curves/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, assertBuilt, jointkey, testEnv } from '../../support/cli.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../../support/psbt.js';
import { filesUnder, nonceCommitment, openNonces, secretForms } from '../../support/frost.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-frost-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = (name: string) => {
  const p = join(dir, `${n++}-${name}`);
  mkdirSync(p, { recursive: true });
  return p;
};
const ok = (args: string[]) => {
  const r = jointkey(args);
  expect(r.status, r.stderr).toBe(0);
  return r.json as Record<string, unknown>;
};

/** A 2-of-3 FROST wallet of `curve`: its files and a computer (data folder) for each holder. */
function wallet(curve: 'secp256k1' | 'ed25519') {
  const root = fresh(`wallet-${curve}`);
  const made = ok([
    'split',
    '--scheme',
    'frost',
    '--parties',
    '3',
    '--threshold',
    '2',
    '--generate',
    curve,
    '--labels',
    'Alice,Bob,Carol',
    '--wallet-label',
    'Roof fund',
    '--out',
    join(root, 'keys'),
    '--plaintext',
    '--data-dir',
    join(root, 'data'),
  ]);
  const files = made['files'] as string[];
  const pcs = ['alice', 'bob', 'carol'].map((h) => join(root, `pc-${h}`));
  return { root, files, pcs, made };
}

/**
 * Round 1 and 2 for signers `who` (0-based), each on their own computer, of a message (hex) or of
 * what `what` names (['--psbt', FILE]); returns the file paths.
 */
function sign(w: ReturnType<typeof wallet>, messageHex: string | string[], who: number[]) {
  const req = join(w.root, `req-${n++}.json`);
  ok([
    'frost',
    'request',
    '--wallet',
    w.files[0]!,
    ...(typeof messageHex === 'string' ? ['--message-hex', messageHex] : messageHex),
    '--signers',
    who.map((i) => i + 1).join(','),
    '--out',
    req,
  ]);
  const c = who.map((i) => {
    const out = join(w.root, `c-${n++}-${i}.json`);
    ok(['frost', 'commit', req, w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
    return out;
  });
  const s = who.map((i) => {
    const out = join(w.root, `s-${n++}-${i}.json`);
    ok(['frost', 'respond', req, '--commitments', c.join(','), w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
    return out;
  });
  return { req, c, s };
}

function opensslEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return nodeVerify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

describe('jointkey frost: signing across three computers', () => {
  it('Taproot (BIP-340) and Ed25519, 2 of 3, every pair: the signature verifies against the group key', () => {
    for (const curve of ['secp256k1', 'ed25519'] as const) {
      const w = wallet(curve);
      for (const pair of [
        [0, 1],
        [0, 2],
        [1, 2],
      ]) {
        const messageHex = Buffer.from(`pair ${pair.join('+')}`).toString('hex');
        const { req, c, s } = sign(w, messageHex, pair);
        const r = ok(['frost', 'aggregate', req, '--commitments', c.join(','), '--shares', s.join(',')]);
        const sig = hexToBytes(r['signatureHex'] as string);
        const key = hexToBytes(r['publicKeyHex'] as string);
        const message = hexToBytes(messageHex);
        expect(curve === 'ed25519' ? opensslEd25519(key, message, sig) : schnorr.verify(sig, message, key)).toBe(true);
      }
      // The record shows only what the wallet can spend: a Taproot address, or the Ed25519 address.
      expect(Object.keys(w.made['addresses'] as object)).toEqual([curve === 'ed25519' ? 'base58' : 'bitcoinP2tr']);
    }
  });

  it('a Taproot PSBT, 2 of 3 across three computers: one FROST signature per input of the wallet; bitcoinjs-lib validates and finalizes', () => {
    const w = wallet('secp256k1');
    const walletId = (w.made['walletId'] ?? w.made['setId']) as string;
    const d = ok(['descriptors', walletId, '--data-dir', join(w.root, 'data')]);
    const tr = (d['descriptors'] as { tr: string; wpkh?: string }).tr;
    expect((d['descriptors'] as { wpkh?: string }).wpkh).toBeUndefined();
    const internal = Buffer.concat([Buffer.from([2]), Buffer.from(/^tr\(([0-9a-f]{64})\)#/.exec(tr)![1]!, 'hex')]);
    expect(bitcoin.payments.p2tr({ internalPubkey: internal.subarray(1) }).address).toBe(
      (w.made['addresses'] as { bitcoinP2tr: string }).bitcoinP2tr,
    );
    const psbtFile = join(w.root, `in-${n++}.psbt`);
    writeFileSync(psbtFile, buildPsbt(internal, { mine: ['tr', 'tr'], foreign: true }).toBase64());
    const { req, c, s } = sign(w, ['--psbt', psbtFile], [0, 2]);
    // Each holder's JointKey described it from the PSBT; the words are the request's.
    const words = (JSON.parse(readFileSync(req, 'utf8')) as { whatIsSigned: string[] }).whatIsSigned.join('\n');
    expect(words).toMatch(/Input 0: .* this wallet’s Taproot address, signed now/);
    expect(words).toMatch(/Input 2: .* someone else’s, not signed by this wallet/);
    const out = join(w.root, `signed-${n++}.psbt`);
    const r = ok(['frost', 'aggregate', req, '--commitments', c.join(','), '--shares', s.join(','), '--out', out]);
    expect(r['signedInputs']).toEqual([0, 1]);
    expect(r['complete']).toBe(false);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(out));
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);

    // A request whose words were changed to mislead is refused by every holder before round 1.
    const forged = JSON.parse(readFileSync(req, 'utf8')) as { whatIsSigned: string[]; id: string };
    forged.whatIsSigned[1] = 'Input 0: 0.00100000 BTC — a small test payment';
    forged.id = '0'.repeat(32);
    const forgedFile = join(w.root, `forged-${n++}.json`);
    writeFileSync(forgedFile, JSON.stringify(forged));
    const refused = jointkey([
      'frost',
      'commit',
      forgedFile,
      w.files[1]!,
      '--data-dir',
      w.pcs[1]!,
      '--out',
      join(w.root, 'x.json'),
    ]);
    expect(refused.error?.code).toBe('TAMPERED_FILE');
    expect(refused.error?.message).toMatch(/not what its PSBT says/);
    // An Ed25519 wallet has no Bitcoin address: its request is refused.
    const ed = wallet('ed25519');
    const edReq = jointkey([
      'frost',
      'request',
      '--wallet',
      ed.files[0]!,
      '--psbt',
      psbtFile,
      '--signers',
      '1,2',
      '--out',
      join(ed.root, 'r.json'),
    ]);
    expect(edReq.error?.code).toBe('INVALID_ARGUMENT');
  });

  it('a replayed round 2 is refused: a nonce signs once', () => {
    const w = wallet('secp256k1');
    const { req, c } = sign(w, '01', [0, 2]);
    const again = jointkey([
      'frost',
      'respond',
      req,
      '--commitments',
      c.join(','),
      w.files[0]!,
      '--data-dir',
      w.pcs[0]!,
      '--out',
      join(w.root, 'again.json'),
    ]);
    expect(again.error?.code).toBe('NONCE_USED');
    const recommit = jointkey([
      'frost',
      'commit',
      req,
      w.files[0]!,
      '--data-dir',
      w.pcs[0]!,
      '--out',
      join(w.root, 'recommit.json'),
    ]);
    expect(recommit.status).toBe(0); // a new nonce for a new commitment — never the used one
  });

  it('a request changed between rounds is refused, and a bad share is named by holder', () => {
    const w = wallet('ed25519');
    const req = join(w.root, 'req.json');
    ok(['frost', 'request', '--wallet', w.files[0]!, '--message-hex', 'aa', '--signers', '1,2', '--out', req]);
    const c = [0, 1].map((i) => {
      const out = join(w.root, `c${i}.json`);
      ok(['frost', 'commit', req, w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
      return out;
    });
    const changed = join(w.root, 'changed.json');
    const json = JSON.parse(readFileSync(req, 'utf8'));
    json.messageHex = 'bb';
    json.whatIsSigned = ['Sign a message of 1 bytes with ed25519', 'message (hex): bb'];
    writeFileSync(changed, JSON.stringify(json));
    const r = jointkey([
      'frost',
      'respond',
      changed,
      '--commitments',
      c.join(','),
      w.files[0]!,
      '--data-dir',
      w.pcs[0]!,
      '--out',
      join(w.root, 's.json'),
    ]);
    expect(r.error?.code).toBe('REQUEST_CHANGED');
    const s = [0, 1].map((i) => {
      const out = join(w.root, `s${i}.json`);
      ok(['frost', 'respond', req, '--commitments', c.join(','), w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
      return out;
    });
    const bad = JSON.parse(readFileSync(s[1]!, 'utf8'));
    bad.share = bad.share.replace(/^../, (h: string) => (h === '00' ? '01' : '00'));
    const badPath = join(w.root, 's1-bad.json');
    writeFileSync(badPath, JSON.stringify(bad));
    const agg = jointkey(['frost', 'aggregate', req, '--commitments', c.join(','), '--shares', `${s[0]},${badPath}`]);
    expect(agg.error?.code).toBe('INVALID_SIGNATURE_SHARE');
    expect(agg.error?.message).toMatch(/^Bob's signature share does not verify/);
  });

  it('no process holds two child keys: each holder command takes exactly one', () => {
    const w = wallet('secp256k1');
    const req = join(w.root, 'req.json');
    ok(['frost', 'request', '--wallet', w.files[0]!, '--message-hex', '02', '--signers', '1,2', '--out', req]);
    const r = jointkey([
      'frost',
      'commit',
      req,
      w.files[0]!,
      w.files[1]!,
      '--data-dir',
      w.pcs[0]!,
      '--out',
      join(w.root, 'c.json'),
    ]);
    expect(r.error?.code).toBe('USAGE');
    expect(readdirSync(w.root)).not.toContain('c.json');
  });

  it('SIGKILL during round 2 never lets a nonce sign twice', async () => {
    const w = wallet('secp256k1');
    for (const delay of [5, 60, 120, 200, 300, 450]) {
      const { req, c } = (() => {
        const r = join(w.root, `kreq-${delay}.json`);
        ok(['frost', 'request', '--wallet', w.files[0]!, '--message-hex', 'cc', '--signers', '1,2', '--out', r]);
        const cs = [0, 1].map((i) => {
          const out = join(w.root, `kc-${delay}-${i}.json`);
          ok(['frost', 'commit', r, w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
          return out;
        });
        return { req: r, c: cs };
      })();
      const shareOut = join(w.root, `ks-${delay}.json`);
      const args = [
        BIN,
        'frost',
        'respond',
        req,
        '--commitments',
        c.join(','),
        w.files[0]!,
        '--data-dir',
        w.pcs[0]!,
        '--out',
        shareOut,
      ];
      await new Promise<void>((resolve) => {
        const p = spawn(process.execPath, args, { stdio: 'ignore' });
        const t = setTimeout(() => p.kill('SIGKILL'), delay);
        p.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      const nonceLeft = readdirSync(join(w.pcs[0]!, 'frost-nonces')).some((f) =>
        f.startsWith(JSON.parse(readFileSync(req, 'utf8')).id),
      );
      const shareWritten = existsSync(shareOut);
      // Never both: a share made means the nonce is gone.
      expect(shareWritten && nonceLeft, `delay ${delay}`).toBe(false);
      const retry = jointkey([
        'frost',
        'respond',
        req,
        '--commitments',
        c.join(','),
        w.files[0]!,
        '--data-dir',
        w.pcs[0]!,
        '--out',
        `${shareOut}.retry`,
      ]);
      if (nonceLeft) expect(retry.status, `delay ${delay}: the unused nonce signs once`).toBe(0);
      else expect(retry.error?.code, `delay ${delay}`).toBe('NONCE_USED');
    }
  }, 120_000);

  it('after a whole session no file holds a signing share or a nonce in the clear', () => {
    const w = wallet('ed25519');
    const { req, c, s } = sign(w, '0f', [1, 2]);
    ok(['frost', 'aggregate', req, '--commitments', c.join(','), '--shares', s.join(',')]);
    const secrets = w.files.map((f) => JSON.parse(readFileSync(f, 'utf8')).signingShare as string);
    const written = [
      req,
      ...c,
      ...s,
      ...w.pcs.flatMap((pc) =>
        existsSync(join(pc, 'frost-nonces'))
          ? readdirSync(join(pc, 'frost-nonces')).map((f) => join(pc, 'frost-nonces', f))
          : [],
      ),
    ];
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), file).toBe(false);
    }
    // Nonces of a commitment not yet answered stay only encrypted on the holder's computer.
    const req2 = join(w.root, 'req2.json');
    ok(['frost', 'request', '--wallet', w.files[0]!, '--message-hex', '10', '--signers', '1,3', '--out', req2]);
    ok(['frost', 'commit', req2, w.files[0]!, '--data-dir', w.pcs[0]!, '--out', join(w.root, 'c2.json')]);
    const kept = readdirSync(join(w.pcs[0]!, 'frost-nonces')).map((f) =>
      JSON.parse(readFileSync(join(w.pcs[0]!, 'frost-nonces', f), 'utf8')),
    );
    expect(kept).toHaveLength(1);
    expect(Object.keys(kept[0]).sort()).toEqual(['body', 'format', 'index', 'iv', 'requestHash', 'tag', 'version']);
  });
});

/** Runs `jointkey args` and SIGKILLs it after `delay` ms (never, when Infinity); resolves with how long it lived. */
function runKilled(args: string[], delay: number): Promise<number> {
  return new Promise((resolve) => {
    const start = Date.now();
    const p = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: testEnv() });
    const t = Number.isFinite(delay) ? setTimeout(() => p.kill('SIGKILL'), delay) : undefined;
    p.on('exit', () => {
      clearTimeout(t);
      resolve(Date.now() - start);
    });
  });
}

/**
 * Loaded into every jointkey process of a session (NODE_OPTIONS=--import): notes each child-key file
 * the process reads (its content a FROST child key), with the process id, in the log file named by
 * JOINTKEY_TEST_READS. It wraps fs.readFileSync (the one way main/files reads a child key) and
 * passes everything through unchanged.
 */
const OBSERVER = `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = process.env.JOINTKEY_TEST_READS;
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  const out = read.call(this, path, ...rest);
  const text = Buffer.isBuffer(out) ? out.toString('latin1') : String(out);
  if (text.includes('"jointkey-frost-child-key"') || /^\\s*jkf1/.test(text)) {
    let index = null;
    try { index = JSON.parse(text).index; } catch {}
    fs.appendFileSync(log, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2, 4), path: String(path), index }) + '\\n');
  }
  return out;
};
syncBuiltinESMExports();
`;

describe('jointkey frost: crashes in round 1, and what a whole session leaves behind', () => {
  it('SIGKILL during round 1 at any moment, then answering again: a published commitment always has its nonces, and no nonce signs twice', async () => {
    const w = wallet('secp256k1');
    const [alice, pc] = [w.files[0]!, w.pcs[0]!];
    const request = (tag: string) => {
      const path = join(w.root, `r1-${tag}.json`);
      ok(['frost', 'request', '--wallet', w.files[0]!, '--message-hex', 'dd', '--signers', '1,2', '--out', path]);
      return { path, id: JSON.parse(readFileSync(path, 'utf8')).id as string };
    };
    const commit = (req: string, out: string) => ['frost', 'commit', req, alice, '--data-dir', pc, '--out', out];
    const respond = (req: string, cs: string[], i: number, out: string) => [
      'frost',
      'respond',
      req,
      '--commitments',
      cs.join(','),
      w.files[i]!,
      '--data-dir',
      w.pcs[i]!,
      '--out',
      out,
    ];
    // How long a round-1 answer lives here, start to exit: the kills are spread over it.
    const probe = request('probe');
    const lifetime = await runKilled(commit(probe.path, join(w.root, 'probe-c.json')), Infinity);
    expect(existsSync(join(w.root, 'probe-c.json'))).toBe(true);
    /** Alice's commitments (hiding points) that a share of hers was made with, and the requests answered. */
    const signedWith: string[] = [];
    const answered: { req: string; cs: string[] }[] = [];
    for (const f of [0.05, 0.3, 0.6, 0.8, 0.9, 0.93, 0.96, 1.2]) {
      const tag = `${f}`;
      const r = request(tag);
      const cOut = join(w.root, `r1c-${tag}.json`);
      await runKilled(commit(r.path, cOut), Math.round(lifetime * f));
      const committed = existsSync(cOut);
      const kept = existsSync(join(pc, 'frost-nonces', `${r.id}-1.json`));
      expect(!committed || kept, `at ${f}: a commitment was published without its nonces`).toBe(true);
      // Alice answers round 1 again, as she would after the crash.
      const again = jointkey(commit(r.path, `${cOut}.again`));
      if (kept) {
        // Nonces for this request are already on her computer: no second set is made.
        expect(again.error?.code, `at ${f}`).toBe('NONCE_USED');
        expect(existsSync(`${cOut}.again`)).toBe(false);
        if (!committed) {
          expect(again.error?.message).toMatch(/ask the coordinator for a new request/);
          continue;
        }
      } else expect(again.status, `at ${f}: ${again.stderr}`).toBe(0);
      const mine = committed ? cOut : `${cOut}.again`;
      const bobC = join(w.root, `r1c-${tag}-bob.json`);
      ok(['frost', 'commit', r.path, w.files[1]!, '--data-dir', w.pcs[1]!, '--out', bobC]);
      const cs = [mine, bobC];
      const s = [0, 1].map((i) => {
        const out = join(w.root, `r1s-${tag}-${i}.json`);
        ok(respond(r.path, cs, i, out));
        return out;
      });
      signedWith.push(JSON.parse(readFileSync(mine, 'utf8')).hiding as string);
      answered.push({ req: r.path, cs });
      const agg = ok(['frost', 'aggregate', r.path, '--commitments', cs.join(','), '--shares', s.join(',')]);
      expect(
        schnorr.verify(
          hexToBytes(agg['signatureHex'] as string),
          hexToBytes('dd'),
          hexToBytes(agg['publicKeyHex'] as string),
        ),
      ).toBe(true);
    }
    expect(answered.length).toBeGreaterThan(0);
    // Each commitment of Alice's was signed with once; replaying any answered request signs nothing.
    expect(new Set(signedWith).size).toBe(signedWith.length);
    for (const a of answered) {
      const replay = jointkey(respond(a.req, a.cs, 0, join(w.root, `replay-${n++}.json`)));
      expect(replay.error?.code).toBe('NONCE_USED');
    }
  }, 240_000);

  it.each([
    ['ed25519', 'a message'],
    ['secp256k1', 'a Taproot PSBT'],
  ] as const)(
    '%s, %s, 2 of 3 on three computers: no file or output holds a signing share or a nonce, and no process read two child keys',
    (curve, _what) => {
      const w = wallet(curve);
      const reads = join(w.root, 'reads.jsonl');
      const observer = join(dir, 'observer.mjs');
      if (!existsSync(observer)) writeFileSync(observer, OBSERVER);
      const env = {
        ...testEnv(),
        NODE_OPTIONS: `--import ${pathToFileURL(observer).href}`,
        JOINTKEY_TEST_READS: reads,
      };
      const outputs: CliResult[] = [];
      const run = (args: string[]) => {
        const r = jointkey(args, { env });
        outputs.push(r);
        expect(r.status, r.stderr).toBe(0);
        return r.json as Record<string, unknown>;
      };
      const shareHex = w.files.map((f) => JSON.parse(readFileSync(f, 'utf8')).signingShare as string);
      expect(shareHex.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
      const walletId = (w.made['walletId'] ?? w.made['setId']) as string;
      // Alice coordinates on her computer (the wallet's record there); Bob and Carol sign on theirs.
      const what: string[] = ['--message-hex', Buffer.from('Pay the roofer').toString('hex')];
      if (curve === 'secp256k1') {
        const d = run(['descriptors', walletId, '--data-dir', join(w.root, 'data')]);
        const tr = (d['descriptors'] as { tr: string }).tr;
        const internal = Buffer.concat([Buffer.from([2]), Buffer.from(/^tr\(([0-9a-f]{64})\)#/.exec(tr)![1]!, 'hex')]);
        const psbtFile = join(w.root, 'unsigned.psbt');
        writeFileSync(psbtFile, buildPsbt(internal, { mine: ['tr', 'tr'] }).toBase64());
        what.splice(0, 2, '--psbt', psbtFile);
      }
      const req = join(w.root, 'request.json');
      run([
        'frost',
        'request',
        '--wallet',
        walletId,
        '--data-dir',
        join(w.root, 'data'),
        ...what,
        '--signers',
        '2,3',
        '--out',
        req,
      ]);
      const id = JSON.parse(readFileSync(req, 'utf8')).id as string;
      const nonces: Uint8Array[] = [];
      const c = [1, 2].map((i) => {
        const out = join(w.root, `commitment-${i}.json`);
        run(['frost', 'commit', req, w.files[i]!, '--data-dir', w.pcs[i]!, '--out', out]);
        // The nonces kept on the holder's computer are the ones behind the commitment published.
        const mine = openNonces(w.pcs[i]!, id, i + 1, shareHex[i]!);
        const k = mine.length / 2;
        const published = JSON.parse(readFileSync(out, 'utf8'));
        expect(
          mine
            .slice(0, k)
            .map((x) => nonceCommitment(curve, x))
            .join(''),
        ).toBe(published.hiding);
        expect(
          mine
            .slice(k)
            .map((x) => nonceCommitment(curve, x))
            .join(''),
        ).toBe(published.binding);
        nonces.push(...mine);
        return out;
      });
      const s = [1, 2].map((i) => {
        const out = join(w.root, `share-${i}.json`);
        run([
          'frost',
          'respond',
          req,
          '--commitments',
          c.join(','),
          w.files[i]!,
          '--data-dir',
          w.pcs[i]!,
          '--out',
          out,
        ]);
        return out;
      });
      const signed = join(w.root, 'signed.out');
      const agg = run([
        'frost',
        'aggregate',
        req,
        '--commitments',
        c.join(','),
        '--shares',
        s.join(','),
        '--out',
        signed,
      ]);
      if (curve === 'ed25519')
        expect(
          ed25519.verify(
            hexToBytes(agg['signatureHex'] as string),
            Buffer.from('Pay the roofer'),
            hexToBytes(agg['publicKeyHex'] as string),
          ),
        ).toBe(true);
      else {
        const back = bitcoin.Psbt.fromBuffer(readFileSync(signed));
        expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
        back.finalizeAllInputs();
      }

      // Secret hygiene: every file the session left (but the child-key files themselves), every output.
      const secrets = [...shareHex, ...nonces.map((x) => bytesToHex(x))];
      expect(nonces).toHaveLength(curve === 'ed25519' ? 4 : 8);
      const forms = secretForms(secrets);
      const left = filesUnder(w.root, [join(w.root, 'keys')]).filter((f) => f !== reads);
      expect(left).toContain(signed);
      const texts = [
        ...left.map((f) => [f, readFileSync(f).toString('latin1')] as const),
        ...outputs.map((r, i) => [`output ${i}`, r.stdout + r.stderr] as const),
      ];
      for (const [where, text] of texts)
        for (const secret of forms) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
      // The nonces were used once: none is left on any computer.
      for (const pc of w.pcs)
        expect(existsSync(join(pc, 'frost-nonces')) ? readdirSync(join(pc, 'frost-nonces')) : []).toEqual([]);

      // No process ever held two child keys: what each process of the session read, as observed.
      const log = readFileSync(reads, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { pid: number; argv: string[]; path: string; index: number | null });
      const byProcess = new Map<number, typeof log>();
      for (const e of log) byProcess.set(e.pid, [...(byProcess.get(e.pid) ?? []), e]);
      for (const [pid, seen] of byProcess) {
        expect(new Set(seen.map((e) => e.path)).size, `process ${pid} (${seen[0]!.argv.join(' ')})`).toBe(1);
        expect(new Set(seen.map((e) => e.index)).size).toBe(1);
      }
      // Each holder's commit and respond was a process of its own that read exactly their own child key.
      const holderRuns = [...byProcess.values()].map((seen) => `${seen[0]!.argv[1]} ${seen[0]!.index}`).sort();
      expect(holderRuns).toEqual(['commit 2', 'commit 3', 'respond 2', 'respond 3']);
    },
    120_000,
  );
});
