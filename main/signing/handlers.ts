/**
 * The handlers of Joint signing and the Health check (`session/…`, `health/check`,
 * `childkey/check-text`), in plain Node: a session on any kind of wallet, through the wallet model
 * (main/core/wallet/kind.ts) — this module never asks which kind. Child keys are read here, from
 * what the holder entered (typed, their file, this computer's keychain), and checked by the session.
 */
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytesStrict } from '../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { checkTypedChildKey } from '../core/formats/text-check.js';
import { type Confirm, type ConfirmPrompt, requireConfirmation } from '../dialogs/confirm.js';
import type { ChildKeyRead, Wallet } from '../core/wallet/kind.js';
import { readChildKey } from '../core/wallet/kinds/index.js';
import type { SignRequest } from '../core/wallet/session.js';
import { MAX_PSBT_BYTES } from '../core/chains/bitcoin/psbt.js';
import { parseSolAmount } from '../core/chains/solana.js';
import { base58 } from '@scure/base';
import { type TokenInfo, checkAbi, checkTokenInfo, erc20CallData, parseTokenAmount } from '../core/chains/eth-calls.js';
import { parseTypedData } from '../core/chains/eth-messages.js';
import type { EthTransfer } from '../core/chains/eth-tx.js';
import { type Hex, maxUint256 } from 'viem';
import { readLimited } from '../files/atomic.js';
import { openEnteredFile } from '../files/child-key-files.js';
import type { Handlers, Request } from '../ipc/contract.js';
import type { Ceremonies } from '../ceremony/ceremonies.js';
import { defaultFolder } from '../ceremony/handlers.js';
import type { OsKeychain } from '../keychain/os-keychain.js';
import { broadcastTransaction, readTokenInfo } from '../net/eth-rpc.js';
import { checkEndpoint, readSettings } from '../settings/store.js';
import type { EntryWay, LoggedHolder } from '../core/wallet/log.js';
import { describedForLog, recordUse } from '../wallets/log.js';
import { requireWalletRecord } from '../wallets/store.js';
import { refuseSuperseded } from '../wallets/superseded.js';
import { walletSummaryOf } from '../wallets/summary.js';
import type { SignedResults } from './results.js';
import { SESSION_OVER, type SessionEntry, type SigningSessions } from './sessions.js';

type WireSignRequest = Request<'session/describe'>['request'];
type SigningChannel = Extract<keyof Handlers, `session/${string}` | 'health/check' | 'childkey/check-text'>;

/** What the signing handlers need from the app's context. */
export interface SigningContext {
  dataDir: string;
  sessions: SigningSessions;
  results: SignedResults;
  keychain: OsKeychain;
  /** Main's own dialog (main/dialogs/confirm.ts): asked before signing and before a keychain entry is used. */
  confirm: Confirm;
  /** The split ceremonies: a rekey opens one with the key a session restored. */
  ceremonies: Ceremonies;
  /** The person's Documents folder (a rekey's new files go to <documentsDir>/JointKey/<wallet label> by default). */
  documentsDir: string;
}

/**
 * A message given as text, quoted for main's dialog: control characters (but line breaks) shown as
 * U+FFFD, at most 600 characters. The lines (its bytes in hex) are what is signed.
 */
function quoted(text: string | undefined): string {
  if (text === undefined) return '';
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
  return `\n\nThe message, as text: “${clean.length > 600 ? `${clean.slice(0, 600)}…` : clean}”`;
}

/** The wallet's name in prompts. */
const walletName = (entry: SessionEntry): string => entry.wallet.record.label || 'this wallet';

/**
 * What main's dialog asks before a stored child key goes into a session: whose it is, of which wallet,
 * and what for — the lines session/describe fixed, or the health check when nothing was described
 * (a session with child keys in can no longer describe, so then it can only check).
 */
function keychainUsePrompt(read: ChildKeyRead, entry: SessionEntry): ConfirmPrompt {
  const holder = `${read.holder.label || `Holder ${read.holder.index}`}’s child key`;
  const of = `${holder} of ${read.walletLabel || walletName(entry)}`;
  const lines = entry.request?.lines;
  if (entry.purpose === 'rekey')
    return {
      title: 'JointKey — use a child key from this computer’s keychain',
      message: `Use ${of} to give ${walletName(entry)} a new set of child keys (change its owners or refresh it)?`,
      detail: [
        'It is put together with the other holders’ child keys in memory, compared with the wallet’s public key, and split anew for the new holders; the key is wiped when the hand-off ends. Nothing is signed.',
      ],
      confirmLabel: `Use ${holder}`,
    };
  return lines
    ? {
        title: 'JointKey — use a child key from this computer’s keychain',
        message: `Use ${of} to sign: ${lines[0] ?? ''}${lines.length > 1 ? ' …' : ''}?`,
        detail: lines,
        confirmLabel: `Use ${holder}`,
      }
    : {
        title: 'JointKey — use a child key from this computer’s keychain',
        message: `Use ${of} for a health check?`,
        detail: [
          'It is put together with the other holders’ child keys in memory, compared with the wallet’s public key, and wiped. Nothing is signed.',
        ],
        confirmLabel: `Use ${holder}`,
      };
}

/** A child key as entered, read for a wallet (its kind reads what is typed). JointKeyError for anything a person can fix. */
export async function readEntered(
  input: Request<'session/add-child-key'>['childKey'],
  wallet: Wallet,
  keychain: OsKeychain,
): Promise<ChildKeyRead> {
  if (input.kind === 'text') return readChildKey(input.text, { from: 'typed' }, wallet.kind);
  if (input.kind === 'keychain') return readChildKey(await keychain.read(input.id), { from: 'keychain', id: input.id });
  return (await openEnteredFile(input.path, input.passphrase)).read;
}

/** The largest ABI file read: 4 MiB (an ABI of 2,000 items is far smaller). */
const MAX_ABI_FILE_BYTES = 4 * 1024 * 1024;

/** Reads the PSBT file a person chose (bounded): its bytes, binary or base64, checked when described. */
function readPsbtFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readLimited(path, MAX_PSBT_BYTES * 2));
  } catch (e) {
    if (isJointKeyError(e) && e.code === 'FILE_TOO_LARGE')
      throw new JointKeyError(
        'FILE_TOO_LARGE',
        `${path} is too large to be a PSBT. Choose the PSBT file your wallet software exported.`,
      );
    throw e;
  }
}

/** A message as text or hex, as bytes (INVALID_ARGUMENT for hex that is not). */
function messageBytes(encoding: 'utf8' | 'hex', message: string): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(message);
  try {
    return hexToBytesStrict(message.startsWith('0x') ? message.slice(2) : message, 'message');
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'The message is not hex: give an even number of the digits 0–9 and a–f, or sign it as text.',
    );
  }
}

/** An Ethereum transaction's common fields, from the wire (bigints travel as strings). */
function ethTx(t: {
  chainId: number;
  nonce: number;
  gas: string;
  maxFeePerGasWei: string;
  maxPriorityFeePerGasWei: string;
}): Omit<EthTransfer, 'to' | 'valueWei' | 'data'> {
  return {
    chainId: t.chainId,
    nonce: t.nonce,
    gas: BigInt(t.gas),
    maxFeePerGasWei: BigInt(t.maxFeePerGasWei),
    maxPriorityFeePerGasWei: BigInt(t.maxPriorityFeePerGasWei),
  };
}

/** An ERC-20 token's decimals and symbol: as entered, or — both left out — read from the node set in Settings. */
async function tokenOf(wire: Extract<WireSignRequest, { kind: 'eth-erc20' }>, dataDir: string): Promise<TokenInfo> {
  if (wire.decimals !== undefined && wire.symbol !== undefined)
    return checkTokenInfo({ decimals: wire.decimals, symbol: wire.symbol, source: 'entered' });
  if (wire.decimals !== undefined || wire.symbol !== undefined)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'Give both the token’s decimals and its symbol, or leave both empty to read them from your Ethereum node.',
    );
  const url = readSettings(dataDir).ethEndpoint;
  if (url === null)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'Enter the token’s decimals and symbol (its page on a block explorer gives them), or set your Ethereum node in Settings so JointKey reads them from the token.',
    );
  const read = await readTokenInfo(url, wire.token as Hex);
  return checkTokenInfo({ decimals: read.decimals, symbol: read.symbol, source: 'node' });
}

/** Reads the ABI file a person chose (bounded): a JSON ABI or a compiler's artifact holding one. */
function readAbiFile(path: string): unknown[] {
  const text = readLimited(path, MAX_ABI_FILE_BYTES).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${path} is not JSON. Choose the contract's JSON ABI (as solc or Etherscan gives it).`,
    );
  }
  return checkAbi(json) as unknown[];
}

async function toSignRequest(wire: WireSignRequest, dataDir: string): Promise<SignRequest> {
  // From the wallet's own address, always: the renderer names no sender and no fee payer.
  if (wire.kind === 'sol-transfer')
    return {
      kind: 'sol-transfer',
      transfer: { to: wire.to, lamports: parseSolAmount(wire.amount), recentBlockhash: wire.recentBlockhash },
    };
  if (wire.kind === 'bitcoin-psbt')
    return {
      kind: 'bitcoin-psbt',
      psbt: readPsbtFile(wire.path),
      options: { network: wire.network, acceptHighFee: wire.acceptHighFee === true },
    };
  if (wire.kind === 'eth-transfer') {
    const t = wire.tx;
    return {
      kind: 'eth-transfer',
      tx: { ...ethTx(t), to: t.to, valueWei: BigInt(t.valueWei), data: t.data },
    };
  }
  if (wire.kind === 'eth-erc20') {
    const token = await tokenOf(wire, dataDir);
    const amount =
      wire.action === 'approve' && wire.amount === 'unlimited'
        ? maxUint256
        : parseTokenAmount(wire.amount, token.decimals, token.symbol);
    return {
      kind: 'eth-call',
      tx: {
        ...ethTx(wire.tx),
        to: wire.token,
        valueWei: 0n,
        data: erc20CallData({ action: wire.action, to: wire.to, amount }),
      },
      call: { token },
    };
  }
  if (wire.kind === 'eth-call')
    return {
      kind: 'eth-call',
      tx: { ...ethTx(wire.tx), to: wire.tx.to, valueWei: BigInt(wire.tx.valueWei), data: wire.tx.data },
      call: {
        ...(wire.abiPath !== undefined ? { abi: readAbiFile(wire.abiPath) } : {}),
        ...(wire.acceptBlind === true ? { acceptBlind: true } : {}),
      },
    };
  if (wire.kind === 'eth-personal') return { kind: 'eth-personal', message: messageBytes(wire.encoding, wire.message) };
  if (wire.kind === 'eth-typed-data') {
    let json: unknown;
    try {
      json = JSON.parse(wire.json);
    } catch {
      throw new JointKeyError(
        'INVALID_TYPED_DATA',
        'This is not JSON. Paste the whole EIP-712 document the site or app gave: {domain, types, primaryType, message}.',
      );
    }
    return { kind: 'eth-typed-data', typedData: parseTypedData(json) };
  }
  return { kind: 'message', algo: wire.algo, message: messageBytes(wire.encoding, wire.message) };
}

/** A hex value as the record of use holds it: lowercase, without 0x. */
const bareHex = (h: string) => h.replace(/^0x/, '').toLowerCase();

export function createSigningHandlers(ctx: SigningContext): Pick<Handlers, SigningChannel> {
  const { sessions } = ctx;
  /** Per session, how each holder's child key was entered (for the record of use). */
  const ways = new Map<string, Map<number, EntryWay>>();
  const entered = (sessionId: string, holders: readonly { index: number; label: string }[]): LoggedHolder[] =>
    holders.map((h) => ({ ...h, from: ways.get(sessionId)?.get(h.index) ?? 'typed' }));
  return {
    'session/open': ({ walletId, purpose }) => {
      sessions.closeIdle();
      const wallet = requireWalletRecord(ctx.dataDir, walletId);
      const { id, entry } = sessions.open(wallet);
      if (purpose === 'rekey') entry.purpose = 'rekey';
      return { sessionId: id, wallet: walletSummaryOf(wallet), progress: entry.session.progress() };
    },

    'session/add-child-key': async ({ sessionId, childKey }) => {
      const entry = sessions.use(sessionId);
      const { session } = entry;
      const refused = (e: unknown) => {
        if (!isJointKeyError(e)) throw e;
        return { progress: session.progress(), last: { accepted: false as const, code: e.code, message: e.message } };
      };
      let read: ChildKeyRead;
      try {
        read = await readEntered(childKey, entry.wallet, ctx.keychain);
      } catch (e) {
        return refused(e);
      }
      if (childKey.kind === 'keychain') {
        // A stored child key is used only once a person confirmed it in main's own dialog.
        try {
          await requireConfirmation(
            ctx.confirm,
            keychainUsePrompt(read, entry),
            `${read.holder.label || 'This holder'}’s child key in this computer’s keychain was not used: it was not confirmed in JointKey’s own dialog. To use it, choose it again and confirm in that dialog; or enter it from its file or paper.`,
          );
        } catch (e) {
          read.wipe();
          return refused(e);
        }
      }
      // A child key of a set a rekey or refresh replaced is named for what it is.
      try {
        refuseSuperseded(ctx.dataDir, read);
      } catch (e) {
        read.wipe();
        return refused(e);
      }
      // Reading a file (decrypting it) or a confirmation takes time: the session may have ended meanwhile.
      if (session.closed || sessions.get(sessionId) !== entry) {
        read.wipe();
        throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
      }
      try {
        const before = new Set(session.progress().entered.map((h) => h.index));
        const progress = session.enter(read);
        const holder = progress.entered.find((h) => !before.has(h.index));
        if (!holder) throw new Error('the session took a child key but does not list it');
        const w = ways.get(sessionId) ?? new Map<number, EntryWay>();
        ways.set(sessionId, w.set(holder.index, read.source.from));
        return { progress, last: { accepted: true as const, holder } };
      } catch (e) {
        return refused(e);
      }
    },

    'session/rekey': ({ sessionId, walletLabel, holders, scheme, threshold }) => {
      const entry = sessions.use(sessionId);
      if (entry.purpose !== 'rekey')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'These child keys were entered to sign, not to change the owners: cancel this session and start “Change owners or refresh…” from the wallet’s card.',
        );
      const progress = entry.session.progress();
      if (!progress.ready)
        throw new JointKeyError(
          'TOO_FEW_CHILD_KEYS',
          `A rekey needs the child keys of ${progress.need} holders, as a signing does: ${progress.summary}. Enter theirs too.`,
        );
      try {
        const started = ctx.ceremonies.rekey(entry.wallet.record, (use) => entry.session.withKey(use), {
          walletLabel,
          holders,
          scheme,
          threshold,
        });
        // A folder of the new set's own: the old set's files (same names) may be in the wallet's folder.
        const folder = join(
          defaultFolder(ctx.documentsDir, started.walletLabel),
          `New set ${started.walletId.slice(0, 8)}`,
        );
        return { ...started, defaultFolder: folder };
      } catch (e) {
        // Failed after the key was borrowed: the session is over and its child keys are wiped. Said
        // as "too few child keys" so that the screen goes back to entering them, in a new session.
        if (entry.session.closed && e instanceof JointKeyError)
          throw new JointKeyError(
            'TOO_FEW_CHILD_KEYS',
            `${e.message} The child keys entered were wiped with the key: enter them again to go on.`,
          );
        throw e;
      } finally {
        sessions.forgetIfClosed(sessionId);
        if (!sessions.get(sessionId)) ways.delete(sessionId);
      }
    },

    'session/describe': async ({ sessionId, request }) => {
      const entry = sessions.use(sessionId);
      if (entry.purpose === 'rekey')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'This session is for a rekey, not to sign: cancel it and start a joint signing from the wallet’s card.',
        );
      const sign = await toSignRequest(request, ctx.dataDir);
      // Reading a file or the node takes time: the session may have ended meanwhile.
      if (entry.session.closed || sessions.get(sessionId) !== entry)
        throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
      // A PSBT is named by its file: the same path with other contents is another request.
      const key = `${JSON.stringify(request)}${sign.kind === 'bitcoin-psbt' ? `:${bytesToHex(sha256(sign.psbt))}` : ''}`;
      if (entry.request?.key === key) return { kind: request.kind, lines: entry.request.lines };
      if (entry.session.progress().have > 0)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'Child keys were already entered for what was described before, so it cannot be changed now. Cancel this session and start a new one to sign something else.',
        );
      let lines: string[];
      try {
        lines = entry.session.describe(sign);
      } catch (e) {
        if (e instanceof RangeError || e instanceof TypeError)
          throw new JointKeyError('INVALID_ARGUMENT', `${e.message}. Correct the transaction and try again.`);
        throw e;
      }
      entry.request = {
        sign,
        key,
        kind: request.kind,
        lines,
        ...((request.kind === 'message' || request.kind === 'eth-personal') && request.encoding === 'utf8'
          ? { text: request.message }
          : {}),
      };
      return { kind: request.kind, lines };
    },

    'session/sign': async ({ sessionId }) => {
      const entry = sessions.use(sessionId);
      const request = entry.request;
      if (!request)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'Nothing to sign was described yet. Show the holders what they are signing first, then sign.',
        );
      const progress = entry.session.progress();
      if (!progress.ready)
        try {
          // Too few child keys: the session's own refusal, naming who is missing (nothing to confirm yet).
          entry.session.sign(request.sign);
          throw new Error('a session that was not ready signed');
        } finally {
          sessions.forgetIfClosed(sessionId);
        }
      // Main, not the page, shows what will be signed, in the lines session/describe fixed.
      await requireConfirmation(
        ctx.confirm,
        {
          title: 'JointKey — sign',
          message: `Sign this with ${walletName(entry)}, with the child keys of ${progress.entered.map((h) => h.label).join(', ')}?${quoted(request.text)}`,
          detail: request.lines,
          confirmLabel: 'Sign',
        },
        'Nothing was signed: the signature was not confirmed in JointKey’s own dialog. The child keys entered stay in this session until it is cancelled or times out: press Sign again and confirm in that dialog, or cancel to wipe them.',
      );
      // The dialog took time: the session may have ended meanwhile (its request cannot change).
      if (entry.session.closed || sessions.get(sessionId) !== entry || entry.request !== request)
        throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
      try {
        const holders = entered(sessionId, entry.session.progress().entered);
        const r = entry.session.sign(request.sign);
        if (r.kind === 'health-check') throw new Error('a signing request came back as a health check');
        recordUse(ctx.dataDir, entry.wallet.record.id, 'signed', {
          holders,
          description: describedForLog(request.lines),
          signature:
            r.kind === 'message'
              ? bareHex(r.signatureHex)
              : r.kind === 'eth-message'
                ? bareHex(r.signature)
                : r.kind === 'sol-transfer'
                  ? bytesToHex(base58.decode(r.signature))
                  : null,
          txHash: r.kind === 'eth-transfer' ? bareHex(r.hash) : null,
        });
        const sign = request.sign;
        ctx.results.remember(sessionId, {
          wallet: { id: entry.wallet.record.id, label: entry.wallet.record.label },
          result: r,
          lines: request.lines,
          ...(sign.kind === 'message' ? { messageHex: bytesToHex(sign.message) } : {}),
        });
        return r;
      } finally {
        sessions.forgetIfClosed(sessionId);
        if (!sessions.get(sessionId)) ways.delete(sessionId);
      }
    },

    'session/close': ({ sessionId }) => {
      sessions.close(sessionId);
      ways.delete(sessionId);
      ctx.results.forget(sessionId);
      sessions.closeIdle();
      return { closed: true };
    },

    'health/check': ({ sessionId }) => {
      const entry = sessions.use(sessionId);
      try {
        const holders = entered(sessionId, entry.session.progress().entered);
        const names = holders.map((h) => h.label);
        const r = entry.session.sign({ kind: 'health-check' });
        if (r.kind !== 'health-check') throw new Error('a health check came back as a signature');
        entry.session.close();
        recordUse(ctx.dataDir, entry.wallet.record.id, 'checked', { how: 'quorum', holders });
        return {
          ok: true,
          publicKeyHex: r.publicKeyHex,
          summary: `The child keys of ${names.join(', ')} restore ${entry.wallet.record.label || 'this wallet'}: the key they make gives its public key ${r.publicKeyHex.slice(0, 16)}…`,
        };
      } finally {
        sessions.forgetIfClosed(sessionId);
        if (!sessions.get(sessionId)) ways.delete(sessionId);
      }
    },

    'childkey/check-text': ({ text }) => checkTypedChildKey(text),

    'session/save-result': ({ sessionId, folder }) => ctx.results.save(sessionId, ctx.dataDir, folder),

    'session/broadcast': async ({ sessionId, endpoint }) => {
      const f = ctx.results.get(sessionId);
      if (f.result.kind === 'sol-transfer')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'JointKey does not send Solana transactions. Save the signed transfer and send its .sol.txt file with sendTransaction to the network its blockhash came from (see the user guide).',
        );
      if (f.result.kind !== 'eth-transfer')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'Only a signed Ethereum transaction can be broadcast. A signed message is saved or shared as it is.',
        );
      const configured = readSettings(ctx.dataDir).ethEndpoint;
      const url = endpoint !== undefined ? checkEndpoint(endpoint) : configured;
      if (!url)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'No Ethereum node is set up. Enter your node’s JSON-RPC address (https://…) first, or save the signed transaction and send it another way.',
        );
      const sent = await broadcastTransaction(url, f.result.rawTx as `0x${string}`);
      recordUse(ctx.dataDir, f.wallet.id, 'broadcast', {
        txHash: bareHex(sent.hash),
        endpoint: new URL(url).origin,
        status: String(sent.receipt.status),
      });
      return { endpoint: url, hash: sent.hash, status: sent.receipt.status, blockNumber: sent.receipt.blockNumber };
    },
  };
}
