/**
 * The rules of the Joint signing, Health check and Import flows, as plain functions (testable
 * without a DOM): turning the compose form into a contract request (ETH and gwei amounts to wei),
 * what a child-key check or verdict says and in which tone, and which keychain entries a holder
 * can use. Nothing here sees a key: child keys go from the form straight to main.
 */
import type { Request, Response } from '../../../main/ipc/contract.js';
import type { JointKeyApi } from '../../../main/ipc/contract.js';

export type SignRequestWire = Request<'session/describe'>['request'];
export type Progress = Response<'session/open'>['progress'];
export type Verdict = Response<'session/add-child-key'>['last'];
export type TextCheck = Response<'childkey/check-text'>;
export type KeychainEntry = Response<'keychain/list'>['entries'][number];
export type ChildKeyInput = Request<'session/add-child-key'>['childKey'];

/**
 * What the child-key entry form needs of whoever takes the child key: a joint session, or a check
 * alone. Its wallet (id, how words are typed), the keychain's entries, the progress when there is one
 * (whose child keys are in, who is still to come), the busy flag, the last verdict, and `add`.
 */
export interface ChildKeyTaker {
  readonly api: JointKeyApi | undefined;
  readonly wallet: { id: string; wordsLayout: 'groups' | 'words' } | undefined;
  readonly keychain: readonly KeychainEntry[];
  readonly progress: Pick<Progress, 'entered' | 'missing'> | undefined;
  readonly busy: boolean;
  readonly last: Verdict | undefined;
  add(childKey: ChildKeyInput): Promise<unknown>;
}

/** The Ethereum transfer form, as typed (strings). */
export interface TransferForm {
  to: string;
  amountEth: string;
  chainId: string;
  nonce: string;
  gas: string;
  maxFeeGwei: string;
  tipGwei: string;
}

export interface MessageForm {
  message: string;
  algo: 'ecdsa-sha256' | 'bip340' | 'ed25519';
  encoding: 'utf8' | 'hex';
}

export function emptyTransfer(): TransferForm {
  return { to: '', amountEth: '', chainId: '1', nonce: '0', gas: '21000', maxFeeGwei: '30', tipGwei: '1.5' };
}

/**
 * A decimal amount in units of 10^decimals as a whole number (a string of digits): "1.5" ETH →
 * "1500000000000000000". Undefined for anything that is not a plain non-negative decimal with at
 * most `decimals` digits after the point.
 */
export function toBaseUnits(amount: string, decimals: number): string | undefined {
  const a = amount.trim().replace(/_/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(a) ?? /^()\.(\d+)$/.exec(a);
  if (!m) return undefined;
  const whole = m[1] || '0';
  const frac = m[2] ?? '';
  if (frac.length > decimals) return undefined;
  const digits = (whole + frac.padEnd(decimals, '0')).replace(/^0+(?=\d)/, '');
  return digits.length > 78 ? undefined : digits;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const wholeNumber = (s: string) => /^\d{1,15}$/.test(s.trim());

/** The transfer form as a session/describe request, or what to fix, field by field. */
export function transferRequest(f: TransferForm): Checked<SignRequestWire> {
  const errors: Record<string, string> = {};
  const to = f.to.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(to))
    errors['to'] = 'Enter the recipient’s Ethereum address: 0x and 40 hex digits. Copy it from the recipient.';
  const valueWei = toBaseUnits(f.amountEth, 18);
  if (valueWei === undefined)
    errors['amountEth'] = 'Enter an amount of ETH, like 0.25 (at most 18 digits after the point).';
  const tx = txFields(f, errors, 21000);
  if (Object.keys(errors).length > 0 || valueWei === undefined || tx === undefined) return { ok: false, errors };
  const { chainId, nonce, gas, maxFeePerGasWei, maxPriorityFeePerGasWei } = tx;
  return {
    ok: true,
    value: {
      kind: 'eth-transfer',
      tx: { chainId, nonce, to, valueWei, gas, maxFeePerGasWei, maxPriorityFeePerGasWei, data: '0x' },
    },
  };
}

/** An Ethereum transaction's common fields, checked (field errors added to `errors`), or undefined. */
function txFields(
  f: Pick<TransferForm, 'chainId' | 'nonce' | 'gas' | 'maxFeeGwei' | 'tipGwei'>,
  errors: Record<string, string>,
  minGas: number,
):
  | { chainId: number; nonce: number; gas: string; maxFeePerGasWei: string; maxPriorityFeePerGasWei: string }
  | undefined {
  if (!wholeNumber(f.chainId) || Number(f.chainId) < 1)
    errors['chainId'] = 'Enter the chain id as a whole number: 1 for Ethereum mainnet.';
  if (!wholeNumber(f.nonce))
    errors['nonce'] = 'Enter the transaction number as a whole number: 0 for this wallet’s first transaction.';
  if (!wholeNumber(f.gas) || Number(f.gas) < minGas)
    errors['gas'] = `Enter the gas limit as a whole number, at least ${minGas}.`;
  const maxFee = toBaseUnits(f.maxFeeGwei, 9);
  if (maxFee === undefined || maxFee === '0')
    errors['maxFeeGwei'] = 'Enter the most you will pay per gas, in gwei, like 30.';
  const tip = toBaseUnits(f.tipGwei, 9);
  if (tip === undefined) errors['tipGwei'] = 'Enter the tip per gas in gwei, like 1.5 (0 is allowed).';
  else if (maxFee !== undefined && BigInt(tip) > BigInt(maxFee))
    errors['tipGwei'] = 'The tip cannot be more than the fee cap. Lower the tip or raise the cap.';
  if (Object.keys(errors).length > 0 || maxFee === undefined || tip === undefined) return undefined;
  return {
    chainId: Number(f.chainId),
    nonce: Number(f.nonce),
    gas: String(BigInt(f.gas.trim())),
    maxFeePerGasWei: maxFee,
    maxPriorityFeePerGasWei: tip,
  };
}

const isAddress = (a: string) => /^0x[0-9a-fA-F]{40}$/.test(a);

/** A token transfer or approval, as typed: the token contract, the recipient or spender, the amount in the token's units. */
export interface TokenForm {
  action: 'transfer' | 'approve';
  token: string;
  to: string;
  amount: string;
  /** An approval of every token, now and later (flagged in red when described). */
  unlimited: boolean;
  /** The token's decimals and symbol as entered; both empty to read them from the node set in Settings. */
  decimals: string;
  symbol: string;
}

export function emptyToken(): TokenForm {
  return { action: 'transfer', token: '', to: '', amount: '', unlimited: false, decimals: '', symbol: '' };
}

/** The token form (and the transaction's fees) as a session/describe request, or what to fix. */
export function tokenRequest(f: TokenForm, fees: TransferForm): Checked<SignRequestWire> {
  const errors: Record<string, string> = {};
  const token = f.token.trim();
  const to = f.to.trim();
  if (!isAddress(token)) errors['token'] = 'Enter the token’s contract address: 0x and 40 hex digits.';
  if (!isAddress(to))
    errors['tokenTo'] =
      f.action === 'transfer'
        ? 'Enter the recipient’s address: 0x and 40 hex digits.'
        : 'Enter the address allowed to spend: 0x and 40 hex digits.';
  const unlimited = f.action === 'approve' && f.unlimited;
  if (!unlimited && !/^\d*\.?\d+$|^\d+\.$/.test(f.amount.trim().replace(/_/g, '')))
    errors['tokenAmount'] = 'Enter an amount of the token, like 250 or 0.5.';
  const dec = f.decimals.trim();
  const sym = f.symbol.trim();
  if ((dec === '') !== (sym === ''))
    errors['decimals'] = 'Give both the decimals and the symbol, or leave both empty to read them from your node.';
  else if (dec !== '' && (!/^\d{1,2}$/.test(dec) || Number(dec) > 77))
    errors['decimals'] = 'Enter the token’s decimals as a whole number, like 6 or 18.';
  const tx = txFields(fees, errors, 30000);
  if (Object.keys(errors).length > 0 || tx === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: 'eth-erc20',
      tx,
      token,
      action: f.action,
      to,
      amount: unlimited ? 'unlimited' : f.amount.trim().replace(/_/g, ''),
      ...(dec !== '' ? { decimals: Number(dec), symbol: sym } : {}),
    },
  };
}

/** A contract call, as typed: its call data (hex), the ETH it sends, the ABI file chosen, the holders who accept signing blind. */
export interface CallForm {
  to: string;
  data: string;
  amountEth: string;
  abiPath: string;
  /** Per holder (by label), their tick that they accept signing call data nothing describes. */
  blind: Record<string, boolean>;
}

export function emptyCall(): CallForm {
  return { to: '', data: '', amountEth: '0', abiPath: '', blind: {} };
}

/**
 * The call form as a session/describe request, or what to fix. Without an ABI the call is signed
 * only blind, and only when at least `threshold` holders ticked that they accept it.
 */
export function callRequest(f: CallForm, fees: TransferForm, threshold: number): Checked<SignRequestWire> {
  const errors: Record<string, string> = {};
  const to = f.to.trim();
  const data = f.data.trim();
  if (!isAddress(to)) errors['callTo'] = 'Enter the contract’s address: 0x and 40 hex digits.';
  if (!/^0x([0-9a-fA-F]{2})+$/.test(data))
    errors['callData'] = 'Paste the call data the site or app gave: 0x and an even number of hex digits.';
  const valueWei = toBaseUnits(f.amountEth, 18);
  if (valueWei === undefined) errors['callAmount'] = 'Enter an amount of ETH, like 0 or 0.25.';
  const ticked = Object.values(f.blind).filter(Boolean).length;
  if (f.abiPath === '' && ticked > 0 && ticked < threshold)
    errors['blind'] = `Signing blind needs the agreement of ${threshold} holders: ${ticked} ticked.`;
  const tx = txFields(fees, errors, 21000);
  if (Object.keys(errors).length > 0 || tx === undefined || valueWei === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: 'eth-call',
      tx: { ...tx, to, valueWei, data },
      ...(f.abiPath !== '' ? { abiPath: f.abiPath } : {}),
      ...(f.abiPath === '' && ticked >= threshold ? { acceptBlind: true } : {}),
    },
  };
}

/** An Ethereum message (EIP-191 personal_sign) as a session/describe request, or what to fix. */
export function personalRequest(f: { message: string; encoding: 'utf8' | 'hex' }): Checked<SignRequestWire> {
  const checked = messageRequest({ ...f, algo: 'ecdsa-sha256' });
  if (!checked.ok) return checked;
  const m = checked.value as { message: string };
  return { ok: true, value: { kind: 'eth-personal', encoding: f.encoding, message: m.message } };
}

/** EIP-712 typed data, pasted as JSON, as a session/describe request (main checks it against its schema), or what to fix. */
export function typedDataRequest(json: string): Checked<SignRequestWire> {
  const text = json.trim();
  try {
    JSON.parse(text);
  } catch {
    return {
      ok: false,
      errors: {
        typedData:
          'This is not JSON. Paste the whole document the site or app gave: {"domain": …, "types": …, "primaryType": …, "message": …}.',
      },
    };
  }
  return { ok: true, value: { kind: 'eth-typed-data', json: text } };
}

/** The message form as a session/describe request, or what to fix. */
export function messageRequest(f: MessageForm): Checked<SignRequestWire> {
  if (f.message.length === 0) return { ok: false, errors: { message: 'Write the message the owners agree to sign.' } };
  if (f.encoding === 'hex' && !/^(0x)?([0-9a-fA-F]{2})+$/.test(f.message.trim()))
    return {
      ok: false,
      errors: { message: 'This is not hex: give an even number of the digits 0–9 and a–f, or choose “Text”.' },
    };
  return {
    ok: true,
    value: {
      kind: 'message',
      algo: f.algo,
      encoding: f.encoding,
      message: f.encoding === 'hex' ? f.message.trim() : f.message,
    },
  };
}

/** A Bitcoin transaction to sign: the PSBT file chosen (main reads it), the network meant ('' for the PSBT's), the high-fee acceptance. */
export interface PsbtForm {
  path: string;
  network: '' | 'mainnet' | 'testnet' | 'signet' | 'regtest';
  acceptHighFee: boolean;
}

export function emptyPsbt(): PsbtForm {
  return { path: '', network: '', acceptHighFee: false };
}

/** The PSBT form as a session/describe request, or what to fix. */
export function psbtRequest(f: PsbtForm): Checked<SignRequestWire> {
  if (f.path.length === 0)
    return {
      ok: false,
      errors: { psbt: 'Choose the PSBT file your wallet software saved (Bitcoin Core, Electrum…).' },
    };
  return {
    ok: true,
    value: {
      kind: 'bitcoin-psbt',
      path: f.path,
      ...(f.network !== '' ? { network: f.network } : {}),
      ...(f.acceptHighFee ? { acceptHighFee: true } : {}),
    },
  };
}

/** A Solana transfer, as typed: the recipient, the amount in SOL, a recent blockhash. The sender is always the wallet. */
export interface SolForm {
  to: string;
  amountSol: string;
  recentBlockhash: string;
}

export function emptySol(): SolForm {
  return { to: '', amountSol: '', recentBlockhash: '' };
}

/** Base58 (no 0, O, I or l) as long as 32 bytes can be: main checks the bytes themselves. */
const isBase58Of32 = (s: string) => /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(s);

/**
 * The Solana form as a session/describe request, or what to fix. The amount goes to main as typed:
 * main reads it to the lamport and says what is wrong with it (0, a sign, more than 9 decimals).
 */
export function solRequest(f: SolForm): Checked<SignRequestWire> {
  const errors: Record<string, string> = {};
  const to = f.to.trim();
  const amount = f.amountSol.trim();
  const recentBlockhash = f.recentBlockhash.trim();
  if (!isBase58Of32(to))
    errors['solTo'] =
      'Enter the recipient’s Solana address: 32 to 44 letters and digits, without 0, O, I and l. Copy it whole from the recipient.';
  if (amount === '') errors['solAmount'] = 'Enter the amount of SOL to send, like 1.5.';
  if (!isBase58Of32(recentBlockhash))
    errors['solBlockhash'] =
      'Enter a recent blockhash of the network you send on (getLatestBlockhash): 32 to 44 letters and digits, without 0, O, I and l.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { kind: 'sol-transfer', to, amount, recentBlockhash } };
}

/** What the Joint signing screen can ask a wallet to sign. */
export type SignKind =
  | 'eth-transfer'
  | 'eth-erc20'
  | 'eth-call'
  | 'eth-personal'
  | 'eth-typed-data'
  | 'bitcoin-psbt'
  | 'sol-transfer'
  | 'message';

/** A wallet as far as the kinds it can sign go: its curve, and its scheme (a FROST wallet never rebuilds its key). */
export interface SignerShape {
  curve: 'secp256k1' | 'ed25519' | null;
  scheme: string;
}

/**
 * The kinds a wallet can sign, in the order offered, named for people: a secp256k1 wallet signs for
 * Ethereum (not a FROST one: an Ethereum account takes only an ECDSA signature of its own key) and
 * Bitcoin; an Ed25519 wallet, for Solana; every key wallet, a message. Only what main will sign.
 */
export function kindsFor(w: SignerShape): { id: SignKind; label: string }[] {
  const kinds: { id: SignKind; label: string }[] = [];
  if (w.curve === 'secp256k1' && w.scheme !== 'frost')
    kinds.push(
      { id: 'eth-transfer', label: 'An Ethereum transfer' },
      { id: 'eth-erc20', label: 'Tokens (ERC-20)' },
      { id: 'eth-call', label: 'A contract call' },
      { id: 'eth-personal', label: 'An Ethereum message' },
      { id: 'eth-typed-data', label: 'Typed data (EIP-712)' },
    );
  if (w.curve === 'secp256k1') kinds.push({ id: 'bitcoin-psbt', label: 'A Bitcoin transaction (PSBT)' });
  if (w.curve === 'ed25519') kinds.push({ id: 'sol-transfer', label: 'A Solana transfer (SOL)' });
  if (algosFor(w.curve, w.scheme).length > 0) kinds.push({ id: 'message', label: 'A message' });
  return kinds;
}

/**
 * The signature algorithms a wallet's curve can sign with, named for people: a FROST secp256k1
 * wallet signs Schnorr (BIP-340) only.
 */
export function algosFor(
  curve: 'secp256k1' | 'ed25519' | null,
  scheme?: string,
): { id: MessageForm['algo']; name: string }[] {
  if (curve === 'ed25519') return [{ id: 'ed25519', name: 'Ed25519' }];
  if (curve === 'secp256k1' && scheme === 'frost') return [{ id: 'bip340', name: 'Schnorr (BIP-340)' }];
  if (curve === 'secp256k1')
    return [
      { id: 'ecdsa-sha256', name: 'ECDSA over SHA-256' },
      { id: 'bip340', name: 'Schnorr (BIP-340)' },
    ];
  return [];
}

export type Tone = 'ok' | 'info' | 'error';

/** How to show a typed child key's live check: green when complete, neutral while typing, red for a problem. */
export function checkTone(c: TextCheck): Tone {
  if (c.state === 'complete') return 'ok';
  if (c.state === 'empty' || c.state === 'incomplete' || c.state === 'words') return 'info';
  return 'error';
}

/** The line under the entry after a verdict: "Bob’s child key is in." or the refusal's own message. */
export function verdictLine(v: Verdict): { tone: Tone; text: string } {
  return v.accepted ? { tone: 'ok', text: `${v.holder.label}’s child key is in.` } : { tone: 'error', text: v.message };
}

/** The keychain entries of this wallet whose holder has not entered a child key yet. */
export function usableEntries(
  entries: readonly KeychainEntry[],
  walletId: string,
  progress: Pick<Progress, 'entered'>,
): KeychainEntry[] {
  const entered = new Set(progress.entered.map((h) => h.index));
  return entries.filter((e) => e.setId === walletId && e.problem === undefined && !entered.has(e.index));
}

/** Who is asked next: the first holder still missing. */
export function nextHolder(progress: Progress): { index: number; label: string } | undefined {
  return progress.ready ? undefined : progress.missing[0];
}

/** The last part of a path, for showing a chosen file without its folders. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}
