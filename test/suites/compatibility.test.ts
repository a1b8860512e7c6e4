/**
 * Files and records written by JointKey 0.1.0 (test/vectors/v0.1.0, before the one wallet model)
 * open with the current code: every wallet record loads through its kind, with its id unchanged;
 * every child-key file (plain, age-encrypted, SLIP-39) reads; each set restores the secret it
 * restored then; each recorded wallet's session takes its files and passes a health check; and the
 * built CLI restores the same secrets. The same for format version 1's 2-byte secrets
 * (test/vectors/v1, written by the version before format version 2): records, files, each child key
 * checked against its set, restores, and the CLI — and a file written again keeps version 1.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { readChildKey } from '../../main/core/wallet/kinds/index.js';
import { childKeyFromFile, childKeyToFile } from '../../main/core/formats/file-form.js';
import { verifyChildKey } from '../../main/core/formats/verify.js';
import { restore } from '../../main/core/wallet/restore.js';
import { openChildKeyFile, wipeRead, type ChildKeyFromDisk } from '../../main/files/child-key-files.js';
import { nativePbkdf2 } from '../../main/native/pbkdf2.js';
import { listWalletRecords, walletOfChildKey } from '../../main/wallets/store.js';
import { assertBuilt, jointkey } from '../support/cli.js';

const DIR = fileURLToPath(new URL('../vectors/v0.1.0/', import.meta.url));
const DATA = join(DIR, 'data');
const PASSES = readFileSync(join(DIR, 'passphrases.txt'), 'utf8').trim().split('\n');
interface SetEntry {
  dir: string;
  scheme: string;
  curve: string | null;
  encrypted?: boolean;
  restoreWith: string[];
  secretHex: string;
}
const MANIFEST = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { sets: SetEntry[] };

async function openAll(s: SetEntry): Promise<ChildKeyFromDisk[]> {
  return Promise.all(
    s.restoreWith.map((f, i) => openChildKeyFile(join(DIR, s.dir, f), s.encrypted ? PASSES[i] : undefined)),
  );
}

describe('files and records of JointKey 0.1.0 open with this version', () => {
  it('every wallet record loads, none damaged, ids unchanged', () => {
    const listed = listWalletRecords(DATA);
    const names = readdirSync(join(DATA, 'wallets')).sort();
    expect(listed.map((e) => ('error' in e ? e.error : 'ok'))).toEqual(names.map(() => 'ok'));
    expect(listed.map((e) => ('wallet' in e ? `${e.wallet.record.id}.wallet.json` : ''))).toEqual(names);
    expect(listed.map((e) => ('wallet' in e ? e.wallet.record.scheme : '')).sort()).toEqual(
      ['additive', 'shamir', 'slip39', 'xor'].sort(),
    );
  });

  it.each(MANIFEST.sets.map((s) => [s.dir, s] as const))('%s: restores the secret it restored then', async (_, s) => {
    const read = await openAll(s);
    try {
      const kinds = new Set(read.map((r) => r.read.kind.id));
      expect(kinds.size).toBe(1);
      const restored = read[0]!.read.kind.restore(
        read.map((r) => r.read),
        { platform: { pbkdf2: nativePbkdf2 } },
      );
      expect(bytesToHex(restored.secret)).toBe(s.secretHex);
      restored.secret.fill(0);
    } finally {
      wipeRead(read);
    }
  });

  it.each(MANIFEST.sets.filter((s) => s.curve !== null).map((s) => [s.dir, s] as const))(
    '%s: its recorded wallet takes its files and passes a health check',
    async (_, s) => {
      const read = await openAll(s);
      const wallet = walletOfChildKey(DATA, read[0]!.read);
      expect(wallet, `${s.dir}'s wallet record`).toBeDefined();
      const session = wallet!.openSession({ pbkdf2: nativePbkdf2 });
      for (const r of read) session.enter(r.read);
      expect(session.sign({ kind: 'health-check' })).toMatchObject({ kind: 'health-check', ok: true });
      expect(session.closed).toBe(true);
    },
  );

  it('the text form inside a 0.1.0 file reads as typed', () => {
    const file = JSON.parse(readFileSync(join(DIR, 'shamir', '2-bob.jointkey.json'), 'utf8')) as { childKey: string };
    const read = readChildKey(file.childKey, { from: 'typed' });
    expect(read.holder).toEqual({ index: 2, label: 'Bob' });
    read.wipe();
  });

  it('the built command line restores the same secrets', () => {
    assertBuilt();
    for (const s of MANIFEST.sets) {
      const files = s.restoreWith.map((f) => join(DIR, s.dir, f));
      const args = s.encrypted
        ? ['restore', '--passphrase-file', join(DIR, 'passphrases.txt'), ...files]
        : ['restore', ...files];
      expect(jointkey(args).json, s.dir).toEqual({ secretHex: s.secretHex });
    }
  });
});

const V1 = fileURLToPath(new URL('../vectors/v1/', import.meta.url));
const V1_MANIFEST = JSON.parse(readFileSync(join(V1, 'manifest.json'), 'utf8')) as {
  secretHex: string;
  sets: { dir: string; scheme: string; threshold: number; files: string[] }[];
};

describe('format version 1 (test/vectors/v1): a 2-byte secret split by each scheme still reads, verifies and restores', () => {
  it('every wallet record loads', () => {
    const listed = listWalletRecords(join(V1, 'data'));
    expect(listed.map((e) => ('error' in e ? e.error : e.wallet.record.scheme)).sort()).toEqual(
      ['additive', 'gf256', 'shamir', 'xor'].sort(),
    );
  });

  it.each(V1_MANIFEST.sets.map((s) => [s.dir, s] as const))(
    '%s: each file verifies against its set, any quorum restores, the record’s wallet takes them',
    (_, s) => {
      const read = s.files.map((f) => childKeyFromFile(readFileSync(join(V1, s.dir, f), 'utf8')));
      for (const r of read) {
        expect([r.childKey.version, r.set.version, r.set.verification.kind]).toEqual([1, 1, 'hashes']);
        verifyChildKey(r.childKey, r.set);
        // Written again (as the keychain stores it), it stays exactly the version 1 file.
        expect(childKeyToFile(r.childKey, r.set)).toBe(
          readFileSync(join(V1, s.dir, s.files[r.childKey.index - 1]!), 'utf8'),
        );
      }
      const quorum = read.slice(-s.threshold);
      expect(
        bytesToHex(
          restore(
            quorum.map((r) => r.childKey),
            { set: read[0]!.set },
          ).secret,
        ),
      ).toBe(V1_MANIFEST.secretHex);
      expect(bytesToHex(restore(quorum.map((r) => r.childKey)).secret)).toBe(V1_MANIFEST.secretHex);
      const text = readChildKey(JSON.parse(readFileSync(join(V1, s.dir, s.files[0]!), 'utf8')).childKey, {
        from: 'typed',
      });
      expect(walletOfChildKey(join(V1, 'data'), text)?.record.id).toBe(bytesToHex(read[0]!.childKey.setId));
      text.wipe();
    },
  );

  it('the built command line restores and verifies them', () => {
    assertBuilt();
    for (const s of V1_MANIFEST.sets) {
      const files = s.files.slice(0, s.threshold).map((f) => join(V1, s.dir, f));
      expect(jointkey(['restore', ...files]).json, s.dir).toEqual({ secretHex: V1_MANIFEST.secretHex });
      expect(jointkey(['verify', join(V1, s.dir, s.files[0]!)]).status, s.dir).toBe(0);
    }
  });
});
