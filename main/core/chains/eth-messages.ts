/**
 * Ethereum messages in plain words, then signed: EIP-191 personal messages (the text itself, with
 * any invisible or control character shown as \u{…}) and EIP-712 typed data (checked against its own
 * schema, then shown field by field, nested structs indented; a token permit named as such, an
 * unlimited one flagged). Hashing is viem's (hashMessage, hashTypedData); the signature is noble's
 * (RFC 6979, low-s), 65 bytes r‖s‖v with v 27 or 28, checked by recovering its signer.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  getAddress,
  getTypesForEIP712Domain,
  hashMessage,
  hashTypedData,
  isAddress,
  maxUint256,
  type Hex,
  type TypedDataDefinition,
} from 'viem';
import { abytes, bytesToHex, hexToBytesStrict, typeName } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { describeChain, ethAddressOf } from './eth-tx.js';

/** An EIP-712 document, checked: its values as viem hashes them (integers as bigints), its domain's type listed. */
export interface EthTypedData {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

export interface EthMessageSignature {
  /** 65 bytes r‖s‖v (v 27 or 28), hex with 0x: what eth_sign, personal_sign and eth_signTypedData_v4 return. */
  signature: Hex;
  /** The signer's address (EIP-55), recovered from the signature. */
  address: string;
  /** What was signed: the EIP-191 or EIP-712 hash. */
  digest: Hex;
}

const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_TYPES = 100;
const MAX_FIELDS = 100;
const MAX_ITEMS = 1000;
const MAX_DEPTH = 16;
const MAX_STRING = 10_000;
const MAX_VALUES = 10_000;

const DOMAIN_FIELDS: Record<string, string> = {
  name: 'string',
  version: 'string',
  chainId: 'uint256',
  verifyingContract: 'address',
  salt: 'bytes32',
};

/** A character that could hide or reorder words: control, format (bidi, zero-width), private-use, unassigned, line or paragraph separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** Text quoted, every character that could hide or reorder words shown as \u{…}. */
const visible = (text: string) =>
  `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(HIDDEN, (c) => `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}}`)}"`;

const bad = (where: string, why: string) =>
  new JointKeyError(
    'INVALID_TYPED_DATA',
    `The typed data does not match its own schema: ${where} ${why}. Nothing was signed; ask whoever made it for a correct document.`,
  );

const plainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const INT = /^(u?)int(\d{1,3})$/;
const BYTES = /^bytes(\d{1,2})$/;

function atomic(type: string): boolean {
  if (type === 'address' || type === 'bool' || type === 'string' || type === 'bytes') return true;
  const i = INT.exec(type);
  if (i) {
    const n = Number(i[2]);
    return n >= 8 && n <= 256 && n % 8 === 0 && String(n) === i[2];
  }
  const b = BYTES.exec(type);
  return b !== null && Number(b[1]) >= 1 && Number(b[1]) <= 32 && String(Number(b[1])) === b[1];
}

/** Checks and normalizes one value of `type`; `count` bounds the values of the whole document. */
function value(
  types: EthTypedData['types'],
  type: string,
  v: unknown,
  where: string,
  depth: number,
  count: { n: number },
): unknown {
  if (++count.n > MAX_VALUES) throw bad('the document', `has more than ${MAX_VALUES} values`);
  const array = /^(.+)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(v)) throw bad(where, `must be a list (${type}), got ${typeName(v)}`);
    if (v.length > MAX_ITEMS) throw bad(where, `has more than ${MAX_ITEMS} items`);
    if (array[2] !== '' && v.length !== Number(array[2]))
      throw bad(where, `must have exactly ${array[2]} items, got ${v.length}`);
    return v.map((x, i) => value(types, array[1] as string, x, `${where}[${i}]`, depth, count));
  }
  if (Object.hasOwn(types, type)) {
    if (depth >= MAX_DEPTH) throw bad(where, `nests structs more than ${MAX_DEPTH} deep`);
    return struct(types, type, v, where, depth + 1, count);
  }
  if (type === 'bool') {
    if (typeof v !== 'boolean') throw bad(where, `must be true or false, got ${typeName(v)}`);
    return v;
  }
  if (type === 'string') {
    if (typeof v !== 'string') throw bad(where, `must be text, got ${typeName(v)}`);
    if (v.length > MAX_STRING) throw bad(where, `is longer than ${MAX_STRING} characters`);
    return v;
  }
  if (type === 'address') {
    if (typeof v !== 'string' || !isAddress(v, { strict: false }) || (v !== v.toLowerCase() && !isAddress(v)))
      throw bad(where, 'must be an Ethereum address (0x and 40 hex digits, checksummed or lowercase)');
    return getAddress(v);
  }
  const b = BYTES.exec(type);
  if (type === 'bytes' || b) {
    if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v) || v.length > 2 + 2 * MAX_STRING)
      throw bad(where, `must be bytes in hex with 0x (${type})`);
    if (b && (v.length - 2) / 2 !== Number(b[1]))
      throw bad(where, `must be exactly ${b[1]} bytes, got ${(v.length - 2) / 2}`);
    return v.toLowerCase();
  }
  const i = INT.exec(type) as RegExpExecArray;
  const bits = BigInt(i[2] as string);
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^-?\d{1,80}$/.test(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(v)) n = BigInt(v);
  else throw bad(where, `must be a whole number (${type}: a number, or its decimal or 0x hex digits in a string)`);
  const [min, max] = i[1] === 'u' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
  if (n < min || n > max) throw bad(where, `is out of range for ${type}`);
  return n;
}

function struct(
  types: EthTypedData['types'],
  type: string,
  v: unknown,
  where: string,
  depth: number,
  count: { n: number },
): Record<string, unknown> {
  if (!plainObject(v)) throw bad(where, `must be an object (${type}), got ${typeName(v)}`);
  const fields = types[type] as { name: string; type: string }[];
  const names = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(v)) if (!names.has(k)) throw bad(`${where}.${k}`, `is not a field of ${type}`);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!Object.hasOwn(v, f.name)) throw bad(`${where}.${f.name}`, `is missing (${type} has it)`);
    out[f.name] = value(types, f.type, v[f.name], `${where}.${f.name}`, depth, count);
  }
  return out;
}

/**
 * Checks an EIP-712 document ({domain, types, primaryType, message}, as parsed from JSON) against
 * its own schema, strictly: every struct's fields present and no others; each value of its type
 * (an address, a number in range, bytes of the right length, a list of the right length); every
 * type used defined; the domain's fields the standard ones, of the standard types. Integers become
 * bigints, addresses EIP-55. Throws JointKeyError INVALID_TYPED_DATA naming the first fault.
 */
export function parseTypedData(doc: unknown): EthTypedData {
  if (!plainObject(doc))
    throw bad('the document', `must be an object {domain, types, primaryType, message}, got ${typeName(doc)}`);
  for (const k of Object.keys(doc))
    if (!['domain', 'types', 'primaryType', 'message'].includes(k))
      throw bad(`"${k}"`, 'is not part of a typed-data document');
  const { domain, types, primaryType, message } = doc;
  if (!plainObject(types)) throw bad('types', `must be an object of struct types, got ${typeName(types)}`);
  if (!plainObject(domain)) throw bad('domain', `must be an object, got ${typeName(domain)}`);
  if (typeof primaryType !== 'string') throw bad('primaryType', `must be a type name, got ${typeName(primaryType)}`);
  const names = Object.keys(types);
  if (names.length > MAX_TYPES) throw bad('types', `has more than ${MAX_TYPES} struct types`);
  const checked: EthTypedData['types'] = {};
  for (const name of names) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(name) || atomic(name))
      throw bad(`types.${name}`, 'is not a valid struct name');
    const fields = types[name];
    if (!Array.isArray(fields) || fields.length > MAX_FIELDS)
      throw bad(`types.${name}`, `must be a list of at most ${MAX_FIELDS} fields`);
    const seen = new Set<string>();
    checked[name] = fields.map((f: unknown, i) => {
      if (!plainObject(f) || typeof f.name !== 'string' || typeof f.type !== 'string' || Object.keys(f).length !== 2)
        throw bad(`types.${name}[${i}]`, 'must be {name, type}');
      if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(f.name))
        throw bad(`types.${name}[${i}].name`, 'is not a valid field name');
      if (seen.has(f.name)) throw bad(`types.${name}.${f.name}`, 'is listed twice');
      seen.add(f.name);
      return { name: f.name, type: f.type };
    });
  }
  for (const [name, fields] of Object.entries(checked))
    for (const f of fields) {
      const base = f.type.replace(/(\[\d*\])+$/, '');
      if (!/^[A-Za-z0-9_$]+(\[\d{0,4}\])*$/.test(f.type) || (!atomic(base) && !Object.hasOwn(checked, base)))
        throw bad(
          `types.${name}.${f.name}`,
          `has the type "${f.type.slice(0, 40)}", which is neither a Solidity type nor a struct defined here`,
        );
    }
  // The domain: the standard fields only, of the standard types; its type is listed, or made from it.
  for (const k of Object.keys(domain))
    if (!Object.hasOwn(DOMAIN_FIELDS, k))
      throw bad(`domain.${k}`, 'is not an EIP-712 domain field (name, version, chainId, verifyingContract, salt)');
  const listed = checked.EIP712Domain;
  const domainType =
    listed ?? (getTypesForEIP712Domain({ domain: domain as never }) as { name: string; type: string }[]);
  for (const f of domainType)
    if (DOMAIN_FIELDS[f.name] !== f.type)
      throw bad(`types.EIP712Domain.${f.name}`, 'is not a standard domain field of its standard type');
  checked.EIP712Domain = domainType;
  if (primaryType === 'EIP712Domain' || !Object.hasOwn(checked, primaryType))
    throw bad('primaryType', `"${primaryType.slice(0, 64)}" is not one of the struct types defined`);
  const count = { n: 0 };
  const td: EthTypedData = {
    domain: struct(checked, 'EIP712Domain', domain, 'domain', 0, count),
    types: checked,
    primaryType,
    message: struct(checked, primaryType, message, 'message', 0, count),
  };
  try {
    hashTypedData(td as unknown as TypedDataDefinition);
  } catch (e) {
    throw bad('the document', `cannot be hashed (${(e as { shortMessage?: string }).shortMessage ?? 'unknown type'})`);
  }
  return td;
}

function fieldLines(types: EthTypedData['types'], type: string, v: unknown, label: string, indent: string): string[] {
  const array = /^(.+)\[(\d*)\]$/.exec(type);
  if (array && Array.isArray(v))
    return [
      `${indent}${label} (${type}): ${v.length} item${v.length === 1 ? '' : 's'}`,
      ...v.flatMap((x, i) => fieldLines(types, array[1] as string, x, `[${i}]`, `${indent}  `)),
    ];
  if (Object.hasOwn(types, type) && plainObject(v))
    return [
      `${indent}${label} (${type}):`,
      ...(types[type] ?? []).flatMap((f) => fieldLines(types, f.type, v[f.name], f.name, `${indent}  `)),
    ];
  const shown = typeof v === 'string' && type === 'string' ? visible(v) : String(v);
  return [`${indent}${label} (${type}): ${shown}`];
}

/**
 * Typed data in plain words: what it is (its primary type, the domain's name, version, contract and
 * chain), every field of the message (nested structs indented, lists item by item), and for an
 * EIP-2612 token permit what it lets the spender do — an unlimited one flagged. Checks the document
 * first ({@link parseTypedData}'s errors).
 */
export function describeTypedData(typedData: EthTypedData): string[] {
  const td = parseTypedData(typedData);
  const d = td.domain;
  const chain = typeof d.chainId === 'bigint' ? describeChain(d.chainId) : 'no chain named (valid on every chain)';
  const lines = [
    `Sign EIP-712 typed data: a ${td.primaryType}`,
    `for ${d.name === undefined ? 'an unnamed application' : visible(String(d.name))}${d.version === undefined ? '' : ` version ${visible(String(d.version))}`}, on ${chain}`,
    d.verifyingContract === undefined ? 'no contract named' : `contract ${String(d.verifyingContract)}`,
    ...(d.salt === undefined ? [] : [`salt ${String(d.salt)}`]),
  ];
  const m = td.message;
  const fields = new Map((td.types[td.primaryType] ?? []).map((f) => [f.name, f.type]));
  if (
    /permit/i.test(td.primaryType) &&
    fields.get('spender') === 'address' &&
    /^uint/.test(fields.get('value') ?? '')
  ) {
    const spender = String(m.spender);
    const token = d.verifyingContract === undefined ? 'the token' : `the token at ${String(d.verifyingContract)}`;
    lines.push(
      m.value === maxUint256
        ? `UNLIMITED permit: ${spender} can move all of ${token} from ${String(m.owner ?? 'this wallet')}, without asking again`
        : `Token permit: lets ${spender} spend up to ${String(m.value)} of ${token}'s smallest units`,
    );
    const deadline = m.deadline;
    if (typeof deadline === 'bigint')
      lines.push(
        deadline >= 1n << 40n
          ? 'with no practical deadline'
          : `until ${new Date(Number(deadline) * 1000).toISOString().replace('.000Z', 'Z')}`,
      );
  }
  lines.push(
    'message:',
    ...(td.types[td.primaryType] ?? []).flatMap((f) => fieldLines(td.types, f.type, m[f.name], f.name, '  ')),
    'A signature is not a transaction, but whoever holds it can use it: read every field.',
  );
  return lines;
}

/**
 * An EIP-191 personal message in plain words: its text, line by line, every character that could
 * hide or reorder words shown as \u{…} and counted; a message that is not UTF-8 text in hex. At
 * most 64 KiB (RangeError).
 */
export function describePersonalMessage(message: Uint8Array): string[] {
  abytes(message, 'message');
  if (message.length === 0) throw new RangeError('message must not be empty');
  if (message.length > MAX_MESSAGE_BYTES) throw new RangeError(`message must be at most ${MAX_MESSAGE_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(message);
  } catch {
    return [
      `Sign a message of ${message.length} bytes that is not text (EIP-191 personal message), in hex:`,
      `  0x${bytesToHex(message)}`,
    ];
  }
  let hidden = 0;
  const lines = text.split(/\r?\n/).map(
    (l) =>
      `  | ${l.replace(HIDDEN, (c) => {
        if (c === '\t') return '    ';
        hidden++;
        return `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}}`;
      })}`,
  );
  return [
    `Sign this message (EIP-191 personal message, ${message.length} bytes of text, ${lines.length} line${lines.length === 1 ? '' : 's'}):`,
    ...lines,
    ...(hidden === 0
      ? []
      : [
          `WARNING: it holds ${hidden} invisible or control character${hidden === 1 ? '' : 's'}, shown as \\u{…}: they can hide or reorder words. Sign only if you know why they are there.`,
        ]),
  ];
}

function signDigest(privateKey: Uint8Array, digest: Hex): EthMessageSignature {
  abytes(privateKey, 'privateKey', 32);
  const h = hexToBytesStrict(digest.slice(2), 'digest');
  let sig;
  try {
    sig = secp256k1.Signature.fromBytes(
      secp256k1.sign(h, privateKey, { prehash: false, lowS: true, format: 'recovered' }),
      'recovered',
    );
  } catch {
    throw new JointKeyError('INVALID_KEY', 'The key is not a valid secp256k1 private key.');
  }
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  if (bytesToHex(sig.recoverPublicKey(h).toBytes(true)) !== bytesToHex(publicKey))
    throw new Error('the message signature does not recover to the key that made it');
  const signature = `0x${bytesToHex(sig.toBytes('compact'))}${(27 + (sig.recovery as number)).toString(16)}` as Hex;
  return { signature, address: ethAddressOf(publicKey), digest };
}

/** Signs an EIP-191 personal message (personal_sign) and checks the signature recovers to the key's address. */
export function signPersonalMessage(privateKey: Uint8Array, message: Uint8Array): EthMessageSignature {
  abytes(privateKey, 'privateKey', 32);
  describePersonalMessage(message);
  return signDigest(privateKey, hashMessage({ raw: message }));
}

/** Signs EIP-712 typed data (eth_signTypedData_v4), checked first ({@link parseTypedData}), and checks the signature recovers to the key's address. */
export function signTypedData(privateKey: Uint8Array, typedData: EthTypedData): EthMessageSignature {
  abytes(privateKey, 'privateKey', 32);
  const td = parseTypedData(typedData);
  return signDigest(privateKey, hashTypedData(td as unknown as TypedDataDefinition));
}
