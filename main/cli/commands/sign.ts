/** `jointkey sign` and `jointkey sign-eth-tx`: a joint signing session from child-key files. */
import { hexToBytesStrict } from '../../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import type { Wallet, WalletSession } from '../../core/wallet/kind.js';
import type { LoggedHolder } from '../../core/wallet/log.js';
import type { SignRequest, SignResult } from '../../core/wallet/session.js';
import { describedForLog, recordUse } from '../../wallets/log.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import type { SignatureAlgo } from '../../core/chains/signing.js';
import { wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { walletOfChildKey } from '../../wallets/store.js';
import { refuseSuperseded } from '../../wallets/superseded.js';
import { broadcastTransaction } from '../../net/eth-rpc.js';
import { intOption, parse, printJson, required, usage } from '../output.js';
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
                           --max-priority-fee-wei N --gas N [--data HEX] [--rpc URL] [--data-dir DIR]
                           [--passphrase-file F] [--from-keychain [--set-id SETID]] FILE…

Signs an Ethereum EIP-1559 transaction from the wallet the child keys restore, after describing it in
plain words, and prints {description, from, rawTx, hash}. With --rpc it also broadcasts it to that
JSON-RPC endpoint and waits for its receipt.
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
    signature: result.kind === 'message' ? result.signatureHex : null,
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

function bigOption(value: string | undefined, name: string): bigint {
  const v = required(value, name, 'sign-eth-tx');
  if (!/^\d{1,78}$/.test(v)) throw usage(`--${name} must be a whole number, got "${v}"`);
  return BigInt(v);
}

export async function signEthTxCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-eth-tx',
    args,
    {
      to: { type: 'string' },
      'value-wei': { type: 'string' },
      nonce: { type: 'string' },
      'chain-id': { type: 'string' },
      'max-fee-wei': { type: 'string' },
      'max-priority-fee-wei': { type: 'string' },
      gas: { type: 'string' },
      data: { type: 'string' },
      rpc: { type: 'string' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_ETH_HELP);
  const tx = {
    to: required(values.to, 'to', 'sign-eth-tx'),
    valueWei: bigOption(values['value-wei'], 'value-wei'),
    nonce: required(intOption(values.nonce, 'nonce'), 'nonce', 'sign-eth-tx'),
    chainId: required(intOption(values['chain-id'], 'chain-id'), 'chain-id', 'sign-eth-tx'),
    maxFeePerGasWei: bigOption(values['max-fee-wei'], 'max-fee-wei'),
    maxPriorityFeePerGasWei: bigOption(values['max-priority-fee-wei'], 'max-priority-fee-wei'),
    gas: bigOption(values.gas, 'gas'),
    data: values.data === undefined ? '0x' : values.data.startsWith('0x') ? values.data : `0x${values.data}`,
  };
  const opened = await openSession(positionals, values['data-dir'], values['passphrase-file'], values);
  let description: string[];
  try {
    description = opened.session.describe({ kind: 'eth-transfer', tx });
  } catch (e) {
    opened.session.close();
    throw e;
  }
  const r = run(opened, { kind: 'eth-transfer', tx });
  if (r.kind !== 'eth-transfer') return;
  const out = {
    description,
    from: r.from,
    rawTx: r.rawTx,
    hash: r.hash,
    ...logSigned(values['data-dir'], opened, description, r),
  };
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
