import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HDKey } from '@scure/bip32';
import { p2tr, p2wpkh } from '@scure/btc-signer';
import slip39 from 'slip39';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict } from '../../../main/core/bytes.js';
import { curveById, publicKeyOf } from '../../../main/core/math/curves.js';
import { decodeMnemonic } from '../../../main/core/sharing/slip39/index.js';
import { slip39WalletIdOf } from '../../../main/core/wallet/kinds/slip39.js';
import { anyWalletRecordFromJson } from '../../support/records.js';
import { listWalletRecords } from '../../../main/wallets/store.js';
import { assertBuilt, jointkey } from '../../support/cli.js';
import vectors from '../../vectors/slip39/vectors.json' with { type: 'json' };

let dir: string;
let trezor: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-slip39-'));
  trezor = join(dir, 'trezor.txt');
  writeFileSync(trezor, 'TREZOR\n'); // one trailing newline is removed
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jointkey slip39 combine: the 45 reference vectors through the command line', () => {
  it.each((vectors as [string, string[], string, string][]).map((v) => [v[0], v] as const))('%s', (_d, v) => {
    const [, mnemonics, secretHex] = v;
    const r = jointkey(['slip39', 'combine', '--passphrase-file', trezor], { input: `${mnemonics.join('\n')}\n` });
    if (secretHex) {
      expect(r.error).toBeUndefined();
      expect(r.json).toEqual({ secretHex });
    } else {
      expect(r.status).toBe(1);
      expect(r.error?.code).toMatch(/^[A-Z_]+$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('jointkey slip39 split', () => {
  const secret = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

  it('splits one group T-of-N and combines from any T, with a passphrase file', () => {
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, 'correct horse\r\n');
    const r = jointkey([
      'slip39',
      'split',
      '--threshold',
      '3',
      '--shares',
      '5',
      '--passphrase-file',
      pass,
      '--iteration-exponent',
      '0',
      '--secret-hex',
      secret,
    ]);
    expect(r.error).toBeUndefined();
    const [group] = r.json.mnemonics as string[][];
    expect(group).toHaveLength(5);
    expect(group![0]!.split(' ')).toHaveLength(33);
    const share = decodeMnemonic(group![0]!);
    expect([share.extendable, share.iterationExponent, share.memberThreshold]).toEqual([false, 0, 3]);
    const pick = [group![4]!, group![1]!, group![2]!];
    expect(jointkey(['slip39', 'combine', '--passphrase-file', pass], { input: pick.join('\n') }).json).toEqual({
      secretHex: secret,
    });
    // Another passphrase gives another secret, as SLIP-39 specifies; no passphrase file is the empty one.
    expect(jointkey(['slip39', 'combine'], { input: pick.join('\n') }).json.secretHex).not.toBe(secret);
    expect(
      jointkey(['slip39', 'combine', '--passphrase-file', pass], { input: pick.slice(1).join('\n') }).error?.code,
    ).toBe('INSUFFICIENT_SHARES');
  });

  it('splits into groups and combines from the group threshold, extendable', () => {
    const r = jointkey([
      'slip39',
      'split',
      '--threshold',
      '1',
      '--shares',
      '1',
      '--groups',
      '1/1,2/3,3/5',
      '--group-threshold',
      '2',
      '--extendable',
      '--secret-hex',
      secret.slice(0, 32),
    ]);
    expect(r.error).toBeUndefined();
    const groups = r.json.mnemonics as string[][];
    expect(groups.map((g) => g.length)).toEqual([1, 3, 5]);
    expect(decodeMnemonic(groups[0]![0]!).extendable).toBe(true);
    const input = [groups[0]![0]!, groups[2]![0]!, groups[2]![3]!, groups[2]![4]!].join('\n');
    expect(jointkey(['slip39', 'combine'], { input }).json).toEqual({ secretHex: secret.slice(0, 32) });
  });

  it('refuses bad options and input with JSON errors', () => {
    for (const args of [
      ['slip39', 'split', '--threshold', '2', '--shares', '3', '--secret-hex', 'abcd'],
      ['slip39', 'split', '--threshold', '4', '--shares', '3', '--secret-hex', secret],
      ['slip39', 'split', '--groups', '2-3', '--group-threshold', '1', '--secret-hex', secret],
      ['slip39', 'split', '--threshold', '2', '--shares', '3'],
      ['slip39', 'split', '--threshold', '2', '--shares', '3', '--iteration-exponent', '99', '--secret-hex', secret],
      ['slip39', 'frob'],
    ]) {
      const r = jointkey(args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.error?.code).toMatch(/^[A-Z_]+$/);
    }
    const typo = jointkey(['slip39', 'combine'], { input: 'academic acid acne\n' });
    expect(typo.error?.code).toBe('INVALID_MNEMONIC');
  });

  it('reports a wrong word by its position, never correcting it', () => {
    const r = jointkey(['slip39', 'split', '--threshold', '2', '--shares', '2', '--secret-hex', secret.slice(0, 32)]);
    const words = (r.json.mnemonics[0][0] as string).split(' ');
    words[6] = 'acdemic';
    const c = jointkey(['slip39', 'combine'], { input: `${words.join(' ')}\n${r.json.mnemonics[0][1]}` });
    expect(c.error).toEqual({
      code: 'UNKNOWN_WORD',
      message: expect.stringMatching(/^Word 7 of mnemonic 1 is not on the SLIP-39 word list/),
    });
  });
});

/** A 2-of-3 SLIP-39 split among Alice, Bob and Carol of wallet "Savings", plaintext into `out`. */
const splitArgs = (out: string, data: string | undefined, extra: readonly string[], scheme = 'slip39') => [
  'split',
  '--scheme',
  scheme,
  '--parties',
  '3',
  '--threshold',
  '2',
  '--labels',
  'Alice,Bob,Carol',
  '--wallet-label',
  'Savings',
  '--out',
  out,
  '--plaintext',
  ...(data === undefined ? [] : ['--data-dir', data]),
  ...extra,
];

describe('jointkey split --scheme slip39 and restore', () => {
  it('writes one SLIP-39 child-key file per holder, restores from any T, checks the passphrase by the public key', () => {
    const out = join(dir, 'wallet');
    const pass = join(dir, 'p.txt');
    writeFileSync(pass, 'family passphrase\n');
    const r = jointkey(splitArgs(out, undefined, ['--generate', 'secp256k1', '--slip39-passphrase-file', pass]));
    expect(r.error).toBeUndefined();
    const files = r.json.files as string[];
    expect(JSON.parse(readFileSync(files[1]!, 'utf8'))).toMatchObject({
      format: 'jointkey-slip39-child-key',
      holder: 'Bob',
      index: 2,
      threshold: 2,
      wallet: 'Savings',
    });
    const ok = jointkey(['restore', '--slip39-passphrase-file', pass, files[0]!, files[2]!]);
    expect(ok.json.secretHex).toMatch(/^[0-9a-f]{64}$/);
    // A bare mnemonic in a text file works too.
    const bare = join(dir, 'bob.txt');
    writeFileSync(bare, `${JSON.parse(readFileSync(files[1]!, 'utf8')).mnemonic}\n`);
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, bare, files[2]!]).json).toEqual(ok.json);
    expect(jointkey(['restore', files[0]!, files[2]!]).error?.code).toBe('WRONG_RESULT');
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, files[0]!, files[0]!]).error?.code).toBe(
      'DUPLICATE_CHILD_KEY',
    );
    expect(jointkey(['verify', files[1]!]).json).toMatchObject({ ok: true, scheme: 'slip39', holder: 'Bob', index: 2 });
    // Mixed with a JointKey child key of another scheme: refused.
    const other = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--secret-hex',
      'abcd',
      '--out',
      join(dir, 'x'),
      '--plaintext',
    ]);
    expect(jointkey(['restore', files[0]!, other.json.files[0]]).error?.code).toBe('DIFFERENT_SCHEME');
    // An edited file is refused.
    const j = JSON.parse(readFileSync(files[0]!, 'utf8'));
    j.index = 3;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(j));
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, edited, files[2]!]).error?.code).toBe(
      'TAMPERED_FILE',
    );
  });

  it('refuses secrets SLIP-39 cannot hold, and more than 16 holders', () => {
    for (const [hex, parties] of [
      ['abcd', '2'],
      ['00'.repeat(34), '2'],
      ['00'.repeat(17), '2'],
      ['00'.repeat(16), '17'],
    ]) {
      const r = jointkey([
        'split',
        '--scheme',
        'slip39',
        '--parties',
        parties!,
        '--secret-hex',
        hex!,
        '--out',
        join(dir, 'no'),
        '--plaintext',
      ]);
      expect(r.status).toBe(1);
      expect(r.error?.code).toMatch(/INVALID_ARGUMENT/);
    }
  });
});

describe('jointkey split --scheme slip39 --generate: a standard SLIP-39 wallet, its addresses those a Trezor derives', () => {
  it('records the BIP-32 paths; the words, combined by the npm slip39 package, derive (@scure/bip32) to the addresses', () => {
    const out = join(dir, 'standard');
    const data = join(dir, 'standard-data');
    const r = jointkey(splitArgs(out, data, ['--generate', 'secp256k1']));
    expect(r.error).toBeUndefined();
    expect(r.json).toMatchObject({ scheme: 'slip39', derivation: 'bip32', threshold: 2, parties: 3 });
    const files = (r.json.files as string[]).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>);
    const seed = Uint8Array.from(
      slip39.recoverSecret([files[2]!['mnemonic'] as string, files[0]!['mnemonic'] as string], ''),
    );
    const root = HDKey.fromMasterSeed(seed);
    const pub = (path: string) => root.derive(path).publicKey!;
    expect(r.json.addresses).toEqual({
      ethereum: privateKeyToAddress(`0x${bytesToHex(root.derive("m/44'/60'/0'/0/0").privateKey!)}`),
      bitcoinP2wpkh: p2wpkh(pub("m/84'/0'/0'/0/0")).address,
      bitcoinP2tr: p2tr(pub("m/86'/0'/0'/0/0").subarray(1)).address,
    });
    expect(r.json.publicKey).toBe(bytesToHex(root.publicKey!));
    expect(files.map((f) => [f['derivation'], f['walletId']])).toEqual(
      files.map(() => ['bip32', bytesToHex(root.publicKey!)]),
    );
    const record = JSON.parse(readFileSync(r.json.walletRecord as string, 'utf8'));
    expect(record.bip32.paths["m/86'/1'/0'/0/0"]).toBe(bytesToHex(pub("m/86'/1'/0'/0/0")));
    // restore gives the seed back; verify names the derivation.
    expect(jointkey(['restore', (r.json.files as string[])[1]!, (r.json.files as string[])[0]!]).json).toEqual({
      secretHex: bytesToHex(seed),
    });
    expect(jointkey(['verify', (r.json.files as string[])[0]!]).json).toMatchObject({ derivation: 'bip32' });
  });

  it('refuses an imported key (a Trezor would show other addresses), naming --scheme slip39-raw', () => {
    const out = join(dir, 'standard-imported');
    const r = jointkey(splitArgs(out, undefined, ['--hex', '0c'.repeat(32)]));
    expect(r.error?.code).toBe('INVALID_ARGUMENT');
    expect(r.error?.message).toContain('--scheme slip39-raw');
    expect(existsSync(out) && readdirSync(out).length > 0).toBe(false);
  });
});

describe('jointkey split --scheme slip39-raw --data-dir: the raw-key form, as the app wrote it before', () => {
  const key = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';

  it("writes a record that parses, whose id is the app's rule, with the receipts, and that the wallet list reads", () => {
    const out = join(dir, 'recorded');
    const data = join(dir, 'recorded-data');
    const r = jointkey(splitArgs(out, data, ['--hex', key], 'slip39-raw'));
    expect(r.error).toBeUndefined();
    const files = r.json.files as string[];
    const json = JSON.parse(readFileSync(r.json.walletRecord as string, 'utf8'));
    // Parses as strictly as the app parses it (the id, the addresses and every field are recomputed).
    const parsed = anyWalletRecordFromJson(json);
    expect(parsed.slip39).toBeDefined();
    const record = parsed.record;
    expect(record).toMatchObject({
      scheme: 'slip39',
      label: 'Savings',
      curve: 'secp256k1',
      publicKey: bytesToHex(publicKeyOf(curveById('secp256k1'), hexToBytesStrict(key, 'key'))),
      parties: 3,
      threshold: 2,
      holders: ['Alice', 'Bob', 'Carol'],
      slip39: { groupThreshold: 1, groupCount: 1, memberThreshold: 2, extendable: true, iterationExponent: 1 },
    });
    expect(record.publicKey).toBe(r.json.publicKey);
    expect(record.addresses).toEqual(r.json.addresses);
    // The id, by the app's rule over the public data the holders' files carry.
    const share = decodeMnemonic(JSON.parse(readFileSync(files[0]!, 'utf8')).mnemonic as string);
    share.value.fill(0);
    const id = bytesToHex(
      slip39WalletIdOf({
        walletLabel: 'Savings',
        labels: ['Alice', 'Bob', 'Carol'],
        curve: 'secp256k1',
        publicKey: hexToBytesStrict(record.publicKey, 'publicKey'),
        threshold: 2,
        identifier: share.identifier,
        extendable: share.extendable,
        iterationExponent: share.iterationExponent,
      }),
    );
    expect(record.id).toBe(id);
    expect(r.json.walletId).toBe(id);
    expect(r.json.walletRecord).toBe(join(data, 'wallets', `${id}.wallet.json`));
    // The receipts the CLI took by re-opening each file, one per holder, in holder order.
    expect(record.receipts.map((x) => [x.index, x.holder, x.method])).toEqual([
      [1, 'Alice', 'file'],
      [2, 'Bob', 'file'],
      [3, 'Carol', 'file'],
    ]);
    expect(record.receipts).toEqual(r.json.receipts);
    // No mnemonic in the record.
    for (const f of files) expect(JSON.stringify(json)).not.toContain(JSON.parse(readFileSync(f, 'utf8')).mnemonic);
    // The app's wallet listing reads it.
    const listed = listWalletRecords(data);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ path: r.json.walletRecord, wallet: { record: { id } } });
    expect('error' in listed[0]!).toBe(false);
    // And the key restores from any two of the files.
    expect(jointkey(['restore', files[2]!, files[0]!]).json).toEqual({ secretHex: key });
  });

  it('refuses --data-dir up front for a split the record cannot describe, saying what to do', () => {
    const pass = join(dir, 'slip39-pass.txt');
    writeFileSync(pass, 'family passphrase\n');
    for (const [extra, says] of [
      [['--generate', 'secp256k1', '--slip39-passphrase-file', pass], 'leave out --slip39-passphrase-file'],
      [['--secret-hex', '00'.repeat(16)], '--curve secp256k1 or ed25519'],
    ] as const) {
      const out = join(dir, `refused-${says.length}`);
      const data = join(dir, `refused-data-${says.length}`);
      const r = jointkey(splitArgs(out, data, extra));
      expect(r.status).toBe(2);
      expect(r.error?.code).toBe('USAGE');
      expect(r.error?.message).toContain('Leave out --data-dir');
      expect(r.error?.message).toContain(says);
      // Refused before anything was written.
      expect(existsSync(out)).toBe(false);
      expect(existsSync(data)).toBe(false);
    }
    // Without --data-dir the same splits still work.
    const ok = jointkey(splitArgs(join(dir, 'unrecorded'), undefined, ['--secret-hex', '00'.repeat(16)]));
    expect(ok.error).toBeUndefined();
    expect(readdirSync(join(dir, 'unrecorded'))).toHaveLength(3);
  });
});
