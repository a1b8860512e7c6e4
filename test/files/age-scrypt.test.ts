/**
 * age's scrypt stanza with Node's native scrypt (main/files/age-scrypt.ts): the same files as
 * age-encryption's own pure-JS scrypt, both ways (the `age` command's interop is in
 * encrypted-child-key.test.ts), and a stanza that asks for too much work, is malformed or is not
 * alone refused before any key is derived.
 */
import { Decrypter, Encrypter, Stanza } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { NativeScryptIdentity, NativeScryptRecipient } from '../../main/files/age-scrypt.js';

const PASS = 'lantern orbit mossy tulip é';
const TEXT = 'a child key, say\n';

async function nativeFile(logN: number, pass = PASS): Promise<Uint8Array> {
  const e = new Encrypter();
  e.addRecipient(new NativeScryptRecipient(pass, logN));
  return e.encrypt(TEXT);
}

async function pureJsFile(logN: number, pass = PASS): Promise<Uint8Array> {
  const e = new Encrypter();
  e.setScryptWorkFactor(logN);
  e.setPassphrase(pass);
  return e.encrypt(TEXT);
}

async function openNative(file: Uint8Array, pass = PASS): Promise<string> {
  const d = new Decrypter();
  d.addIdentity(new NativeScryptIdentity(pass));
  return d.decrypt(file, 'text');
}

async function openPureJs(file: Uint8Array, pass = PASS): Promise<string> {
  const d = new Decrypter();
  d.addPassphrase(pass);
  return d.decrypt(file, 'text');
}

/** The header's stanza line of an age file. */
const stanzaLine = (file: Uint8Array) => new TextDecoder().decode(file).split('\n')[1] as string;

/** A passphrase file's one stanza, given back to an identity directly. */
function stanzaOf(file: Uint8Array): Stanza {
  const lines = new TextDecoder('latin1').decode(file).split('\n');
  const args = (lines[1] as string).slice(3).split(' ');
  const body = Buffer.from(lines[2] as string, 'base64');
  return new Stanza(args, new Uint8Array(body));
}

describe('native scrypt stanzas', () => {
  it('write the stanza age-encryption writes, and each opens the other’s files (a non-ASCII passphrase)', async () => {
    for (const logN of [10, 14]) {
      const mine = await nativeFile(logN);
      const theirs = await pureJsFile(logN);
      expect(stanzaLine(mine)).toMatch(new RegExp(`^-> scrypt [A-Za-z0-9+/]{22} ${logN}$`));
      expect(stanzaLine(theirs)).toMatch(new RegExp(`^-> scrypt [A-Za-z0-9+/]{22} ${logN}$`));
      expect(await openPureJs(mine)).toBe(TEXT);
      expect(await openNative(theirs)).toBe(TEXT);
      expect(await openNative(mine)).toBe(TEXT);
    }
  });

  it('derive the same key as the pure-JS scrypt: the same file key unwraps from the same stanza', async () => {
    const file = await pureJsFile(12);
    const stanza = stanzaOf(file);
    const key = await new NativeScryptIdentity(PASS).unwrapFileKey([stanza]);
    expect(key).toHaveLength(16);
    expect(await new NativeScryptIdentity('another passphrase').unwrapFileKey([stanza])).toBeNull();
  });

  it('a wrong passphrase matches no identity, as with age-encryption', async () => {
    await expect(openNative(await pureJsFile(10), 'wrong')).rejects.toThrow(/no identity matched/);
    await expect(openPureJs(await nativeFile(10), 'wrong')).rejects.toThrow(/no identity matched/);
  });

  it('refuse a work factor over 2^20 before deriving anything (at once, not after minutes)', async () => {
    const stanza = stanzaOf(await nativeFile(10));
    for (const logN of ['21', '40', '1000000000000000000000']) {
      const t = performance.now();
      await expect(
        new NativeScryptIdentity(PASS).unwrapFileKey([new Stanza(['scrypt', stanza.args[1]!, logN], stanza.body)]),
      ).rejects.toThrow('scrypt work factor is too high');
      expect(performance.now() - t).toBeLessThan(200);
    }
  });

  it('refuse malformed stanzas and a scrypt stanza beside another, as age-encryption does', async () => {
    const s = stanzaOf(await nativeFile(10));
    const salt = s.args[1]!;
    const id = new NativeScryptIdentity(PASS);
    const bad: string[][] = [
      ['scrypt', salt],
      ['scrypt', salt, '10', 'extra'],
      ['scrypt', salt, '010'],
      ['scrypt', salt, '0'],
      ['scrypt', salt, '1e1'],
      ['scrypt', `${salt}==`, '10'],
      ['scrypt', salt.slice(0, 21), '10'],
      ['scrypt', `${salt.slice(0, 21)}B`, '10'], // not canonical: the last character's spare bits set
      ['scrypt', '!'.repeat(22), '10'],
    ];
    for (const args of bad)
      await expect(id.unwrapFileKey([new Stanza(args, s.body)]), args.join(' ')).rejects.toThrow(/invalid/);
    await expect(id.unwrapFileKey([new Stanza(['scrypt', salt, '10'], s.body.subarray(1))])).rejects.toThrow(
      'invalid stanza',
    );
    await expect(id.unwrapFileKey([s, new Stanza(['X25519', 'abc'], s.body)])).rejects.toThrow(/not the only one/);
    expect(await id.unwrapFileKey([new Stanza(['X25519', 'abc'], s.body)])).toBeNull();
  });
});
