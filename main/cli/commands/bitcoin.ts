/** `jointkey sign-psbt` and `jointkey descriptors`: Bitcoin with a watch-only coordinator (Bitcoin Core, Electrum). */
import { existsSync } from 'node:fs';
import { walletDescriptors } from '../../core/chains/bitcoin/descriptors.js';
import type { Wallet } from '../../core/wallet/kind.js';
import { BITCOIN_NETWORKS, type BitcoinNetworkName } from '../../core/chains/bitcoin/network.js';
import { MAX_PSBT_BYTES, checkPsbt, type PsbtOptions } from '../../core/chains/bitcoin/psbt.js';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import { walletFromJson } from '../../core/wallet/kinds/index.js';
import type { SignRequest } from '../../core/wallet/session.js';
import { readLimited, writeNewFile } from '../../files/atomic.js';
import { readChildKeyFile } from '../../files/child-key-files.js';
import { defaultDataDir, findWalletRecord } from '../../wallets/store.js';
import { parse, printJson, required, usage } from '../output.js';
import { logSigned, openSession, run } from './sign.js';

export const SIGN_PSBT_HELP = `Usage: jointkey sign-psbt --psbt IN --out OUT [--network N] [--accept-high-fee]
                         [--data-dir DIR] [--passphrase-file F] [--from-keychain [--set-id SETID]] FILE…

Signs a Bitcoin transaction a watch-only wallet (Sparrow, Bitcoin Core, Electrum…) built as a PSBT
(BIP-174, or BIP-370 v2; binary or base64). Before any child key is entered the PSBT is described —
each input and whose it is, each output and which is change, the fee in BTC and sat/vB, the network
— and refused if it cannot be signed safely. This wallet's SegWit (P2WPKH) and Taproot (P2TR key
path) inputs are signed; others' are left as they are. Writes the signed PSBT (binary) to OUT, a new
file, and prints {description, signedInputs, complete, txHex?}: txHex, the raw transaction, when
every input is signed.

  --psbt IN            the PSBT file your wallet software exported
  --out OUT            where to write the signed PSBT (never replaces a file)
  --network N          mainnet, testnet, signet or regtest: the network you mean (refused when the
                       PSBT says another); without it, the PSBT's, else mainnet
  --accept-high-fee    sign although the fee is above the sanity bound (1,000 sat/vB or 0.1 BTC)
  --data-dir, --passphrase-file, --from-keychain, --set-id: as for "jointkey sign"
`;

export const DESCRIPTORS_HELP = `Usage: jointkey descriptors FILE|SETID [--data-dir DIR]

Prints a secp256k1 wallet's output descriptors with their BIP-380 checksums — wpkh(…) for its SegWit
address, tr(…) for its Taproot address — and the address each gives on mainnet, testnet, signet and
regtest. Import them into a watch-only wallet (Bitcoin Core importdescriptors) to see the
wallet's coins and build PSBTs for "jointkey sign-psbt". Public data only.

  FILE     the wallet's record (DIR/wallets/*.json) or one of its plain child-key files (only its
           public part is used)
  SETID    the wallet's id (32 hex digits, as "jointkey wallet list" prints it), found in DIR
  --data-dir DIR   where wallet records are kept (default ${defaultDataDir()})
`;

/** The --network option: one of the Bitcoin networks, or undefined when not given. */
export function bitcoinNetwork(value: string | undefined): BitcoinNetworkName | undefined {
  if (value === undefined) return undefined;
  if (!(BITCOIN_NETWORKS as readonly string[]).includes(value))
    throw usage(`--network must be one of ${BITCOIN_NETWORKS.join(', ')}, got "${value}"`);
  return value as BitcoinNetworkName;
}

export async function signPsbtCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-psbt',
    args,
    {
      psbt: { type: 'string' },
      out: { type: 'string' },
      network: { type: 'string' },
      'accept-high-fee': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_PSBT_HELP);
  const inPath = required(values.psbt, 'psbt', 'sign-psbt');
  const out = required(values.out, 'out', 'sign-psbt');
  const options: PsbtOptions = {
    network: bitcoinNetwork(values.network),
    acceptHighFee: values['accept-high-fee'] === true,
  };
  if (existsSync(out))
    throw new JointKeyError(
      'FILE_EXISTS',
      `${out} already exists: JointKey never replaces a file. Choose another --out.`,
    );
  const psbt = new Uint8Array(readLimited(inPath, MAX_PSBT_BYTES * 2));
  // Everything that does not depend on the wallet is refused before any child-key file is read.
  try {
    checkPsbt(psbt, options);
  } catch (e) {
    if (isJointKeyError(e)) throw new JointKeyError(e.code, `${inPath}: ${e.message}`);
    throw e;
  }
  const request: SignRequest = { kind: 'bitcoin-psbt', psbt, options };
  let description: string[] = [];
  const opened = await openSession(positionals, values['data-dir'], values['passphrase-file'], values, (s) => {
    try {
      description = s.describe(request);
    } catch (e) {
      if (isJointKeyError(e)) throw new JointKeyError(e.code, `${inPath}: ${e.message}`);
      throw e;
    }
  });
  const r = run(opened, request);
  if (r.kind !== 'bitcoin-psbt') return;
  writeNewFile(out, Buffer.from(r.psbtBase64, 'base64'));
  printJson({
    description,
    out,
    signedInputs: r.signedInputs,
    complete: r.complete,
    ...(r.txHex !== undefined ? { txHex: r.txHex } : {}),
    ...logSigned(values['data-dir'], opened, description, r),
  });
}

/**
 * The wallet's curve and Bitcoin keys from a record file, a set id in the data folder, or a plain
 * child-key file (which carries its wallet's public key: enough for a wallet whose key is its Bitcoin
 * key; a standard SLIP-39 wallet's file carries only its master key, so its record is needed).
 */
function walletOf(
  target: string,
  dataDir: string,
): {
  curve: string | null | undefined;
  keys: Parameters<typeof walletDescriptors>[0] | undefined;
  label: string;
  signsPsbt: boolean;
} {
  const fromRecord = (w: Wallet) => ({
    curve: w.record.curve,
    keys: w.bitcoinKeys(),
    label: w.record.label,
    signsPsbt: w.kind.signsPsbt,
  });
  if (/^[0-9a-f]{32}$/.test(target) && !existsSync(target)) {
    const found = findWalletRecord(dataDir, target);
    if (!found)
      throw new JointKeyError(
        'FILE_NOT_FOUND',
        `No wallet record with id ${target} is in ${dataDir}. Run "jointkey wallet list" to see the ids, or give --data-dir.`,
      );
    return fromRecord(found.wallet);
  }
  const bytes = readLimited(target, 1024 * 1024);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'jointkey-wallet')
    return fromRecord(walletFromJson(json));
  const read = readChildKeyFile(target).read;
  try {
    return {
      curve: read.curve,
      // Only a JointKey or raw-key SLIP-39 file's wallet id is the key of its Bitcoin addresses.
      keys: ['jointkey', 'slip39'].includes(read.kind.id) ? read.walletId?.slice() : undefined,
      label: read.walletLabel ?? '',
      signsPsbt: read.kind.signsPsbt,
    };
  } finally {
    read.wipe();
  }
}

export async function descriptorsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse('descriptors', args, { 'data-dir': { type: 'string' } }, true);
  if (values.help) return void process.stdout.write(DESCRIPTORS_HELP);
  if (positionals.length !== 1)
    throw usage(
      'Give one wallet: its record file, a child-key file, or its set id. Run "jointkey descriptors --help".',
    );
  const { curve, keys, label, signsPsbt } = walletOf(positionals[0] as string, values['data-dir'] ?? defaultDataDir());
  if (curve !== undefined && curve !== 'secp256k1')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `This wallet is ${curve === null ? 'a secret, not a key' : `an ${curve} wallet`}: only a secp256k1 wallet has Bitcoin addresses.`,
    );
  if (keys === undefined)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      signsPsbt
        ? 'This child key does not carry its wallet’s Bitcoin keys (a text-form child key, the words of a standard SLIP-39 wallet, whose keys are on BIP-32 paths, or a FROST child key). Give the wallet record, or its set id with --data-dir.'
        : 'This wallet has no Bitcoin address.',
    );
  const d = walletDescriptors(keys);
  printJson({
    wallet: label,
    descriptors: { wpkh: d.wpkh, tr: d.tr },
    ...(d.test ? { testDescriptors: d.test } : {}),
    networks: d.networks,
  });
}
