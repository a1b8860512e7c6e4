/**
 * Ethereum contract calls in plain words (issue 15: nothing is signed that the screen cannot
 * describe). An ERC-20 transfer or approval is composed and described in the token's own units
 * ("Send 250 USDC to 0x…"), an unlimited approval flagged as such; any other call is decoded by a
 * JSON ABI the owners give into its function and named arguments; call data that nothing decodes
 * is an "undescribable contract call", refused unless the holders accept signing blind — and then
 * the words say so. ABI encoding and decoding are viem's.
 */
import {
  decodeFunctionData,
  encodeFunctionData,
  erc20Abi,
  formatUnits,
  getAddress,
  isAddress,
  maxUint256,
  type Abi,
  type AbiParameter,
  type Hex,
} from 'viem';
import { aint, aobject, astring, typeName } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { type EthTransfer, checkEthTransfer, describeEthTransfer } from './eth-tx.js';

/** A token's decimals and symbol, and where they came from: read from the node, or as the owners entered them. */
export interface TokenInfo {
  decimals: number;
  symbol: string;
  source: 'node' | 'entered';
}

/** How to read a contract call's data: the token it is (ERC-20), an ABI the owners gave, and whether they accept signing blind. */
export interface EthCallContext {
  /** The called contract is this ERC-20 token: its data must be a transfer, approval or transferFrom. */
  token?: TokenInfo;
  /** A JSON ABI of the called contract (checked by {@link checkAbi}). */
  abi?: readonly unknown[];
  /** The holders accept signing call data nothing can describe. */
  acceptBlind?: boolean;
}

/** An ERC-20 call to compose: send `amount` (in the token's smallest units) to `to`, or let `to` spend it. */
export interface Erc20Call {
  action: 'transfer' | 'approve';
  /** The recipient (transfer) or the spender (approve). */
  to: string;
  /** In the token's smallest units; an approval of 2^256 − 1 is unlimited. */
  amount: bigint;
}

const MAX_ABI_ITEMS = 2000;
const MAX_SYMBOL = 32;

function address(value: unknown, title: string): string {
  const a = astring(value, title, 42);
  if (!isAddress(a, { strict: false }) || (a !== a.toLowerCase() && !isAddress(a, { strict: true })))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The ${title} "${a}" is not a valid Ethereum address (or its capital letters do not match its checksum). Copy it again.`,
    );
  return getAddress(a);
}

/**
 * Checks a token's decimals (0 to 77) and symbol (1 to 32 printable characters, no spaces or
 * control characters: a symbol cannot pass for other words). Throws TypeError/RangeError, or
 * JointKeyError INVALID_ARGUMENT for a symbol that could mislead.
 */
export function checkTokenInfo(token: TokenInfo): TokenInfo {
  aobject(token, 'token');
  const decimals = aint(token.decimals, 'token.decimals', 0, 77);
  const symbol = astring(token.symbol, 'token.symbol', MAX_SYMBOL);
  if (!/^[\p{L}\p{N}$._+-]{1,32}$/u.test(symbol))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The token symbol "${symbol.replace(/[^\x20-\x7e]/g, '?')}" is not a plain symbol (letters, digits, $ . _ + -). Give the token's symbol as its issuer writes it.`,
    );
  if (token.source !== 'node' && token.source !== 'entered')
    throw new RangeError('token.source must be node or entered');
  return { decimals, symbol, source: token.source };
}

/**
 * An amount typed in token units ("250", "0.5") as the token's smallest units, for a token of
 * `decimals` decimals named `symbol`. Refuses (JointKeyError INVALID_ARGUMENT) what is not a plain
 * decimal number, more decimals than the token has — 0.1234567 of a 6-decimal token is not an
 * amount it can hold, and would otherwise be cut — and an amount of 2^256 or more.
 */
export function parseTokenAmount(text: string, decimals: number, symbol: string): bigint {
  astring(text, 'amount', 100);
  aint(decimals, 'decimals', 0, 77);
  astring(symbol, 'symbol', MAX_SYMBOL);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `"${text.slice(0, 40)}" is not an amount: give a number like 250 or 0.5 (a point for decimals, no commas or spaces).`,
    );
  const whole = m[1] as string;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${text} has ${fraction.length} decimal${fraction.length === 1 ? '' : 's'}, but ${symbol} has ${decimals}: its smallest unit is ${decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`} ${symbol}. Round the amount to ${decimals} decimal${decimals === 1 ? '' : 's'}.`,
    );
  const units = BigInt(whole + fraction.padEnd(decimals, '0'));
  if (units > maxUint256)
    throw new JointKeyError('INVALID_ARGUMENT', `${text} ${symbol} is more than any token can hold.`);
  return units;
}

/** The call data of an ERC-20 transfer or approval (checked: a valid address, an amount below 2^256). */
export function erc20CallData(call: Erc20Call): string {
  aobject(call, 'call');
  if (call.action !== 'transfer' && call.action !== 'approve')
    throw new RangeError('call.action must be transfer or approve');
  const to = address(call.to, call.action === 'transfer' ? 'recipient address' : 'spender address');
  if (typeof call.amount !== 'bigint')
    throw new TypeError(`call.amount must be a bigint, got ${typeName(call.amount)}`);
  if (call.amount < 0n || call.amount > maxUint256) throw new RangeError('call.amount is out of range');
  return encodeFunctionData({ abi: erc20Abi, functionName: call.action, args: [to as Hex, call.amount] });
}

/**
 * Checks a JSON ABI: an array of at most 2000 objects, each with a `type`; a function's `name` and
 * `inputs` (each input with a `type`). A compiler's artifact (an object holding the ABI under
 * `abi`) gives its ABI. Throws JointKeyError INVALID_ARGUMENT naming the first fault.
 */
export function checkAbi(value: unknown): Abi {
  const abi =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { abi?: unknown }).abi)
      ? (value as { abi: unknown[] }).abi
      : value;
  const bad = (why: string) =>
    new JointKeyError(
      'INVALID_ARGUMENT',
      `The ABI given is not a JSON ABI: ${why}. Give the contract's ABI (a JSON array, as solc or Etherscan gives it).`,
    );
  if (!Array.isArray(abi)) throw bad(`it is ${typeName(abi)}, not an array`);
  if (abi.length > MAX_ABI_ITEMS) throw bad(`it has more than ${MAX_ABI_ITEMS} items`);
  abi.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad(`item ${i + 1} is not an object`);
    const it = item as Record<string, unknown>;
    if (typeof it.type !== 'string') throw bad(`item ${i + 1} has no type`);
    if (it.type !== 'function') return;
    if (typeof it.name !== 'string' || !/^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/.test(it.name))
      throw bad(`function ${i + 1} has no valid name`);
    if (!Array.isArray(it.inputs)) throw bad(`function ${it.name} has no inputs list`);
    const params = (list: unknown[], depth: number): void => {
      if (depth > 8) throw bad(`function ${it.name} nests tuples too deeply`);
      for (const p of list) {
        if (typeof p !== 'object' || p === null || typeof (p as { type?: unknown }).type !== 'string')
          throw bad(`an input of ${it.name} has no type`);
        const name = (p as { name?: unknown }).name;
        if (name !== undefined && typeof name !== 'string')
          throw bad(`an input of ${it.name} has a name that is not text`);
        const components = (p as { components?: unknown }).components;
        if (components !== undefined) {
          if (!Array.isArray(components)) throw bad(`an input of ${it.name} has components that are not a list`);
          params(components, depth + 1);
        }
      }
    };
    params(it.inputs, 0);
  });
  return abi as Abi;
}

/** A decoded value in words: numbers in decimal, addresses checksummed, bytes in hex, text quoted. */
function valueLines(param: AbiParameter, value: unknown, indent: string, label: string): string[] {
  const type = param.type;
  const head = `${indent}${label} (${type})`;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array && Array.isArray(value)) {
    const inner = { ...param, type: array[1] as string } as AbiParameter;
    return [
      `${head}: ${value.length} item${value.length === 1 ? '' : 's'}`,
      ...value.flatMap((v, i) => valueLines(inner, v, `${indent}  `, `[${i}]`)),
    ];
  }
  if (type === 'tuple' && 'components' in param) {
    const comps = param.components;
    return [
      `${head}:`,
      ...comps.flatMap((c, i) => {
        const v = Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name ?? String(i)];
        return valueLines(c, v, `${indent}  `, c.name || `#${i + 1}`);
      }),
    ];
  }
  return [`${head}: ${plainValue(type, value)}`];
}

function plainValue(type: string, value: unknown): string {
  if (typeof value === 'bigint')
    return value === maxUint256 && type === 'uint256' ? `${value} (2^256 − 1, the largest)` : String(value);
  if (type === 'address' && typeof value === 'string') return getAddress(value);
  if (type === 'string' && typeof value === 'string')
    return `"${value.replace(/["\\]/g, (c) => `\\${c}`).replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}}`)}"`;
  if (typeof value === 'string')
    return value.length > 2 + 2 * 4096 ? `${value.slice(0, 2 + 2 * 4096)}… (${(value.length - 2) / 2} bytes)` : value;
  return String(value);
}

/** The first lines of a transaction's description (fees, chain, nonce) without its first (the ETH sent) and last (the call data). */
function txLines(t: EthTransfer): string[] {
  const lines = describeEthTransfer({ ...t, data: '0x' });
  return lines.slice(2, 5);
}

const ethSent = (t: EthTransfer) =>
  t.valueWei === 0n ? [] : [`and send ${formatUnits(t.valueWei, 18)} ETH with the call`];

function describeErc20(t: EthTransfer, token: TokenInfo): string[] | undefined {
  let decoded;
  try {
    decoded = decodeFunctionData({ abi: erc20Abi, data: t.data as Hex });
  } catch {
    return undefined;
  }
  const { decimals, symbol, source } = token;
  const amount = (v: bigint) => `${formatUnits(v, decimals)} ${symbol}`;
  const from = source === 'node' ? 'read from the node' : 'as entered, not read from the token';
  const tokenLine = `token contract ${t.to} (${symbol}, ${decimals} decimals, ${from})`;
  const args = decoded.args as readonly unknown[];
  switch (decoded.functionName) {
    case 'transfer':
      return [`Send ${amount(args[1] as bigint)} to ${getAddress(args[0] as string)}`, tokenLine];
    case 'approve': {
      const spender = getAddress(args[0] as string);
      const v = args[1] as bigint;
      if (v === maxUint256)
        return [
          `UNLIMITED approval: ${spender} can move all your ${symbol}, now and whatever you receive later, until you revoke it`,
          tokenLine,
        ];
      if (v === 0n) return [`Revoke the approval of ${spender} to spend your ${symbol} (approve 0)`, tokenLine];
      return [`Approve ${spender} to spend up to ${amount(v)} of this wallet's`, tokenLine];
    }
    case 'transferFrom':
      return [
        `Move ${amount(args[2] as bigint)} from ${getAddress(args[0] as string)} to ${getAddress(args[1] as string)} (using an approval given to this wallet)`,
        tokenLine,
      ];
    default:
      return undefined;
  }
}

function describeByAbi(t: EthTransfer, abi: Abi): string[] | undefined {
  let decoded;
  try {
    decoded = decodeFunctionData({ abi, data: t.data as Hex });
  } catch {
    return undefined;
  }
  const fn = abi.find(
    (i) => i.type === 'function' && i.name === decoded.functionName && i.inputs.length === (decoded.args?.length ?? 0),
  );
  if (!fn || fn.type !== 'function') return undefined;
  const args = (decoded.args ?? []) as readonly unknown[];
  return [
    `Call ${decoded.functionName} on contract ${t.to} (the function and argument names are those of the ABI given)`,
    ...fn.inputs.flatMap((p, i) => valueLines(p, args[i], '  ', p.name || `argument ${i + 1}`)),
  ];
}

/**
 * A contract call in plain words, for everyone to read before signing: an ERC-20 transfer or
 * approval in the token's units (with `context.token`), another call's function and named
 * arguments (with `context.abi`), then the ETH sent, chain, fees and nonce. Call data nothing
 * decodes is refused — JointKeyError BLIND_SIGNING — unless `context.acceptBlind`, and then the
 * words say the holders accepted signing blind. Throws the errors of checkEthTransfer, checkAbi
 * and checkTokenInfo.
 */
export function describeEthCall(tx: EthTransfer, context: EthCallContext): string[] {
  const t = checkEthTransfer(tx);
  aobject(context, 'context');
  if (context.acceptBlind !== undefined && typeof context.acceptBlind !== 'boolean')
    throw new TypeError(`context.acceptBlind must be a boolean, got ${typeName(context.acceptBlind)}`);
  const token = context.token === undefined ? undefined : checkTokenInfo(context.token);
  const abi = context.abi === undefined ? undefined : checkAbi(context.abi);
  if (t.data === '0x')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'This transaction carries no contract call data: sign it as a plain transfer (jointkey sign-eth-tx without --data).',
    );
  const words = (token && describeErc20(t, token)) ?? (abi && describeByAbi(t, abi));
  if (words) return [...words, ...ethSent(t), ...txLines(t)];
  const size = (t.data.length - 2) / 2;
  const why = token
    ? `it is not an ERC-20 transfer or approval of ${token.symbol}`
    : abi
      ? 'it does not decode with the ABI given (another contract’s ABI, or another function)'
      : 'no ABI was given to decode it';
  if (!context.acceptBlind)
    throw new JointKeyError(
      'BLIND_SIGNING',
      `The call to ${t.to} cannot be described: ${why}. Nobody can say what signing it would do. Give the contract's ABI (in the app: Choose the ABI file; on the command line: --abi FILE), or, if every holder knows what it does, accept signing blind (in the app: the holders' ticks; on the command line: --accept-blind).`,
    );
  return [
    `Undescribable contract call to ${t.to}: ${size} bytes of call data, function selector ${t.data.slice(0, 10)} (${why})`,
    'THE HOLDERS ACCEPTED SIGNING BLIND: nothing here says what this call does',
    ...ethSent(t),
    ...txLines(t),
    `call data: ${t.data.length > 2 + 2 * 4096 ? `${t.data.slice(0, 2 + 2 * 4096)}…` : t.data}`,
  ];
}
