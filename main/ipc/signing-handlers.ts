/**
 * The handlers the Import, Joint signing and Health check screens need beyond the session itself
 * (main/ipc/handlers.ts): a file dialog, a preview of a child-key file before it is stored, live
 * feedback on a typed child key, saving and broadcasting a signed result, and the Ethereum endpoint
 * setting. Plain Node, no Electron: the file dialog is a function of the context (Electron's
 * dialog.showOpenDialog in main/index.ts; the tests give their own).
 *
 * A finished session's public result (signature or signed transaction, with what was signed) is kept
 * in `results` until the session is closed or idle past the limit, so it can be saved and broadcast;
 * it never holds key material.
 */
import { join } from 'node:path';
import { bytesToHex } from '../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import type { SignResult } from '../core/session.js';
import { checkTypedChildKey } from '../core/text-check.js';
import { ensureDir, writeNewFile } from '../files/atomic.js';
import { openChildKeyFile, wipeRead } from '../files/child-key-files.js';
import { checkEndpoint, readSettings, writeSettings } from '../files/settings.js';
import { findWalletRecord, slip39WalletOf } from '../files/wallet-store.js';
import { slip39WalletIdOf } from '../core/slip39-wallet.js';
import { keychainId, type OsKeychain } from '../keychain/os-keychain.js';
import { broadcastTransaction } from '../net/eth-rpc.js';
import type { Handler } from './contract.js';

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

export interface SigningExtrasContext {
  dataDir: string;
  keychain: OsKeychain;
  now: () => number;
  idleMs: number;
  /** Asks the person to choose a child-key file: its path, or null if they cancelled. */
  chooseFile: (purpose: 'child-key') => Promise<string | null> | string | null;
  /** Signed sessions' public results, by session id. */
  results: Map<string, FinishedSession>;
}

export const NO_FILE_DIALOG = (): never => {
  throw new JointKeyError(
    'INVALID_ARGUMENT',
    'This window cannot open a file dialog. Type the child key’s words instead, or use the jointkey command line.',
  );
};

type ExtraChannel =
  | 'dialog/open-file'
  | 'keychain/inspect'
  | 'childkey/check-text'
  | 'session/save-result'
  | 'session/broadcast'
  | 'settings/get'
  | 'settings/set-eth-endpoint';

const RESULT_GONE =
  'This signed result is no longer here: the session was closed (Done) or left idle. Nothing was lost if you saved it; otherwise sign again.';

/** Drops results idle past the limit. */
function expireResults(ctx: SigningExtrasContext): void {
  const now = ctx.now();
  for (const [id, r] of ctx.results) if (now - r.lastUsed > ctx.idleMs) ctx.results.delete(id);
}

function finished(ctx: SigningExtrasContext, sessionId: string): FinishedSession {
  expireResults(ctx);
  const r = ctx.results.get(sessionId);
  if (!r) throw new JointKeyError('INVALID_ARGUMENT', RESULT_GONE);
  r.lastUsed = ctx.now();
  return r;
}

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

/** Called by session/sign: keeps the public result for save and broadcast. */
export function rememberResult(
  ctx: SigningExtrasContext,
  sessionId: string,
  f: Omit<FinishedSession, 'signedAt' | 'lastUsed'>,
): void {
  expireResults(ctx);
  ctx.results.set(sessionId, { ...f, signedAt: ctx.now(), lastUsed: ctx.now() });
}

/**
 * A typed child key the session refused with CHECKSUM_MISMATCH, said with where the typo most
 * likely is (from {@link checkTypedChildKey}); any other refusal as it is.
 */
export function withTypoLocation(e: unknown, text: string): unknown {
  if (!isJointKeyError(e) || e.code !== 'CHECKSUM_MISMATCH') return e;
  const c = checkTypedChildKey(text);
  if (c.state !== 'typo' || c.group === undefined) return e;
  return new JointKeyError('CHECKSUM_MISMATCH', `This child key has a typo. ${c.message}`);
}

export function createSigningExtraHandlers(ctx: SigningExtrasContext): { [C in ExtraChannel]: Handler<C> } {
  return {
    'dialog/open-file': async ({ purpose }) => ({ path: (await ctx.chooseFile(purpose)) ?? null }),

    'keychain/inspect': async ({ path, passphrase }) => {
      let read;
      try {
        read = await openChildKeyFile(path, passphrase);
      } catch (e) {
        if (isJointKeyError(e) && e.code === 'PASSPHRASE_NEEDED')
          throw new JointKeyError(
            'PASSPHRASE_NEEDED',
            'This child-key file is encrypted: enter its passphrase (the one you chose when the wallet was created).',
          );
        throw e;
      }
      const inKeychain = async (id: string) => {
        try {
          return (await ctx.keychain.list()).some((e) => e.id === id);
        } catch {
          return null;
        }
      };
      try {
        if (read.kind !== 'jointkey') {
          const wallet = slip39WalletOf(ctx.dataDir, read);
          const setId = bytesToHex(slip39WalletIdOf(wallet));
          const index = read.slip39.share.memberIndex + 1;
          return {
            id: `${setId}/${index}`,
            setId,
            index,
            parties: wallet.labels.length,
            threshold: wallet.threshold,
            wallet: wallet.walletLabel,
            holder: wallet.labels[index - 1] ?? '',
            encrypted: read.encrypted,
            walletKnown: true,
            inKeychain: await inKeychain(`${setId}/${index}`),
          };
        }
        const ck = read.childKey;
        const setId = bytesToHex(ck.setId);
        const record = findWalletRecord(ctx.dataDir, setId);
        const set = read.set ?? record?.set;
        if (!set)
          throw new JointKeyError(
            'INVALID_ARGUMENT',
            `${path} holds a child key in text form, without its wallet’s public data, and this computer has no record of that wallet. Choose the child-key file (*.jointkey.json or *.jointkey.age) instead.`,
          );
        const id = keychainId(ck);
        return {
          id,
          setId,
          index: ck.index,
          parties: ck.parties,
          threshold: ck.threshold,
          wallet: set.walletLabel,
          holder: ck.label,
          encrypted: read.encrypted,
          walletKnown: record !== undefined,
          inKeychain: await inKeychain(id),
        };
      } finally {
        wipeRead([read]);
      }
    },

    'childkey/check-text': ({ text }) => checkTypedChildKey(text),

    'session/save-result': ({ sessionId, folder }) => {
      const f = finished(ctx, sessionId);
      const dir = folder ?? join(ctx.dataDir, 'signed');
      if (folder === undefined) ensureDir(dir);
      const what = f.result.kind === 'eth-transfer' ? 'signed transfer' : 'signed message';
      const base = `${safeName(f.wallet.label)} - ${what} ${stamp(f.signedAt)}`;
      const content = resultFile(f);
      for (let n = 1; n <= 50; n++) {
        const path = join(dir, `${base}${n > 1 ? ` (${n})` : ''}.json`);
        try {
          writeNewFile(path, content);
          return { path };
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
    },

    'session/broadcast': async ({ sessionId, endpoint }) => {
      const f = finished(ctx, sessionId);
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
      return { endpoint: url, hash: sent.hash, status: sent.receipt.status, blockNumber: sent.receipt.blockNumber };
    },

    'settings/get': () => ({ ethEndpoint: readSettings(ctx.dataDir).ethEndpoint }),

    'settings/set-eth-endpoint': ({ endpoint }) => {
      const ethEndpoint = endpoint === null ? null : checkEndpoint(endpoint);
      writeSettings(ctx.dataDir, { ...readSettings(ctx.dataDir), ethEndpoint });
      return { ethEndpoint };
    },
  };
}

/** Wipes nothing (results are public) but forgets a session's result: on Done / session/close. */
export function forgetResult(ctx: SigningExtrasContext, sessionId: string): void {
  ctx.results.delete(sessionId);
}
