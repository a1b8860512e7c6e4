/**
 * The handlers of FROST signing across computers (`frost/…`), in plain Node: the app's side of
 * `jointkey frost request|commit|respond|aggregate` (main/cli/commands/frost.ts), over the same core
 * (main/core/wallet/frost-rounds.ts) and the same nonce store (main/files/frost-nonces.ts).
 *
 * The page names the files to read (chosen in main's open dialog) and never where to write: every file
 * is written where the person chooses in main's own save dialog, asked before anything is made. Only
 * public data crosses to the renderer: the request's words, wallet and signers, the paths written, a
 * signature. A child key, a signing share and a nonce stay here, are wiped once used, and a handler
 * reads one child key at a time — a second answer while one is under way is refused.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hexToBytesStrict } from '../core/bytes.js';
import { JointKeyError } from '../core/errors.js';
import { MAX_PSBT_BYTES, addTaprootSignatures } from '../core/chains/bitcoin/psbt.js';
import { describeRequest } from '../core/wallet/session.js';
import {
  type FrostRequest,
  frostAggregate,
  frostCommit,
  frostPsbtRequest,
  frostRequest,
  frostRequestFromJson,
  frostRespond,
} from '../core/wallet/frost-rounds.js';
import type { ChildKeyRead } from '../core/wallet/kind.js';
import {
  FROST_KIND,
  type FrostChildKey,
  frostChildKeyOf,
  frostPsbtWallet,
  frostWalletRecordFromJson,
} from '../core/wallet/kinds/frost.js';
import { readChildKey } from '../core/wallet/kinds/index.js';
import { type Confirm, requireConfirmation } from '../dialogs/confirm.js';
import { readLimited, writeNewFile } from '../files/atomic.js';
import { openEnteredFile } from '../files/child-key-files.js';
import { saveNonces, takeNonces } from '../files/frost-nonces.js';
import type { Handlers, Request, Response } from '../ipc/contract.js';
import type { OsKeychain } from '../keychain/os-keychain.js';
import { describedForLog, recordUse } from '../wallets/log.js';
import { findWalletRecord } from '../wallets/store.js';
import { refuseSuperseded } from '../wallets/superseded.js';

type FrostChannel = Extract<keyof Handlers, `frost/${string}`>;
type ChildKeyInput = Request<'frost/commit'>['childKey'];
type Summary = Response<'frost/open-request'>;

/** What a file main saves is: names the save dialog's title and filter. */
export type SavePurpose = 'frost-request' | 'frost-commitment' | 'frost-share' | 'signed-psbt';

export interface FrostContext {
  dataDir: string;
  keychain: OsKeychain;
  confirm: Confirm;
  /** Main's save dialog: where to write a new file (`defaultName` offered); null when the person cancels. */
  chooseSaveFile: (options: { purpose: SavePurpose; defaultName: string }) => Promise<string | null>;
}

export const NO_SAVE_DIALOG = (): never => {
  throw new JointKeyError(
    'INVALID_ARGUMENT',
    'This window cannot open a save dialog. Use the JointKey app, or the jointkey frost command line.',
  );
};

const MAX_FROST_FILE = 4 * 1024 * 1024;

function readJson(path: string, what: string): unknown {
  const text = readLimited(path, MAX_FROST_FILE, { noun: `a ${what} file` }).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new JointKeyError(
      'TAMPERED_FILE',
      `${basename(path)} is not a ${what} (not JSON). Choose the file the ${what} was saved in.`,
    );
  }
}

/** The request in `path`, checked to be the one the person read (`requestHash`). */
function requestAt(path: string, requestHash?: string): FrostRequest {
  const req = frostRequestFromJson(readJson(path, 'signing request'));
  if (requestHash !== undefined && req.hash !== requestHash)
    throw new JointKeyError(
      'REQUEST_CHANGED',
      `${basename(path)} is not the request you read: it was changed or replaced since. Open the request again and read it before answering.`,
    );
  return req;
}

function summaryOf(req: FrostRequest): Summary {
  const w = req.json.wallet;
  return {
    requestId: req.json.id,
    requestHash: req.hash,
    kind: req.psbt === undefined ? 'message' : 'bitcoin-psbt',
    createdAt: req.json.createdAt,
    wallet: { id: w.walletId, label: w.label, algo: w.algo, threshold: w.threshold, holders: [...w.holders] },
    whatIsSigned: [...req.json.whatIsSigned],
    signers: req.json.signers.map((index) => ({ index, label: w.holders[index - 1] ?? `Holder ${index}` })),
  };
}

/** A short, safe piece of a file name. */
const namePart = (s: string) =>
  s
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .trim()
    .slice(0, 40) || 'wallet';

function messageOf(what: Extract<Request<'frost/make-request'>['what'], { kind: 'message' }>): Uint8Array {
  if (what.encoding === 'utf8') return new TextEncoder().encode(what.message);
  try {
    return hexToBytesStrict(what.message.startsWith('0x') ? what.message.slice(2) : what.message, 'message');
  } catch {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'The message is not hex: give an even number of the digits 0–9 and a–f, or sign it as text.',
    );
  }
}

export function createFrostHandlers(ctx: FrostContext): Pick<Handlers, FrostChannel> {
  /** One child key at a time in this process: set while a holder's answer is being made. */
  let holding = false;

  /**
   * Reads the one child key a holder entered (typed, their file, this computer's keychain — as the
   * signing screen takes it), as a FROST child key of the request's wallet, runs `use`, and wipes it.
   */
  async function withChildKey<T>(
    input: ChildKeyInput,
    req: FrostRequest,
    purpose: string,
    use: (ck: FrostChildKey) => Promise<T> | T,
  ): Promise<T> {
    if (holding)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'JointKey is already answering with a child key. Finish that answer first: one child key at a time.',
      );
    holding = true;
    let read: ChildKeyRead | undefined;
    let ck: FrostChildKey | undefined;
    try {
      if (input.kind === 'text') read = readChildKey(input.text, { from: 'typed' }, FROST_KIND);
      else if (input.kind === 'keychain')
        read = readChildKey(await ctx.keychain.read(input.id), { from: 'keychain', id: input.id }, FROST_KIND);
      else read = (await openEnteredFile(input.path, input.passphrase)).read;
      if (read.kind !== FROST_KIND)
        throw new JointKeyError(
          'DIFFERENT_SCHEME',
          `This is ${read.kind.noun}, not a FROST child key: only a FROST wallet signs across computers. Enter your child key of ${req.wallet.walletLabel || 'this wallet'}.`,
        );
      refuseSuperseded(ctx.dataDir, read);
      ck = frostChildKeyOf(read, req.wallet);
      if (input.kind === 'keychain' || purpose === 'sign')
        await requireConfirmation(
          ctx.confirm,
          {
            title:
              purpose === 'sign'
                ? 'JointKey — sign a share'
                : 'JointKey — use a child key from this computer’s keychain',
            message: `${purpose === 'sign' ? 'Sign your share' : 'Answer round 1'} with ${ck.label}’s child key of ${req.wallet.walletLabel || 'this wallet'}: ${req.json.whatIsSigned[0] ?? ''}${req.json.whatIsSigned.length > 1 ? ' …' : ''}?`,
            detail: req.json.whatIsSigned,
            confirmLabel: purpose === 'sign' ? 'Sign' : `Use ${ck.label}’s child key`,
          },
          `Nothing was done with ${ck.label}’s child key: it was not confirmed in JointKey’s own dialog. Answer again and confirm in that dialog.`,
        );
      return await use(ck);
    } finally {
      ck?.signingShare.fill(0);
      read?.wipe();
      holding = false;
    }
  }

  const ask = (purpose: SavePurpose, defaultName: string) => ctx.chooseSaveFile({ purpose, defaultName });

  return {
    'frost/make-request': async ({ walletId, what, signers }) => {
      const found = findWalletRecord(ctx.dataDir, walletId);
      if (!found)
        throw new JointKeyError(
          'FILE_NOT_FOUND',
          `No wallet record with this id is in ${join(ctx.dataDir, 'wallets')}. Reload the list of wallets and choose one from it.`,
        );
      if (found.wallet.record.scheme !== 'frost')
        throw new JointKeyError(
          'DIFFERENT_SCHEME',
          `${found.wallet.record.label || 'This wallet'} is not a FROST wallet: only a FROST wallet signs across computers. Sign it here, with the holders’ child keys together.`,
        );
      const wallet = frostWalletRecordFromJson(found.wallet.record).wallet;
      let req: FrostRequest;
      try {
        if (what.kind === 'bitcoin-psbt') {
          const psbt = new Uint8Array(readLimited(what.path, MAX_PSBT_BYTES * 2, { noun: 'a PSBT file' }));
          req = frostPsbtRequest(
            wallet,
            psbt,
            { network: what.network, acceptHighFee: what.acceptHighFee === true },
            signers,
            randomBytes(16),
            new Date().toISOString(),
          );
        } else {
          const message = messageOf(what);
          const lines = describeRequest({ kind: 'message', algo: wallet.algo, message });
          req = frostRequest(wallet, message, lines, signers, randomBytes(16), new Date().toISOString());
        }
      } catch (e) {
        if (e instanceof RangeError || e instanceof TypeError)
          throw new JointKeyError('INVALID_ARGUMENT', `${e.message}. Correct it and try again.`);
        throw e;
      }
      const path = await ask(
        'frost-request',
        `${namePart(wallet.walletLabel)} - request ${req.json.id.slice(0, 8)}.json`,
      );
      if (path !== null) writeNewFile(path, `${JSON.stringify(req.json, null, 2)}\n`);
      return { path, request: summaryOf(req) };
    },

    'frost/open-request': ({ path }) => summaryOf(requestAt(path)),

    'frost/commit': async ({ path, requestHash, childKey }) => {
      const req = requestAt(path, requestHash);
      return withChildKey(childKey, req, 'commit', async (ck) => {
        // Where it goes first: a cancelled dialog leaves no nonces behind.
        const out = await ask('frost-commitment', `${namePart(ck.label)} - commitment ${req.json.id.slice(0, 8)}.json`);
        if (out === null) return { path: null, holder: { index: ck.index, label: ck.label } };
        const { commitment, nonces } = frostCommit(req, ck);
        let noncePath: string;
        try {
          noncePath = saveNonces(ctx.dataDir, { id: req.json.id, hash: req.hash }, ck.index, ck.signingShare, nonces);
        } finally {
          nonces.hiding.fill(0);
          nonces.binding.fill(0);
        }
        try {
          writeNewFile(out, `${JSON.stringify(commitment, null, 2)}\n`);
        } catch (e) {
          // The commitment was never published: its nonces may go, so the holder can answer again.
          unlinkSync(noncePath);
          throw e;
        }
        return { path: out, holder: { index: ck.index, label: ck.label } };
      });
    },

    'frost/respond': async ({ path, requestHash, commitments, childKey }) => {
      const req = requestAt(path, requestHash);
      const given = commitments.map((p) => readJson(p, 'commitment'));
      return withChildKey(childKey, req, 'sign', async (ck) => {
        const out = await ask('frost-share', `${namePart(ck.label)} - share ${req.json.id.slice(0, 8)}.json`);
        if (out === null) return { path: null, holder: { index: ck.index, label: ck.label } };
        const nonces = takeNonces(ctx.dataDir, { id: req.json.id, hash: req.hash }, ck.index, ck.signingShare);
        try {
          const share = frostRespond(req, given, ck, nonces);
          writeNewFile(out, `${JSON.stringify(share, null, 2)}\n`);
          return { path: out, holder: { index: ck.index, label: ck.label } };
        } finally {
          nonces.hiding.fill(0);
          nonces.binding.fill(0);
        }
      });
    },

    'frost/aggregate': async ({ path, requestHash, commitments, shares }) => {
      const req = requestAt(path, requestHash);
      const c = commitments.map((p) => readJson(p, 'commitment'));
      const s = shares.map((p) => readJson(p, 'signature share'));
      const { signatureHex, signaturesHex, publicKeyHex } = frostAggregate(req, c, s);
      // The wallet's record of use on this computer (the coordinator's) notes the signature: who
      // answered (each on their own computer) and what they read. Public data only.
      const logSigned = (signature: string | null) => {
        if (!findWalletRecord(ctx.dataDir, req.json.wallet.walletId)) return;
        recordUse(ctx.dataDir, req.json.wallet.walletId, 'signed', {
          holders: req.json.signers.map((index) => ({
            index,
            label: req.json.wallet.holders[index - 1] ?? '',
            from: 'own-computer' as const,
          })),
          description: describedForLog(req.json.whatIsSigned),
          signature,
          txHash: null,
        });
      };
      if (req.psbt === undefined) {
        if (signatureHex === undefined) throw new Error('a message request aggregated without its signature');
        logSigned(signatureHex);
        return { kind: 'message' as const, algo: req.wallet.algo, publicKeyHex, signatureHex };
      }
      const signed = addTaprootSignatures(
        req.psbt.bytes,
        frostPsbtWallet(req.wallet),
        req.psbt.options,
        signaturesHex.map((h) => hexToBytesStrict(h, 'signature')),
      );
      const out = await ask(
        'signed-psbt',
        `${namePart(req.wallet.walletLabel)} - signed ${req.json.id.slice(0, 8)}.psbt`,
      );
      if (out !== null) writeNewFile(out, signed.psbt);
      logSigned(null);
      return {
        kind: 'bitcoin-psbt' as const,
        path: out,
        signedInputs: signed.signedInputs,
        complete: signed.complete,
        ...(signed.txHex !== undefined ? { txHex: signed.txHex } : {}),
      };
    },
  };
}
