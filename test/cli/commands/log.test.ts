/** `jointkey log`: a wallet's record of use as the CLI writes it (split, sign), verified; a broken one exits non-zero naming the fault. */
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../../support/cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-log-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wallet(name: string) {
  const data = join(dir, `${name}-data`);
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
    'Family',
    '--generate',
    'secp256k1',
    '--out',
    join(dir, name),
    '--data-dir',
    data,
    '--plaintext',
  ]);
  expect(made.status, made.stderr).toBe(0);
  return { data, setId: made.json.setId as string, files: made.json.files as string[] };
}

describe('jointkey log', () => {
  it('prints created, the receipts and each signature with its holders, and exits 0 on a whole chain', () => {
    const w = wallet('a');
    const s = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00ff',
      '--data-dir',
      w.data,
      w.files[0]!,
      w.files[2]!,
    ]);
    expect(s.status, s.stderr).toBe(0);
    const r = jointkey(['log', '--data-dir', w.data, w.setId]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.entries.map((e: { event: string }) => e.event)).toEqual([
      'created',
      'receipt',
      'receipt',
      'receipt',
      'signed',
    ]);
    expect(r.json.entries[4].data).toMatchObject({
      holders: [
        { index: 1, label: 'Alice', from: 'file' },
        { index: 3, label: 'Carol', from: 'file' },
      ],
      signature: s.json.signatureHex,
    });
    // Nothing secret: not the key, not a holder's share.
    const key = jointkey(['restore', w.files[0]!, w.files[1]!]).json.secretHex as string;
    expect(r.stdout).not.toContain(key);
    for (const f of w.files) {
      // The child key's text form (jk1-…): its groups, without the dashes, are not in the log.
      const text = (JSON.parse(readFileSync(f, 'utf8')) as { childKey: string }).childKey;
      expect(text).toMatch(/^jk1-/);
      expect(r.stdout.toLowerCase()).not.toContain(text.toLowerCase().slice(4, 30));
    }
  });

  it('exits non-zero naming an edited, a removed and a reordered entry', () => {
    const w = wallet('b');
    const logDir = join(w.data, 'log', w.setId);
    const p = (n: number) => join(logDir, `00000${n}.json`);
    const original = readFileSync(p(2), 'utf8');
    writeFileSync(p(2), original.replace('"Alice"', '"Mallory"'));
    let r = jointkey(['log', '--data-dir', w.data, w.setId]);
    expect(r.status).toBe(1);
    expect(r.error?.code).toBe('TAMPERED_FILE');
    expect(r.error?.message).toMatch(/Entry 2 was edited/);
    expect(r.json.problems).toEqual([expect.objectContaining({ seq: 2, problem: 'edited' })]);
    writeFileSync(p(2), original);

    const three = readFileSync(p(3), 'utf8');
    unlinkSync(p(3));
    r = jointkey(['log', '--data-dir', w.data, w.setId]);
    expect(r.status).toBe(1);
    expect(r.error?.message).toMatch(/Entry 3 is missing/);
    writeFileSync(p(3), three);

    renameSync(p(3), join(dir, 'tmp3'));
    renameSync(p(4), p(3));
    renameSync(join(dir, 'tmp3'), p(4));
    r = jointkey(['log', '--data-dir', w.data, w.setId]);
    expect(r.status).toBe(1);
    expect(r.error?.message).toMatch(/Entry 3's file holds entry 4: the entries were reordered/);
    // A signature is still made, and says the log could not be written.
    const s = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00',
      '--data-dir',
      w.data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(s.status).toBe(0);
    expect(s.json.logError).toMatchObject({ code: 'TAMPERED_FILE' });
  });

  it('refuses what is not a wallet id', () => {
    const r = jointkey(['log', '--data-dir', dir, '../x']);
    expect(r.status).toBe(1);
    expect(r.error?.code).toBe('INVALID_ARGUMENT');
    expect(jointkey(['log']).status).toBe(2);
  });
});
