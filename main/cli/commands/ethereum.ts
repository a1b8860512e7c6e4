/**
 * `jointkey sign-erc20` and `jointkey sign-eth-message`: an ERC-20 transfer or approval composed and
 * described in the token's units, and EIP-191 / EIP-712 messages shown in full, each signed jointly
 * from child-key files (issue 15: nothing is signed that the screen cannot describe in plain words).
 */
import { getAddress, maxUint256, verifyMessage, verifyTypedData, type Hex, type TypedDataDefinition } from 'viem';
import { JointKeyError } from '../../core/errors.js';
import { type TokenInfo, checkTokenInfo, erc20CallData, parseTokenAmount } from '../../core/chains/eth-calls.js';
import { type EthTypedData, parseTypedData } from '../../core/chains/eth-messages.js';
import type { SignRequest, SignResult } from '../../core/wallet/session.js';
import { readLimited } from '../../files/atomic.js';
import { readTokenInfo } from '../../net/eth-rpc.js';
import { parse, required, usage } from '../output.js';
import { ETH_TX_OPTIONS, ethTxOf, signEthRequest } from './sign.js';

export const SIGN_ERC20_HELP = `Usage: jointkey sign-erc20 transfer --token ADDR --to ADDR --amount N
       jointkey sign-erc20 approve --token ADDR --spender ADDR (--amount N | --unlimited)
                 (--rpc URL | --decimals D --symbol S) --nonce N --chain-id N --max-fee-wei N
                 --max-priority-fee-wei N --gas N [--data-dir DIR] [--passphrase-file F]
                 [--from-keychain [--set-id SETID]] FILE…

Composes an ERC-20 token transfer or approval, describes it in the token's units ("Send 250 USDC to
0x…"; an unlimited approval flagged), signs it jointly, and prints {description, token, from, rawTx,
hash}. An amount with more decimals than the token has is refused before any child key is read.

  --token ADDR       the token's contract
  --amount N         in token units: 250, 0.5
  --unlimited        (approve) let the spender move all of this token, now and later
  --rpc URL          read the token's decimals and symbol from this node, and broadcast the signed
                     transaction to it (with --decimals/--symbol too, they must be the node's)
  --decimals D, --symbol S   the token's, when no node is asked: shown "as entered"
`;

export const SIGN_ETH_MESSAGE_HELP = `Usage: jointkey sign-eth-message (--personal TEXT | --personal-file F | --typed-data FILE)
                                [--data-dir DIR] [--passphrase-file F]
                                [--from-keychain [--set-id SETID]] FILE…

Signs an Ethereum message jointly, after showing it in full, and prints {description, address,
signature, digest, verified}: an EIP-191 personal message (personal_sign) given as text or as a
file's bytes, or EIP-712 typed data (eth_signTypedData_v4), a JSON file {domain, types,
primaryType, message} checked against its own schema and shown field by field. The signature (65
bytes r‖s‖v) is verified by recovering its signer and comparing it with the wallet's address.
`;

const MAX_PERSONAL_BYTES = 64 * 1024;

function decimalsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value) || Number(value) > 77)
    throw usage(`--decimals must be a whole number from 0 to 77, got "${value}"`);
  return Number(value);
}

/** The token's decimals and symbol: the node's (checked against any entered), or as entered. */
async function tokenInfo(
  token: string,
  rpc: string | undefined,
  decimals: number | undefined,
  symbol: string | undefined,
): Promise<TokenInfo> {
  if (rpc === undefined) {
    if (decimals === undefined || symbol === undefined)
      throw usage(
        'jointkey sign-erc20 needs the token’s decimals and symbol: give --rpc URL to read them from a node, or --decimals and --symbol.',
      );
    return checkTokenInfo({ decimals, symbol, source: 'entered' });
  }
  const read = await readTokenInfo(rpc, token as Hex);
  if ((decimals !== undefined && decimals !== read.decimals) || (symbol !== undefined && symbol !== read.symbol))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The node says the token ${token} is ${read.symbol.slice(0, 32)} with ${read.decimals} decimals, not what was entered (${symbol ?? read.symbol}, ${decimals ?? read.decimals} decimals). Check the token address.`,
    );
  return checkTokenInfo({ decimals: read.decimals, symbol: read.symbol, source: 'node' });
}

export async function signErc20Command(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-erc20',
    args,
    {
      token: { type: 'string' },
      to: { type: 'string' },
      spender: { type: 'string' },
      amount: { type: 'string' },
      unlimited: { type: 'boolean' },
      decimals: { type: 'string' },
      symbol: { type: 'string' },
      ...ETH_TX_OPTIONS,
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_ERC20_HELP);
  const [action, ...files] = positionals;
  if (action !== 'transfer' && action !== 'approve')
    throw usage('jointkey sign-erc20 needs transfer or approve first. Run "jointkey sign-erc20 --help".');
  const token = required(values.token, 'token', 'sign-erc20');
  if (action === 'transfer' && (values.spender !== undefined || values.unlimited))
    throw usage('A transfer has a recipient (--to), not a spender: --spender and --unlimited go with approve.');
  if (action === 'approve' && values.to !== undefined)
    throw usage('An approval names who may spend (--spender), not a recipient (--to).');
  const to =
    action === 'transfer' ? required(values.to, 'to', 'sign-erc20') : required(values.spender, 'spender', 'sign-erc20');
  if (values.unlimited && values.amount !== undefined) throw usage('Give --amount or --unlimited, not both.');
  const amountText = values.unlimited ? undefined : required(values.amount, 'amount', 'sign-erc20');
  const decimals = decimalsOption(values.decimals);
  if (values.symbol !== undefined && values.symbol.length > 32) throw usage('--symbol must be at most 32 characters');
  // The transaction's own fields first: a mistyped fee is refused before the node is asked.
  const base = ethTxOf(values, 'sign-erc20', token, 0n, '0x');
  const info = await tokenInfo(getAddress(token), values.rpc, decimals, values.symbol);
  const amount = amountText === undefined ? maxUint256 : parseTokenAmount(amountText, info.decimals, info.symbol);
  const request: SignRequest = {
    kind: 'eth-call',
    tx: { ...base, data: erc20CallData({ action, to, amount }) },
    call: { token: info },
  };
  await signEthRequest(files, values, request, {
    token: { address: getAddress(token), ...info },
  });
}

/** Reads a typed-data file (at most 1 MiB) and checks it: INVALID_TYPED_DATA when it is not JSON or off its schema. */
function readTypedData(path: string): EthTypedData {
  const text = readLimited(path, 1024 * 1024, {
    option: '--typed-data',
    noun: 'an EIP-712 typed-data JSON file',
  }).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JointKeyError(
      'INVALID_TYPED_DATA',
      `--typed-data ${path} is not JSON. Give the EIP-712 document {domain, types, primaryType, message} as JSON.`,
    );
  }
  return parseTypedData(json);
}

export async function signEthMessageCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'sign-eth-message',
    args,
    {
      personal: { type: 'string' },
      'personal-file': { type: 'string' },
      'typed-data': { type: 'string' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'from-keychain': { type: 'boolean' },
      'set-id': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(SIGN_ETH_MESSAGE_HELP);
  const given = [values.personal, values['personal-file'], values['typed-data']].filter((v) => v !== undefined);
  if (given.length !== 1)
    throw usage('jointkey sign-eth-message needs one of --personal TEXT, --personal-file F or --typed-data FILE.');
  let request: SignRequest;
  if (values['typed-data'] !== undefined)
    request = { kind: 'eth-typed-data', typedData: readTypedData(values['typed-data']) };
  else {
    const message =
      values.personal !== undefined
        ? new TextEncoder().encode(values.personal)
        : new Uint8Array(
            readLimited(values['personal-file'] as string, MAX_PERSONAL_BYTES, {
              option: '--personal-file',
              noun: 'a message of at most 64 KiB',
            }),
          );
    if (message.length === 0) throw usage('The message is empty: there is nothing to sign.');
    request = { kind: 'eth-personal', message };
  }
  // viem verifies the signature too, independently of the core's own recovery.
  const verify = async (r: SignResult) => {
    if (r.kind !== 'eth-message') throw new Error('an Ethereum message came back as another kind');
    const address = r.address as Hex;
    const signature = r.signature as Hex;
    const ok =
      request.kind === 'eth-personal'
        ? await verifyMessage({ address, message: { raw: request.message }, signature })
        : request.kind === 'eth-typed-data'
          ? await verifyTypedData({ ...(request.typedData as unknown as TypedDataDefinition), address, signature })
          : false;
    if (!ok) throw new Error('the signature did not verify against the wallet’s address');
    return { verified: true };
  };
  await signEthRequest(positionals, values, request, {}, verify);
}
