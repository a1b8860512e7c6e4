/**
 * Broadcast, the method's last step: send a signed Ethereum transaction to the configured JSON-RPC
 * endpoint (viem's HTTP transport) and wait for its receipt. Only the endpoint the user configured
 * is contacted.
 */
import { createPublicClient, erc20Abi, http, type Hex } from 'viem';
import { JointKeyError } from '../core/errors.js';

export interface BroadcastResult {
  hash: Hex;
  receipt: { status: 'success' | 'reverted'; blockNumber: string; gasUsed: string; from: string; to: string | null };
}

function client(rpcUrl: string) {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `"${rpcUrl}" is not a URL. Give the JSON-RPC endpoint, like http://127.0.0.1:8545.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The JSON-RPC endpoint must be http:// or https://, not ${url.protocol}`,
    );
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 30_000 }) });
}

/** Sends `rawTx` and waits for its receipt (up to `timeoutMs`). Errors say what the node answered. */
export async function broadcastTransaction(rpcUrl: string, rawTx: Hex, timeoutMs = 60_000): Promise<BroadcastResult> {
  const c = client(rpcUrl);
  let hash: Hex;
  try {
    hash = await c.sendRawTransaction({ serializedTransaction: rawTx });
  } catch (e) {
    const detail = (e as { shortMessage?: string }).shortMessage ?? 'no answer';
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The node at ${rpcUrl} did not accept the transaction: ${detail}. Check the endpoint, the nonce and the wallet's balance.`,
    );
  }
  try {
    const r = await c.waitForTransactionReceipt({ hash, timeout: timeoutMs, pollingInterval: 250 });
    return {
      hash,
      receipt: {
        status: r.status,
        blockNumber: r.blockNumber.toString(),
        gasUsed: r.gasUsed.toString(),
        from: r.from,
        to: r.to,
      },
    };
  } catch {
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The transaction ${hash} was sent, but no receipt came within ${timeoutMs / 1000} s. Check it on the node before sending again.`,
    );
  }
}

/** The node's view of an address: balance (wei) and nonce. */
export async function accountState(rpcUrl: string, address: Hex): Promise<{ balanceWei: bigint; nonce: number }> {
  const c = client(rpcUrl);
  const [balanceWei, nonce] = await Promise.all([c.getBalance({ address }), c.getTransactionCount({ address })]);
  return { balanceWei, nonce };
}

/**
 * An ERC-20 token's decimals and symbol, read from the node (the token contract's decimals() and
 * symbol()). Throws JointKeyError INVALID_ARGUMENT when the address answers neither: not a token on
 * this node's chain, or the node did not answer.
 */
export async function readTokenInfo(rpcUrl: string, token: Hex): Promise<{ decimals: number; symbol: string }> {
  const c = client(rpcUrl);
  try {
    const [decimals, symbol] = await Promise.all([
      c.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
      c.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
    ]);
    return { decimals, symbol };
  } catch (e) {
    const detail = (e as { shortMessage?: string }).shortMessage ?? 'no answer';
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The node at ${new URL(rpcUrl).origin} did not give the decimals and symbol of the token ${token}: ${detail}. Check the token address and that the node is on its chain, or give --decimals and --symbol.`,
    );
  }
}
