/**
 * `jointkey rekey`: a 2-of-3 wallet rekeyed to 3-of-4 with a new holder keeps its key and addresses;
 * the new child keys restore it, the old ones are refused (named as replaced) and never mix with the
 * new; a refresh makes old files useless with new ones; too few, another wallet's, a replaced set's
 * child keys and colliding labels are refused, and nothing is recorded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../../support/cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-rekey-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function wallet(data: string, label = 'Family') {
  const made = jointkey([
    'split',
    '--scheme',
    'shamir',
    '--parties',
    '3',
    '--threshold',
    '2',
    '--labels',
    'Alice,Bob,Carol',
    '--wallet-label',
    label,
    '--generate',
    'secp256k1',
    '--out',
    join(dir, `keys-${n++}`),
    '--data-dir',
    data,
    '--plaintext',
  ]);
  expect(made.status, made.stderr).toBe(0);
  return made.json as { setId: string; files: string[]; publicKey: string; addresses: Record<string, string> };
}
const hashOf = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const records = (data: string) => readdirSync(join(data, 'wallets')).filter((f) => f.endsWith('.wallet.json'));

describe('jointkey rekey', () => {
  it('2-of-3 to 3-of-4 with a new holder: same key and addresses; new child keys restore it; old ones refused, named; no mixing', () => {
    const data = join(dir, 'data-a');
    const w = wallet(data);
    const key = jointkey(['restore', w.files[0]!, w.files[1]!]).json.secretHex as string;
    const oldRecord = join(data, 'wallets', `${w.setId}.wallet.json`);
    const oldHash = hashOf(oldRecord);

    const out = join(dir, 'new-a');
    const r = jointkey([
      'rekey',
      '--threshold',
      '3',
      '--labels',
      'Alice,Bob,Carol,Dave',
      '--out',
      out,
      '--plaintext',
      '--data-dir',
      data,
      w.files[0]!,
      w.files[2]!,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({
      previousSetId: w.setId,
      how: 'rekeyed',
      scheme: 'shamir',
      threshold: 3,
      parties: 4,
      publicKey: w.publicKey,
      addresses: w.addresses,
    });
    expect(r.json.setId).not.toBe(w.setId);
    expect(r.json.receipts.map((x: { holder: string }) => x.holder)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    expect(r.stdout).not.toContain(key);
    const files = r.json.files as string[];

    // The new child keys restore the same key (checked against an independent library's public key).
    const restored = jointkey(['restore', files[0]!, files[1]!, files[3]!]);
    expect(restored.json.secretHex).toBe(key);
    expect(Buffer.from(secp256k1.getPublicKey(Buffer.from(key, 'hex'), true)).toString('hex')).toBe(w.publicKey);
    // Two are no longer enough.
    expect(jointkey(['restore', files[0]!, files[3]!]).error?.code).toBe('TOO_FEW_CHILD_KEYS');
    // Old and new never mix.
    const mixed = jointkey(['restore', files[0]!, files[1]!, w.files[2]!]);
    expect(mixed.status).toBe(1);
    expect(mixed.error?.code).toBe('DIFFERENT_SET');

    // The old record is kept as it was; the new one is there; the old is marked superseded.
    expect(hashOf(oldRecord)).toBe(oldHash);
    expect(records(data).sort()).toEqual([`${w.setId}.wallet.json`, `${r.json.setId}.wallet.json`].sort());
    const list = jointkey(['wallet', 'list', '--data-dir', data]).json.wallets as {
      id: string;
      supersededBy: string | null;
    }[];
    expect(list.find((x) => x.id === w.setId)?.supersededBy).toBe(r.json.setId);
    expect(list.find((x) => x.id === r.json.setId)?.supersededBy).toBeNull();

    // An old child key entered later is named for what it is, at a signing and at a check.
    const day = new Date().toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const signed = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00',
      '--data-dir',
      data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(signed.status).toBe(1);
    expect(signed.error?.code).toBe('DIFFERENT_SET');
    expect(signed.error?.message).toContain(`Alice’s child key from the set replaced on ${day} — use the new one`);
    const checked = jointkey(['check', '--data-dir', data, w.files[1]!]);
    expect(checked.error?.message).toContain(`Bob’s child key from the set replaced on ${day} — use the new one`);
    // And the new ones sign, for the same public key.
    const ok = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00',
      '--data-dir',
      data,
      files[1]!,
      files[2]!,
      files[3]!,
    ]);
    expect(ok.json.publicKeyHex).toBe(w.publicKey);

    // Both logs say what happened.
    const oldLog = jointkey(['log', '--data-dir', data, w.setId]).json;
    expect(oldLog.ok).toBe(true);
    expect(oldLog.entries.at(-1)).toMatchObject({
      event: 'rekeyed',
      data: { newSetId: r.json.setId, parties: 4, threshold: 3 },
    });
    const newLog = jointkey(['log', '--data-dir', data, r.json.setId]).json;
    expect(newLog.entries.map((e: { event: string }) => e.event)).toEqual([
      'created',
      'receipt',
      'receipt',
      'receipt',
      'receipt',
      'signed',
    ]);
    expect(newLog.entries[0].data.previousSetId).toBe(w.setId);

    // Rekeying the replaced set again is refused, named.
    const again = jointkey([
      'rekey',
      '--out',
      join(dir, 'again'),
      '--plaintext',
      '--data-dir',
      data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(again.error?.code).toBe('DIFFERENT_SET');
    expect(existsSync(join(dir, 'again'))).toBe(false);
  });

  it('a refresh (no option changed): the same holders and rule, new child keys; old files are useless with new ones', () => {
    const data = join(dir, 'data-b');
    const w = wallet(data);
    const key = jointkey(['restore', w.files[0]!, w.files[1]!]).json.secretHex as string;
    const r = jointkey([
      'rekey',
      '--out',
      join(dir, 'new-b'),
      '--plaintext',
      '--data-dir',
      data,
      w.files[1]!,
      w.files[2]!,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ how: 'refreshed', threshold: 2, parties: 3, publicKey: w.publicKey });
    const files = r.json.files as string[];
    expect(jointkey(['restore', files[0]!, files[2]!]).json.secretHex).toBe(key);
    // Every pair of one old and one new child key is refused.
    for (const [o, f] of [
      [0, 1],
      [1, 0],
      [2, 0],
    ] as const) {
      const mixed = jointkey(['restore', w.files[o]!, files[f]!]);
      expect(mixed.status, `old ${o + 1} with new ${f + 1}`).toBe(1);
      expect(mixed.error?.code).toBe('DIFFERENT_SET');
    }
    expect(jointkey(['log', '--data-dir', data, w.setId]).json.entries.at(-1).event).toBe('refreshed');
  });

  it('refuses fewer than the quorum, another wallet’s child key, colliding labels, no record — and records nothing', () => {
    const data = join(dir, 'data-c');
    const w = wallet(data);
    const other = wallet(join(dir, 'data-other'), 'Other');
    const before = records(data);
    const rekey = (out: string, ...rest: string[]) =>
      jointkey(['rekey', '--out', join(dir, out), '--plaintext', '--data-dir', data, ...rest]);

    const few = rekey('few', w.files[0]!);
    expect(few.error?.code).toBe('TOO_FEW_CHILD_KEYS');
    expect(few.error?.message).toContain('1 of 2');

    const foreign = rekey('foreign', w.files[0]!, other.files[1]!);
    expect(['DIFFERENT_WALLET', 'DIFFERENT_SET']).toContain(foreign.error?.code);
    expect(foreign.error?.message).toContain(other.files[1]!);

    const colliding = rekey('colliding', '--labels', 'Alice,Bob,alice', w.files[0]!, w.files[1]!);
    expect(colliding.error?.code).toBe('USAGE');
    expect(colliding.error?.message).toMatch(/repeated/);

    const unnamed = rekey('unnamed', '--parties', '4', w.files[0]!, w.files[1]!);
    expect(unnamed.error?.code).toBe('USAGE');
    expect(unnamed.error?.message).toContain('--labels');

    const norecord = jointkey([
      'rekey',
      '--out',
      join(dir, 'norecord'),
      '--plaintext',
      '--data-dir',
      join(dir, 'empty'),
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(norecord.error?.code).toBe('FILE_NOT_FOUND');

    for (const out of ['few', 'foreign', 'colliding', 'unnamed', 'norecord'])
      expect(existsSync(join(dir, out))).toBe(false);
    expect(records(data)).toEqual(before);
    expect(existsSync(join(data, 'superseded'))).toBe(false);
  });

  it('to another scheme: a JointKey wallet rekeyed to (raw-key) SLIP-39 words keeps its addresses', () => {
    const data = join(dir, 'data-d');
    const w = wallet(data);
    const r = jointkey([
      'rekey',
      '--scheme',
      'slip39-raw',
      '--out',
      join(dir, 'new-d'),
      '--plaintext',
      '--data-dir',
      data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({
      how: 'rekeyed',
      previousSetId: w.setId,
      publicKey: w.publicKey,
      addresses: w.addresses,
    });
    const signed = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00',
      '--data-dir',
      data,
      ...(r.json.files as string[]).slice(0, 2),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.json.publicKeyHex).toBe(w.publicKey);
  });

  it('a standard SLIP-39 wallet: refreshed, it keeps its seed and addresses; to another scheme it is refused before any file is written', () => {
    const data = join(dir, 'data-e');
    const made = jointkey([
      'split',
      '--scheme',
      'slip39',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--labels',
      'Alice,Bob,Carol',
      '--generate',
      'secp256k1',
      '--out',
      join(dir, 'keys-e'),
      '--data-dir',
      data,
      '--plaintext',
    ]);
    expect(made.status, made.stderr).toBe(0);
    const w = made.json as { setId: string; files: string[]; publicKey: string; addresses: Record<string, string> };
    const refused = jointkey([
      'rekey',
      '--scheme',
      'shamir',
      '--out',
      join(dir, 'new-e-shamir'),
      '--plaintext',
      '--data-dir',
      data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Keep its scheme, slip39');
    expect(existsSync(join(dir, 'new-e-shamir')) ? readdirSync(join(dir, 'new-e-shamir')) : []).toEqual([]);
    const r = jointkey([
      'rekey',
      '--out',
      join(dir, 'new-e'),
      '--plaintext',
      '--data-dir',
      data,
      w.files[1]!,
      w.files[2]!,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ how: 'refreshed', publicKey: w.publicKey, addresses: w.addresses });
    const signed = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00',
      '--data-dir',
      data,
      ...(r.json.files as string[]).slice(0, 2),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
  });

  it('a secret that is not a key (format version 2: a fingerprint keyed per set): refreshed, the new child keys restore the same bytes', () => {
    const data = join(dir, 'data-f');
    const made = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--labels',
      'Ann,Ben',
      '--secret-hex',
      'c0ffee',
      '--out',
      join(dir, 'keys-f'),
      '--data-dir',
      data,
      '--plaintext',
    ]);
    expect(made.status, made.stderr).toBe(0);
    const files = made.json.files as string[];
    const r = jointkey(['rekey', '--out', join(dir, 'new-f'), '--plaintext', '--data-dir', data, ...files]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.how).toBe('refreshed');
    const fresh = r.json.files as string[];
    expect(jointkey(['restore', ...fresh]).json).toEqual({ secretHex: 'c0ffee' });
    expect(jointkey(['restore', files[0]!, fresh[1]!]).status).not.toBe(0);
  });
});
