/**
 * Ethereum messages: EIP-191 personal messages shown as their text (hidden characters escaped), and
 * EIP-712 typed data checked strictly against its schema, shown field by field, signed, and
 * verified — by viem and, independently, by noble's recovery over the EIP-712 hash.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  hashMessage,
  hashTypedData,
  maxUint256,
  recoverMessageAddress,
  verifyMessage,
  verifyTypedData,
  type TypedDataDefinition,
} from 'viem';
import { describe, expect, it } from 'vitest';
import {
  describePersonalMessage,
  describeTypedData,
  parseTypedData,
  signPersonalMessage,
  signTypedData,
} from '../../../main/core/chains/eth-messages.js';
import { ethAddressOf } from '../../../main/core/chains/eth-tx.js';
import { describeRequest, signWithKey } from '../../../main/core/wallet/session.js';
import { refusal } from '../../support/refusal.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** EIP-712's own example (its test case): the key keccak256("cow"), the hash and signature the EIP gives. */
const MAIL = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: {
    name: 'Ether Mail',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  },
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
};
const COW = keccak_256(utf8('cow'));

const PERMIT = (value: string | number) => ({
  types: {
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  domain: {
    name: 'USD Coin',
    version: '2',
    chainId: 1,
    verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  },
  message: {
    owner: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826',
    spender: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    value,
    nonce: 0,
    deadline: 1798761600,
  },
});

describe('EIP-191 personal messages', () => {
  it('are shown as their text, line by line', () => {
    expect(describePersonalMessage(utf8('Sign in to Example\nNonce: 42'))).toEqual([
      'Sign this message (EIP-191 personal message, 28 bytes of text, 2 lines):',
      '  | Sign in to Example',
      '  | Nonce: 42',
    ]);
  });

  it('show every character that could hide or reorder words, and warn', () => {
    const lines = describePersonalMessage(utf8('pay \u202eBob\u200b\u0007'));
    expect(lines[1]).toBe('  | pay \\u{202E}Bob\\u{200B}\\u{0007}');
    expect(lines[2]).toMatch(/^WARNING: it holds 3 invisible or control characters/);
  });

  it('show what is not UTF-8 in hex', () => {
    expect(describePersonalMessage(Uint8Array.of(0xff, 0x00, 0x41))).toEqual([
      'Sign a message of 3 bytes that is not text (EIP-191 personal message), in hex:',
      '  0xff0041',
    ]);
  });

  it('are signed as personal_sign signs them: viem recovers the signer', async () => {
    const s = signPersonalMessage(COW, utf8('hello world'));
    expect(s.digest).toBe('0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68');
    expect(s.digest).toBe(hashMessage('hello world'));
    expect(s.address).toBe('0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826');
    expect(await recoverMessageAddress({ message: 'hello world', signature: s.signature })).toBe(s.address);
    expect(
      await verifyMessage({ address: s.address as `0x${string}`, message: 'hello world', signature: s.signature }),
    ).toBe(true);
  });
});

describe('EIP-712 typed data', () => {
  it('signs EIP-712’s own example to the hash and signature the EIP gives', () => {
    const s = signTypedData(COW, parseTypedData(MAIL));
    expect(s.digest).toBe('0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
    expect(s.signature).toBe(
      '0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c',
    );
  });

  it('shows it field by field, nested structs indented', () => {
    expect(describeTypedData(parseTypedData(MAIL))).toEqual([
      'Sign EIP-712 typed data: a Mail',
      'for "Ether Mail" version "1", on Ethereum mainnet (chain id 1)',
      'contract 0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
      'message:',
      '  from (Person):',
      '    name (string): "Cow"',
      '    wallet (address): 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826',
      '  to (Person):',
      '    name (string): "Bob"',
      '    wallet (address): 0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB',
      '  contents (string): "Hello, Bob!"',
      'A signature is not a transaction, but whoever holds it can use it: read every field.',
    ]);
  });

  it('shows a text field’s hidden characters (direction overrides, zero-width, line breaks) as \\u{…}', () => {
    const doc = { ...MAIL, message: { ...MAIL.message, contents: 'pay \u202eBob\u200b\n"x"' } };
    expect(describeTypedData(parseTypedData(doc))).toContain(
      '  contents (string): "pay \\u{202E}Bob\\u{200B}\\u{000A}\\"x\\""',
    );
  });

  it('names a token permit, and flags an unlimited one', () => {
    const limited = describeTypedData(parseTypedData(PERMIT('1000000')));
    expect(limited).toContain(
      "Token permit: lets 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC spend up to 1000000 of the token at 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48's smallest units",
    );
    expect(limited).toContain('until 2027-01-01T00:00:00Z');
    expect(describeTypedData(parseTypedData(PERMIT(maxUint256.toString())))).toContain(
      'UNLIMITED permit: 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC can move all of the token at 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 from 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826, without asking again',
    );
  });

  it('a permit signed by a wallet session verifies: viem’s verifyTypedData, and noble’s recovery over the EIP-712 hash', async () => {
    const key = secp256k1.utils.randomSecretKey();
    const pub = secp256k1.getPublicKey(key, true);
    const address = ethAddressOf(pub);
    const doc = { ...PERMIT('250000000'), message: { ...PERMIT('250000000').message, owner: address } };
    const request = { kind: 'eth-typed-data', typedData: parseTypedData(doc) } as const;
    expect(describeRequest(request, 'secp256k1', pub)[0]).toBe('Sign EIP-712 typed data: a Permit');
    const r = signWithKey('secp256k1', pub, key, request);
    if (r.kind !== 'eth-message') throw new Error('not a message signature');
    expect(r.address).toBe(address);
    const def = doc as unknown as TypedDataDefinition;
    expect(
      await verifyTypedData({ ...def, address: address as `0x${string}`, signature: r.signature as `0x${string}` }),
    ).toBe(true);
    // Independently: noble recovers the public key from r, s, v over viem's EIP-712 hash.
    const digest = hashTypedData(def);
    expect(r.digest).toBe(digest);
    const sig = Buffer.from(r.signature.slice(2), 'hex');
    const recovered = secp256k1.Signature.fromBytes(sig.subarray(0, 64), 'compact')
      .addRecoveryBit(sig[64]! - 27)
      .recoverPublicKey(Buffer.from(digest.slice(2), 'hex'));
    expect(Buffer.from(recovered.toBytes(true)).toString('hex')).toBe(Buffer.from(pub).toString('hex'));
    expect(secp256k1.verify(sig.subarray(0, 64), Buffer.from(digest.slice(2), 'hex'), pub, { prehash: false })).toBe(
      true,
    );
  });

  it('refuses a document off its own schema, naming where', () => {
    const m = MAIL.message;
    const cases: [unknown, RegExp][] = [
      ['text', /the document must be an object/],
      [{ ...MAIL, extra: 1 }, /"extra" is not part of a typed-data document/],
      [{ ...MAIL, message: { ...m, contents: 5 } }, /message\.contents must be text/],
      [{ ...MAIL, message: { ...m, cc: 'x' } }, /message\.cc is not a field of Mail/],
      [{ ...MAIL, message: { from: m.from, to: m.to } }, /message\.contents is missing/],
      [
        { ...MAIL, message: { ...m, to: { ...m.to, wallet: '0x1234' } } },
        /message\.to\.wallet must be an Ethereum address/,
      ],
      [{ ...MAIL, primaryType: 'Letter' }, /"Letter" is not one of the struct types defined/],
      [{ ...MAIL, primaryType: 'EIP712Domain' }, /is not one of the struct types/],
      [{ ...MAIL, domain: { ...MAIL.domain, chainId: -1 } }, /domain\.chainId is out of range for uint256/],
      [{ ...MAIL, domain: { ...MAIL.domain, evil: 1 } }, /domain\.evil is not an EIP-712 domain field/],
      [
        { ...MAIL, types: { ...MAIL.types, Mail: [{ name: 'x', type: 'Parcel' }] } },
        /types\.Mail\.x has the type "Parcel"/,
      ],
      [
        { ...MAIL, types: { ...MAIL.types, Mail: [{ name: 'x', type: 'uint7' }] } },
        /neither a Solidity type nor a struct/,
      ],
      [
        { ...MAIL, types: { ...MAIL.types, Person: [...MAIL.types.Person, { name: 'name', type: 'string' }] } },
        /types\.Person\.name is listed twice/,
      ],
      [{ ...PERMIT(1), message: { ...PERMIT(1).message, value: '1.5' } }, /message\.value must be a whole number/],
      [{ ...PERMIT(1), message: { ...PERMIT(1).message, value: (1n << 256n).toString() } }, /out of range for uint256/],
    ];
    for (const [doc, why] of cases) {
      const r = refusal(() => parseTypedData(doc));
      expect(r.code).toBe('INVALID_TYPED_DATA');
      expect(r.message).toMatch(why);
    }
  });

  it('an Ed25519 or FROST wallet cannot sign Ethereum messages; a secret set cannot either', () => {
    const request = { kind: 'eth-personal', message: utf8('hi') } as const;
    expect(refusal(() => describeRequest(request, 'ed25519', new Uint8Array(32))).message).toMatch(
      /an Ed25519 wallet cannot sign an Ethereum message/,
    );
    expect(refusal(() => describeRequest(request, null, new Uint8Array(32))).message).toMatch(
      /holds a secret, not a key/,
    );
  });
});
