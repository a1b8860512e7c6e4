/** `jointkey sign-sol-transfer`: a Solana SOL transfer from an Ed25519 wallet, signed jointly. */
import { base58 } from '@scure/base';
import { bytesToHex } from '../../core/bytes.js';
import { parseSolAmount } from '../../core/chains/solana.js';
import { JointKeyError } from '../../core/errors.js';
import { type SignRequest, describeRequest } from '../../core/wallet/session.js';
import { broadcastSolTransaction, solEndpoint } from '../../net/sol-rpc.js';
import { recordUse } from '../../wallets/log.js';
import { parse, printJson, required } from '../output.js';
import { logSigned, openSession, run } from './sign.js';

export const SIGN_SOL_HELP = `Usage: jointkey sign-sol-transfer --to ADDR --amount SOL --blockhash HASH [--fee-payer ADDR]
                                 [--rpc URL] [--data-dir DIR] [--passphrase-file F]
                                 [--from-keychain [--set-id SETID]] FILE…

Signs a Solana transfer of SOL from the address of the Ed25519 wallet the child keys restore (its
base58 public key): one System Program transfer, this wallet the sender, fee payer and only signer.
It is described in plain words — amount in SOL and lamports, recipient, blockhash, fee — and refused
when wrong, before any child-key file is read. Prints {description, from, signature, transaction,
transactionBase58}: the wire transaction in base64 and base58; its signature is the transaction id.
With --rpc it is also sent to that Solana JSON-RPC endpoint (sendTransaction) and confirmed, and
{broadcast: true, status, slot} is added; without it nothing is sent: broadcast the transaction
yourself (see docs/cli.md), before the blockhash expires.

  --to ADDR          the recipient's Solana address (base58)
  --amount SOL       the amount in SOL, up to 9 decimals (1.5; 0.000000001 is 1 lamport)
  --blockhash HASH   a recent blockhash of the network you send on, from the RPC method
                     getLatestBlockhash; valid for about a minute (150 blocks)
  --fee-payer ADDR   who pays the fee: only this wallet's own address is accepted (the default)
  --rpc URL          send it to this Solana JSON-RPC endpoint (http or https) and wait for its
                     confirmation (up to a minute)
  --data-dir, --passphrase-file, --from-keychain, --set-id: as for "jointkey sign"
FROST Ed25519 wallets sign it too, share by share at one computer; secp256k1 wallets cannot.
`;

export async function signSolTransferCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-sol-transfer',
    args,
    {
      to: { type: 'string' },
      amount: { type: 'string' },
      blockhash: { type: 'string' },
      'fee-payer': { type: 'string' },
      rpc: { type: 'string' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_SOL_HELP);
  const request: SignRequest = {
    kind: 'sol-transfer',
    transfer: {
      to: required(values.to, 'to', 'sign-sol-transfer'),
      lamports: parseSolAmount(required(values.amount, 'amount', 'sign-sol-transfer')),
      recentBlockhash: required(values.blockhash, 'blockhash', 'sign-sol-transfer'),
      ...(values['fee-payer'] !== undefined ? { feePayer: values['fee-payer'] } : {}),
    },
  };
  // What does not depend on the wallet is refused before any child-key file is read.
  describeRequest(request);
  if (values.rpc !== undefined) solEndpoint(values.rpc);
  let description: string[] = [];
  const opened = await openSession(positionals, values['data-dir'], values['passphrase-file'], values, (s) => {
    description = s.describe(request);
  });
  const r = run(opened, request);
  if (r.kind !== 'sol-transfer') throw new Error('a Solana transfer came back as another kind');
  const out = {
    description,
    from: r.from,
    signature: r.signature,
    transaction: r.transactionBase64,
    transactionBase58: r.transactionBase58,
    ...logSigned(values['data-dir'], opened, description, r),
  };
  if (values.rpc === undefined) return printJson(out);
  const b = await broadcastSolTransaction(values.rpc, r.transactionBase64);
  if (b.signature !== r.signature)
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The Solana endpoint answered with the id ${b.signature}, not this transaction's ${r.signature}. Check the endpoint; look ${r.signature} up on the cluster before sending again.`,
    );
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && opened.wallet)
    recordUse(dataDir, opened.wallet.record.id, 'broadcast', {
      txHash: bytesToHex(base58.decode(r.signature)),
      endpoint: new URL(values.rpc).origin,
      status: b.status,
    });
  printJson({ ...out, broadcast: true, status: b.status, slot: b.slot });
}
