/** `jointkey sign` and `jointkey sign-eth-tx`: a joint signing session from child-key files. */
import { base58 } from '@scure/base';
import { bytesToHex, hexToBytesStrict } from '../../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import type { Wallet, WalletSession } from '../../core/wallet/kind.js';
import type { LoggedHolder } from '../../core/wallet/log.js';
import { type SignRequest, type SignResult, describeRequest } from '../../core/wallet/session.js';
import type { EthTransfer } from '../../core/chains/eth-tx.js';
import { checkAbi } from '../../core/chains/eth-calls.js';
import { readLimited } from '../../files/atomic.js';
import { describedForLog, recordUse } from '../../wallets/log.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import type { SignatureAlgo } from '../../core/chains/signing.js';
import { wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { walletOfChildKey } from '../../wallets/store.js';
import { refuseSuperseded } from '../../wallets/superseded.js';
import { broadcastTransaction } from '../../net/eth-rpc.js';
import { parse, printJson, required, usage } from '../output.js';
import { openFiles } from './restore.js';

export const SIGN_HELP = `Usage: jointkey sign --message-hex HEX --algo ecdsa-sha256|bip340|ed25519 [--data-dir DIR]
                    [--passphrase-file F] [--from-keychain [--set-id SETID]] FILE…

A joint signing session: checks each child-key file against the wallet as it comes in, restores the
key when enough are given, checks it against the wallet's public key, signs the message, verifies
the signature, wipes the key, and prints {publicKeyHex, signatureHex}.

  --algo ecdsa-sha256   secp256k1 ECDSA over SHA-256 of the message: 64-byte r‖s, low-s
         bip340         secp256k1 Schnorr (BIP-340)
         ed25519        Ed25519 (RFC 8032)
  --data-dir DIR        where wallet records are kept (needed only for text-form child keys,
                        which do not carry the wallet's public data)
  --passphrase-file F   the files' passphrases, one per line in the order of the files
  --from-keychain       also use the child keys of this wallet stored in this computer's keychain
                        (jointkey keychain import); the wallet is the files' or, with no files, the
                        keychain's only one
  --set-id SETID        with --from-keychain: the wallet, when the keychain holds several
`;

export const SIGN_ETH_HELP = `Usage: jointkey sign-eth-tx --to ADDR --value-wei N --nonce N --chain-id N --max-fee-wei N
                           --max-priority-fee-wei N --gas N [--data HEX [--abi FILE] [--accept-blind]]
                           [--rpc URL] [--data-dir DIR] [--passphrase-file F]
                           [--from-keychain [--set-id SETID]] FILE…

Signs an Ethereum EIP-1559 transaction from the wallet the child keys restore, after describing it in
plain words, and prints {description, from, rawTx, hash}. With --rpc it also broadcasts it to that
JSON-RPC endpoint and waits for its receipt.

  --data HEX        contract call data: described by decoding it with --abi, else refused
  --abi FILE        the called contract's JSON ABI (or a compiler artifact holding one): the call is
                    shown as its function and named arguments
  --accept-blind    sign call data nothing can describe; the description then says the holders
                    accepted signing blind
(For an ERC-20 token transfer or approval, use jointkey sign-erc20: it is described in the token's units.)
`;

const ALGOS: readonly SignatureAlgo[] = ['ecdsa-sha256', 'bip340', 'ed25519'];

/** A session opened from child-key files: its wallet's record, when --data-dir has it, and how each holder's came. */
export interface OpenedSession {
  session: WalletSession;
  /** The recorded wallet the child keys belong to (with --data-dir), for the record of use. */
  wallet: Wallet | undefined;
  holders: LoggedHolder[];
}

/**
 * Reads the files and opens a session on their wallet, entering each child key (errors name the
 * file). `before` runs on the session before any child key is entered (to describe, and refuse,
 * what will be signed); if it throws, the session is closed and the files read are wiped.
 */
export async function openSession(
  files: string[],
  dataDir: string | undefined,
  passphraseFile: string | undefined,
  keychain: { 'from-keychain'?: boolean; 'set-id'?: string },
  before?: (session: WalletSession) => void,
): Promise<OpenedSession> {
  if (keychain['set-id'] !== undefined && !keychain['from-keychain'])
    throw usage('--set-id goes with --from-keychain.');
  if (files.length === 0 && !keychain['from-keychain'])
    throw usage('Give the child-key files of the holders who sign.');
  const read: ChildKeyFromDisk[] = await openFiles(
    files,
    passphraseFile,
    keychain['from-keychain'] ? { setId: keychain['set-id'] } : undefined,
  );
  try {
    const kind = read[0]?.read.kind;
    const odd = read.find((r) => r.read.kind !== kind);
    if (odd)
      throw new JointKeyError(
        'DIFFERENT_SCHEME',
        `${odd.path} is ${odd.read.kind.noun}, but the others are not: child keys of different schemes never combine. Use the child keys of one wallet.`,
      );
    const platform = { pbkdf2: nativePbkdf2 };
    const first = read[0];
    const wallet = first && dataDir !== undefined ? walletOfChildKey(dataDir, first.read) : undefined;
    const recorded = () => wallet?.openSession(platform);
    const session =
      kind?.sessionFromReads(
        read.map((r) => r.read),
        platform,
      ) ?? recorded();
    if (!session)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'None of these child keys carries the wallet’s public data, and no wallet record was found for them. Give child-key files, or --data-dir with the wallet record.',
      );
    if (before)
      try {
        before(session);
      } catch (e) {
        session.close();
        throw e;
      }
    const holders: LoggedHolder[] = [];
    for (const r of read) {
      try {
        // A child key of a set a rekey or refresh replaced is named for what it is.
        if (dataDir !== undefined) refuseSuperseded(dataDir, r.read);
        const had = new Set(session.progress().entered.map((h) => h.index));
        const added = session.enter(r.read).entered.find((h) => !had.has(h.index));
        if (added) holders.push({ ...added, from: r.read.source.from });
      } catch (e) {
        session.close();
        if (isJointKeyError(e)) throw new JointKeyError(e.code, `${r.path}: ${e.message}`);
        throw e;
      }
    }
    return { session, wallet, holders };
  } catch (e) {
    wipeRead(read);
    throw e;
  }
}

export function run({ session }: OpenedSession, request: SignRequest) {
  try {
    return session.sign(request);
  } finally {
    session.close();
  }
}

/** Adds a signature to the wallet's record of use (with --data-dir and its record); the log's error, if any, for the output. */
export function logSigned(
  dataDir: string | undefined,
  opened: OpenedSession,
  description: string[],
  result: SignResult,
): Record<string, unknown> {
  if (dataDir === undefined || !opened.wallet) return {};
  const r = recordUse(dataDir, opened.wallet.record.id, 'signed', {
    holders: opened.holders,
    description: describedForLog(description),
    signature:
      result.kind === 'message'
        ? result.signatureHex
        : result.kind === 'eth-message'
          ? result.signature.replace(/^0x/, '').toLowerCase()
          : result.kind === 'sol-transfer'
            ? bytesToHex(base58.decode(result.signature))
            : null,
    txHash: result.kind === 'eth-transfer' ? result.hash.replace(/^0x/, '').toLowerCase() : null,
  });
  return r.logged ? {} : { logError: r.error };
}

export async function signCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign',
    args,
    {
      'message-hex': { type: 'string' },
      algo: { type: 'string' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_HELP);
  const algo = required(values.algo, 'algo', 'sign') as SignatureAlgo;
  if (!ALGOS.includes(algo)) throw usage(`--algo must be one of ${ALGOS.join(', ')}, got "${algo}"`);
  let message: Uint8Array;
  try {
    message = hexToBytesStrict(required(values['message-hex'], 'message-hex', 'sign'), '--message-hex');
  } catch (e) {
    if (isJointKeyError(e)) throw e;
    throw usage('--message-hex must be hex digits, an even number of them');
  }
  const opened = await openSession(positionals, values['data-dir'], values['passphrase-file'], values);
  const request: SignRequest = { kind: 'message', algo, message };
  const description = opened.session.describe(request);
  const r = run(opened, request);
  if (r.kind === 'message')
    printJson({
      publicKeyHex: r.publicKeyHex,
      signatureHex: r.signatureHex,
      ...logSigned(values['data-dir'], opened, description, r),
    });
}

function bigOption(value: string | undefined, name: string, command: string): bigint {
  const v = required(value, name, command);
  if (!/^\d{1,78}$/.test(v)) throw usage(`--${name} must be a whole number, got "${v}"`);
  return BigInt(v);
}

/** A chain id or nonce: a whole number of up to 15 digits (checkEthTransfer bounds it further). */
function ethIntOption(value: string | undefined, name: string, command: string): number {
  const v = required(value, name, command);
  if (!/^\d{1,15}$/.test(v)) throw usage(`--${name} must be a whole number, 0 or more, got "${v}"`);
  return Number(v);
}

/** The options every Ethereum transaction command takes: the transaction's fields but its recipient, value and data; where to broadcast; whose child keys. */
export const ETH_TX_OPTIONS = {
  nonce: { type: 'string' },
  'chain-id': { type: 'string' },
  'max-fee-wei': { type: 'string' },
  'max-priority-fee-wei': { type: 'string' },
  gas: { type: 'string' },
  rpc: { type: 'string' },
  'data-dir': { type: 'string' },
  'passphrase-file': { type: 'string' },
  'from-keychain': { type: 'boolean' },
  'set-id': { type: 'string' },
} as const;

type EthTxValues = {
  [K in keyof typeof ETH_TX_OPTIONS]?: (typeof ETH_TX_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** A transaction from the command's options, to `to`, with `valueWei` and `data`. */
export function ethTxOf(values: EthTxValues, command: string, to: string, valueWei: bigint, data: string): EthTransfer {
  return {
    to,
    valueWei,
    nonce: ethIntOption(values.nonce, 'nonce', command),
    chainId: ethIntOption(values['chain-id'], 'chain-id', command),
    maxFeePerGasWei: bigOption(values['max-fee-wei'], 'max-fee-wei', command),
    maxPriorityFeePerGasWei: bigOption(values['max-priority-fee-wei'], 'max-priority-fee-wei', command),
    gas: bigOption(values.gas, 'gas', command),
    data,
  };
}

/**
 * Signs an Ethereum request from the child keys given: described in plain words (and refused, when
 * it cannot be) before any file is read, and again for the wallet before any child key is entered;
 * signed; logged with --data-dir; a transaction broadcast with --rpc (unless `broadcast` is false).
 * Prints {description, …result, …extra}.
 */
export async function signEthRequest(
  positionals: string[],
  values: EthTxValues,
  request: SignRequest,
  extra: Record<string, unknown> = {},
  after?: (r: SignResult) => Promise<Record<string, unknown>>,
): Promise<void> {
  describeRequest(request);
  let description: string[] = [];
  const opened = await openSession(positionals, values['data-dir'], values['passphrase-file'], values, (session) => {
    description = session.describe(request);
  });
  const r = run(opened, request);
  const logged = logSigned(values['data-dir'], opened, description, r);
  const checked = after ? await after(r) : {};
  if (r.kind === 'eth-message')
    return printJson({
      description,
      ...extra,
      address: r.address,
      signature: r.signature,
      digest: r.digest,
      ...checked,
      ...logged,
    });
  if (r.kind !== 'eth-transfer') throw new Error('an Ethereum request came back as another kind');
  const out = { description, ...extra, from: r.from, rawTx: r.rawTx, hash: r.hash, ...logged };
  if (values.rpc === undefined) return printJson(out);
  const b = await broadcastTransaction(values.rpc, r.rawTx as `0x${string}`);
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && opened.wallet)
    recordUse(dataDir, opened.wallet.record.id, 'broadcast', {
      txHash: b.hash.replace(/^0x/, '').toLowerCase(),
      endpoint: new URL(values.rpc).origin,
      status: String(b.receipt.status),
    });
  printJson({ ...out, broadcast: true, receipt: b.receipt });
}

/** Reads a JSON ABI file (at most 4 MiB): JointKeyError INVALID_ARGUMENT when it is not JSON or not an ABI. */
export function readAbiFile(path: string): unknown[] {
  const text = readLimited(path, 4 * 1024 * 1024, { option: '--abi', noun: 'a JSON ABI' }).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `--abi ${path} is not JSON. Give the contract's JSON ABI (as solc or Etherscan gives it).`,
    );
  }
  // A compiler's artifact (its ABI under "abi") is taken too.
  return checkAbi(json) as unknown[];
}

export async function signEthTxCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-eth-tx',
    args,
    {
      to: { type: 'string' },
      'value-wei': { type: 'string' },
      data: { type: 'string' },
      abi: { type: 'string' },
      'accept-blind': { type: 'boolean' },
      ...ETH_TX_OPTIONS,
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_ETH_HELP);
  const data = values.data === undefined ? '0x' : values.data.startsWith('0x') ? values.data : `0x${values.data}`;
  if (data === '0x' && (values.abi !== undefined || values['accept-blind']))
    throw usage('--abi and --accept-blind describe call data: give them with --data.');
  const tx = ethTxOf(
    values,
    'sign-eth-tx',
    required(values.to, 'to', 'sign-eth-tx'),
    bigOption(values['value-wei'], 'value-wei', 'sign-eth-tx'),
    data,
  );
  const request: SignRequest =
    data === '0x'
      ? { kind: 'eth-transfer', tx }
      : {
          kind: 'eth-call',
          tx,
          call: {
            ...(values.abi !== undefined ? { abi: readAbiFile(values.abi) } : {}),
            ...(values['accept-blind'] ? { acceptBlind: true } : {}),
          },
        };
  await signEthRequest(positionals, values, request);
}
