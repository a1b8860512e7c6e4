/**
 * Signed sessions' public results (a signature, or a signed transaction, with what was signed in
 * the holders' plain words), kept in main until the session is closed (Done) or idle past the limit,
 * so they can be saved and broadcast. They never hold key material.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import type { SignResult } from '../core/wallet/session.js';
import { ensureDir, writeNewFile } from '../files/atomic.js';

/** A signed session's public result, kept to be saved or broadcast. */
export interface FinishedSession {
  wallet: { id: string; label: string };
  result: Exclude<SignResult, { kind: 'health-check' }>;
  /** What was signed, in the plain words the holders read. */
  lines: string[];
  /** The message signed (hex), for a message. */
  messageHex?: string;
  signedAt: number;
  lastUsed: number;
}

/** What to do with a signed Solana transfer: JointKey sends nothing. */
export const SOL_BROADCAST =
  'Send transactionBase64 with the RPC method sendTransaction ({"encoding":"base64"}) to the network the recent blockhash came from, within about a minute of that block; then look up the signature (solana confirm SIGNATURE).';

const RESULT_GONE =
  'This signed result is no longer here: the session was closed (Done) or left idle. Nothing was lost if you saved it; otherwise sign again.';

/** "2026-11-24 031205" in UTC, for file names. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/:/g, '').slice(0, 17);
}

/** A wallet label made safe as part of a file name on every platform. */
function safeName(label: string): string {
  // eslint-disable-next-line no-control-regex
  const s = label.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-').replace(/^[.\s]+|[.\s]+$/g, '');
  return s.slice(0, 80) || 'Wallet';
}

/** The JSON file of a signed result: what was signed, in plain words, and the public result. */
export function resultFile(f: FinishedSession): string {
  const r = f.result;
  const body =
    r.kind === 'eth-transfer'
      ? { kind: r.kind, rawTransaction: r.rawTx, hash: r.hash, from: r.from }
      : r.kind === 'bitcoin-psbt'
        ? {
            kind: r.kind,
            psbtBase64: r.psbtBase64,
            signedInputs: r.signedInputs,
            complete: r.complete,
            ...(r.txHex !== undefined ? { rawTransaction: r.txHex } : {}),
          }
        : r.kind === 'eth-message'
          ? { kind: r.kind, signature: r.signature, address: r.address, digest: r.digest }
          : r.kind === 'sol-transfer'
            ? {
                kind: r.kind,
                from: r.from,
                signature: r.signature,
                transactionBase64: r.transactionBase64,
                transactionBase58: r.transactionBase58,
                broadcast: SOL_BROADCAST,
              }
            : {
                kind: r.kind,
                algo: r.algo,
                messageHex: f.messageHex,
                publicKeyHex: r.publicKeyHex,
                signatureHex: r.signatureHex,
              };
  return (
    JSON.stringify(
      {
        format: 'jointkey-signed/1',
        wallet: f.wallet,
        signedAt: new Date(f.signedAt).toISOString(),
        whatWasSigned: f.lines,
        ...body,
      },
      null,
      2,
    ) + '\n'
  );
}

/** The results, by session id, each dropped once idle past `idleMs`. */
export class SignedResults {
  readonly #entries = new Map<string, FinishedSession>();

  constructor(
    readonly now: () => number,
    readonly idleMs: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Drops results idle past the limit. */
  #expire(): void {
    const now = this.now();
    for (const [id, r] of this.#entries) if (now - r.lastUsed > this.idleMs) this.#entries.delete(id);
  }

  /** Called by session/sign: keeps the public result for save and broadcast. */
  remember(sessionId: string, f: Omit<FinishedSession, 'signedAt' | 'lastUsed'>): void {
    this.#expire();
    this.#entries.set(sessionId, { ...f, signedAt: this.now(), lastUsed: this.now() });
  }

  /** Session `sessionId`'s result; INVALID_ARGUMENT saying it is gone once closed or idle. */
  get(sessionId: string): FinishedSession {
    this.#expire();
    const r = this.#entries.get(sessionId);
    if (!r) throw new JointKeyError('INVALID_ARGUMENT', RESULT_GONE);
    r.lastUsed = this.now();
    return r;
  }

  /** Forgets a session's result (on Done / session/close): nothing to wipe, results are public. */
  forget(sessionId: string): void {
    this.#entries.delete(sessionId);
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * Saves session `sessionId`'s result as JSON in `folder` (default `<dataDir>/signed`), atomically,
   * never replacing a file ("WALLET - signed transfer DATE.json", then " (2)"…). Returns its path (and
   * `txPath`: a complete PSBT's raw transaction, NAME.txn; a Solana transfer's wire transaction, NAME.sol.txt).
   */
  save(sessionId: string, dataDir: string, folder?: string): { path: string; txPath?: string } {
    const f = this.get(sessionId);
    const dir = folder ?? join(dataDir, 'signed');
    if (folder === undefined) ensureDir(dir);
    const r = f.result;
    const what =
      r.kind === 'eth-transfer'
        ? 'signed transfer'
        : r.kind === 'bitcoin-psbt'
          ? 'signed PSBT'
          : r.kind === 'sol-transfer'
            ? 'signed SOL transfer'
            : 'signed message';
    const base = `${safeName(f.wallet.label)} - ${what} ${stamp(f.signedAt)}`;
    // A signed PSBT is saved as wallet software loads it: NAME.psbt (binary), and NAME.txn (the raw transaction, hex) when complete.
    const files: [string, string | Uint8Array][] =
      r.kind === 'bitcoin-psbt'
        ? [
            ['.psbt', Buffer.from(r.psbtBase64, 'base64')],
            ...(r.txHex !== undefined ? ([['.txn', `${r.txHex}\n`]] as [string, string][]) : []),
          ]
        : r.kind === 'sol-transfer'
          ? // The record, then the wire transaction alone (base64) as sendTransaction takes it.
            [
              ['.json', resultFile(f)],
              ['.sol.txt', `${r.transactionBase64}\n`],
            ]
          : [['.json', resultFile(f)]];
    for (let n = 1; n <= 50; n++) {
      const name = `${base}${n > 1 ? ` (${n})` : ''}`;
      const paths = files.map(([ext]) => join(dir, `${name}${ext}`));
      try {
        files.forEach(([, content], i) => {
          try {
            writeNewFile(paths[i] as string, content);
          } catch (e) {
            // The PSBT was written but its raw transaction's name was taken: start again under the next name.
            for (const p of paths.slice(0, i)) rmSync(p, { force: true });
            throw e;
          }
        });
        return { path: paths[0] as string, ...(paths[1] !== undefined ? { txPath: paths[1] } : {}) };
      } catch (e) {
        if (!isJointKeyError(e) || e.code !== 'FILE_EXISTS') {
          if (isJointKeyError(e) && e.code === 'FILE_UNREADABLE')
            throw new JointKeyError(
              'FILE_UNREADABLE',
              `Could not save the signed result in ${dir}. Check that the folder exists and that you may write to it, or choose another folder.`,
            );
          throw e;
        }
      }
    }
    throw new JointKeyError('FILE_EXISTS', `${dir} already holds many files of this name. Choose another folder.`);
  }
}
