/**
 * Broadcast of a signed Solana transaction: `sendTransaction` to the JSON-RPC endpoint the user
 * gave, then `getSignatureStatuses` until the cluster confirms it (or says it failed). Only that
 * endpoint is contacted. Two JSON-RPC calls over Node's fetch: @solana/rpc would bring a dozen
 * packages for them.
 */
import { JointKeyError } from '../core/errors.js';

export interface SolBroadcastResult {
  /** The transaction's id (its signature, base58), as the cluster returned it. */
  signature: string;
  /** 'confirmed' or 'finalized'. */
  status: string;
  slot: number;
}

/** The endpoint's URL; INVALID_ARGUMENT, saying what to give, when it is not an http(s) URL. */
export function solEndpoint(rpcUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `"${rpcUrl}" is not a URL. Give the Solana JSON-RPC endpoint, like http://127.0.0.1:8899.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The Solana JSON-RPC endpoint must be http:// or https://, not ${url.protocol}`,
    );
  return url;
}

/** One JSON-RPC call: its result, or BROADCAST_FAILED saying what the endpoint answered. */
async function call(url: URL, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `No answer from the Solana endpoint ${url.origin} (${why}). Check the endpoint and your connection, then send the saved transaction again.`,
    );
  }
  let body: { result?: unknown; error?: { message?: string } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The Solana endpoint ${url.origin} answered ${res.status} without JSON-RPC. Check it is a Solana RPC endpoint.`,
    );
  }
  if (body.error !== undefined)
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The Solana endpoint ${url.origin} did not accept ${method}: ${String(body.error.message ?? 'no reason given').slice(0, 500)}. Check the blockhash is recent (about a minute) and from this network, and the wallet's balance.`,
    );
  return body.result;
}

/**
 * Sends `transactionBase64` (a signed wire transaction) and waits up to `timeoutMs` for the cluster
 * to confirm it. BROADCAST_FAILED, saying what to do, when it is refused, fails or is not confirmed.
 */
export async function broadcastSolTransaction(
  rpcUrl: string,
  transactionBase64: string,
  timeoutMs = 60_000,
): Promise<SolBroadcastResult> {
  const url = solEndpoint(rpcUrl);
  const signature = await call(
    url,
    'sendTransaction',
    [transactionBase64, { encoding: 'base64', preflightCommitment: 'confirmed' }],
    30_000,
  );
  if (typeof signature !== 'string')
    throw new JointKeyError(
      'BROADCAST_FAILED',
      `The Solana endpoint ${url.origin} answered sendTransaction without a signature. Check it is a Solana RPC endpoint.`,
    );
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = (await call(url, 'getSignatureStatuses', [[signature]], 30_000)) as {
      value?: ({ slot: number; err: unknown; confirmationStatus?: string } | null)[];
    };
    const s = r?.value?.[0];
    if (s && s.err !== null && s.err !== undefined)
      throw new JointKeyError(
        'BROADCAST_FAILED',
        `The transaction ${signature} was sent but failed on the cluster: ${JSON.stringify(s.err).slice(0, 300)}. Check the wallet's balance and the recipient.`,
      );
    if (s && (s.confirmationStatus === 'confirmed' || s.confirmationStatus === 'finalized'))
      return { signature, status: s.confirmationStatus, slot: s.slot };
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  throw new JointKeyError(
    'BROADCAST_FAILED',
    `The transaction ${signature} was sent, but was not confirmed within ${timeoutMs / 1000} s. Look it up on the cluster before sending again; once its blockhash expires (about a minute) it cannot land.`,
  );
}
