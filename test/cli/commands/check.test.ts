/** `jointkey check`: one holder checks their own child key alone against the wallet's record; the check is logged. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childKeyFromText, childKeyToText } from '../../../main/core/formats/text-form.js';
import { assertBuilt, jointkey } from '../../support/cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wallet(name: string, data: string, passes?: string) {
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
    name,
    '--generate',
    'secp256k1',
    '--out',
    join(dir, name),
    '--data-dir',
    data,
    ...(passes ? ['--passphrase-file', passes, '--scrypt-log-n', '14'] : ['--plaintext']),
  ]);
  expect(made.status, made.stderr).toBe(0);
  return { setId: made.json.setId as string, files: made.json.files as string[] };
}

describe('jointkey check', () => {
  it('says a holder’s own child key is intact, and records when each holder last checked', () => {
    const data = join(dir, 'data');
    const passes = join(dir, 'passes');
    writeFileSync(passes, 'lantern orbit mossy tulip\ncopper whale autumn ledger\nviolet canyon pebble marsh\n');
    const w = wallet('Family savings', data, passes);
    const bobPass = join(dir, 'bob-pass');
    writeFileSync(bobPass, 'copper whale autumn ledger\n');
    const r = jointkey(['check', '--data-dir', data, '--passphrase-file', bobPass, w.files[1]!]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      against: 'record',
      summary: 'Your child key for Family savings is intact (holder 2 of 3, Bob).',
      walletId: w.setId,
      holder: 'Bob',
      index: 2,
      checked: ['checksum', 'wallet', 'share'],
      encrypted: true,
    });
    const log = jointkey(['log', '--data-dir', data, w.setId]);
    expect(log.json.entries.at(-1)).toMatchObject({
      event: 'checked',
      data: { how: 'alone', holders: [{ index: 2, label: 'Bob', from: 'file' }] },
    });
    const list = jointkey(['wallet', 'list', '--data-dir', data]);
    const listed = list.json.wallets.find((x: { id: string }) => x.id === w.setId);
    expect(listed.supersededBy).toBeNull();
    expect(listed.logOk).toBe(true);
    expect(listed.lastChecked[1]).toEqual({ holder: 'Bob', at: log.json.entries.at(-1).at });
    // The wrong passphrase is refused as such.
    const wrong = jointkey(['check', '--data-dir', data, '--passphrase-file', bobPass, w.files[0]!]);
    expect(wrong.error?.code).toBe('WRONG_PASSPHRASE');
  });

  it('refuses a changed share and another wallet’s child key, naming them; without a record, checks the file alone and says so', () => {
    const data = join(dir, 'data2');
    const w = wallet('Family', data);
    const other = wallet('Other', join(dir, 'other-data'));
    // Bob's share changed by one bit, its checksum recomputed: the text form reads, the record refuses it.
    const bob = JSON.parse(readFileSync(w.files[1]!, 'utf8')) as { childKey: string };
    const ck = childKeyFromText(bob.childKey);
    ck.share[0]! ^= 1;
    const forged = join(dir, 'bob-forged.txt');
    writeFileSync(forged, `${childKeyToText(ck)}\n`);
    const f = jointkey(['check', '--data-dir', data, forged]);
    expect(f.status).toBe(1);
    expect(f.error?.code).toBe('CHILD_KEY_MISMATCH');
    expect(f.error?.message).toContain('Child key 2 (Bob) does not match');

    const foreign = jointkey(['check', '--data-dir', data, '--set-id', w.setId, other.files[0]!]);
    expect(foreign.status).toBe(1);
    expect(['DIFFERENT_WALLET', 'DIFFERENT_SET']).toContain(foreign.error?.code);

    const alone = jointkey(['check', '--data-dir', join(dir, 'empty'), w.files[0]!]);
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.json).toMatchObject({
      ok: true,
      against: 'file',
      holder: 'Alice',
      checked: ['checksum', 'set', 'share'],
    });
    expect(alone.json.note).toMatch(/not recorded/);
    // Refusals and the unrecorded check left the log as it was: created and three receipts.
    expect(jointkey(['log', '--data-dir', data, w.setId]).json.entries).toHaveLength(4);
  });
});
