/**
 * The main process's handlers of the IPC contract (main/ipc/contract.ts), in plain Node: no Electron,
 * so the tests run them as they are. Each takes a request dispatch has already validated, and returns
 * the reply's value or throws (dispatch turns a throw into `{ ok: false, code, message }`).
 *
 * Signing sessions live here, in a map owned by the context, never in the renderer. A session idle
 * longer than the context's `idleMs` is closed — its child keys wiped — the next time any session
 * handler runs. JS cannot guarantee zeroing (see main/core/session.ts).
 */
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { bytesToHex, hexToBytesStrict, wipe } from '../core/bytes.js';
import type { ChildKey } from '../core/child-key.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { SigningSession, type SignRequest } from '../core/session.js';
import { childKeyFromFile } from '../core/file-form.js';
import { childKeyFromText } from '../core/text-form.js';
import { Slip39SigningSession } from '../core/slip39-wallet.js';
import { nativePbkdf2 } from '../native/pbkdf2.js';
import { isSlip39File, slip39ChildKeyFromFile } from '../core/slip39/file-form.js';
import { type ChildKeyFromDisk, openChildKeyFile, wipeRead } from '../files/child-key-files.js';
import { findWalletRecord, listWalletRecords } from '../files/wallet-store.js';
import { storeChildKeyFile } from '../keychain/import-file.js';
import { OsKeychain } from '../keychain/os-keychain.js';
import { Ceremonies } from '../ceremony/ceremonies.js';
import { type CeremonyContext, createCeremonyHandlers, walletSummaryOf } from '../ceremony/handlers.js';
import type { Handlers, Request, Response } from './contract.js';
import {
  NO_FILE_DIALOG,
  type SigningExtrasContext,
  createSigningExtraHandlers,
  forgetResult,
  rememberResult,
  withTypoLocation,
} from './signing-handlers.js';

type WalletSummary = Response<'session/open'>['wallet'];
type WireSignRequest = Request<'session/describe'>['request'];

/** One open signing session and what it was asked to sign. */
export interface SessionEntry {
  /** A JointKey set's session, or a SLIP-39 wallet's. */
  session: SigningSession | Slip39SigningSession;
  wallet: WalletSummary;
  /** What `session/describe` fixed, and its canonical JSON (to tell a repeat from a change). */
  request?: { sign: SignRequest; key: string; kind: WireSignRequest['kind']; lines: string[] };
  lastUsed: number;
}

/** What the handlers work on: the data folder, the open sessions, and a clock (and the split ceremonies: main/ceremony/). */
export interface IpcContext extends CeremonyContext, SigningExtrasContext {
  /** The app's data folder (wallet records in `<dataDir>/wallets/`). */
  dataDir: string;
  sessions: Map<string, SessionEntry>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** A new session id (a random UUID). */
  newSessionId: () => string;
  /** A session idle this long is closed and its child keys wiped. */
  idleMs: number;
  /** At most this many sessions are open at once. */
  maxSessions: number;
  /** This computer's keychain (the tests give one under a service name of their own). */
  keychain: OsKeychain;
}

export const DEFAULT_IDLE_MS = 15 * 60 * 1000;

/** A context with secure defaults: the real clock, random session ids, a 15-minute idle limit. */
export function createContext(options: { dataDir: string } & Partial<Omit<IpcContext, 'dataDir'>>): IpcContext {
  return {
    sessions: new Map(),
    now: Date.now,
    newSessionId: randomUUID,
    idleMs: DEFAULT_IDLE_MS,
    maxSessions: 8,
    keychain: new OsKeychain(),
    ceremonies: new Ceremonies({ dataDir: options.dataDir }),
    documentsDir: join(homedir(), 'Documents'),
    showWords: () => {
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This window cannot show words. Save the file or the paper backup instead.',
      );
    },
    chooseFolder: () => {
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This window cannot open a folder dialog. Type the folder’s full path instead.',
      );
    },
    chooseFile: NO_FILE_DIALOG,
    results: new Map(),
    ...options,
  };
}

/** Closes every open session and abandons every split ceremony, wiping their keys (the app calls it before quitting). */
export function closeAllSessions(ctx: IpcContext): void {
  for (const entry of ctx.sessions.values()) entry.session.close();
  ctx.sessions.clear();
  ctx.results.clear();
  ctx.ceremonies.abandonAll();
}

function closeIdle(ctx: IpcContext): void {
  const now = ctx.now();
  for (const [id, entry] of ctx.sessions)
    if (now - entry.lastUsed > ctx.idleMs || entry.session.closed) {
      entry.session.close();
      ctx.sessions.delete(id);
    }
}

const SESSION_OVER =
  'This signing session is over: it was closed, timed out or finished, and its child keys were wiped. Open the wallet again to start a new session.';

function openSession(ctx: IpcContext, sessionId: string): SessionEntry {
  closeIdle(ctx);
  const entry = ctx.sessions.get(sessionId);
  if (!entry) throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
  entry.lastUsed = ctx.now();
  return entry;
}

/** Forgets a session the core has closed (it closes itself once it has signed). */
function forgetIfClosed(ctx: IpcContext, sessionId: string, entry: SessionEntry): void {
  if (entry.session.closed) ctx.sessions.delete(sessionId);
}

/** A child key as entered, read into the core's form. JointKeyError for anything a person can fix. */
async function readEntered(
  input: Request<'session/add-child-key'>['childKey'],
  keychain: OsKeychain,
): Promise<ChildKey> {
  if (input.kind === 'text')
    try {
      return childKeyFromText(input.text);
    } catch (e) {
      throw withTypoLocation(e, input.text);
    }
  if (input.kind === 'keychain') return childKeyFromFile(await keychain.read(input.id)).childKey;
  const read = await openFile(input.path, input.passphrase);
  if (read.kind === 'jointkey') return read.childKey;
  wipeRead([read]);
  throw new JointKeyError(
    'DIFFERENT_SCHEME',
    `${input.path} holds SLIP-39 words, and this wallet was split as JointKey child keys. Enter this holder’s JointKey child key (its file, or the words starting with jk1-).`,
  );
}

/**
 * A SLIP-39 holder's words as entered: typed, their file (a SLIP-39 child-key file or a bare
 * mnemonic, plain or encrypted). JointKeyError for anything a person can fix.
 */
async function readEnteredWords(
  input: Request<'session/add-child-key'>['childKey'],
  keychain: OsKeychain,
): Promise<string> {
  if (input.kind === 'text') return input.text;
  if (input.kind === 'keychain') {
    const text = await keychain.read(input.id);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!isSlip39File(value))
      throw new JointKeyError(
        'DIFFERENT_SCHEME',
        'This keychain entry holds a JointKey child key, and this wallet was split as SLIP-39 words. Choose your own entry, your file, or type your words.',
      );
    const k = slip39ChildKeyFromFile(value);
    wipe(k.share.value);
    return k.mnemonic;
  }
  const read = await openFile(input.path, input.passphrase);
  wipeRead([read]);
  if (read.kind === 'slip39') return read.slip39.mnemonic;
  throw new JointKeyError(
    'DIFFERENT_SCHEME',
    `${input.path} is a JointKey child key, and this wallet was split as SLIP-39 words. Choose this holder’s SLIP-39 file, or type their words.`,
  );
}

/** Opens a child-key file, plain or encrypted, in the app's words when it needs a passphrase. */
async function openFile(path: string, passphrase: string | undefined): Promise<ChildKeyFromDisk> {
  try {
    return await openChildKeyFile(path, passphrase);
  } catch (e) {
    if (isJointKeyError(e) && e.code === 'PASSPHRASE_NEEDED')
      throw new JointKeyError(
        'PASSPHRASE_NEEDED',
        `${path} is encrypted: enter its holder’s passphrase together with the file.`,
      );
    throw e;
  }
}

function toSignRequest(wire: WireSignRequest): SignRequest {
  if (wire.kind === 'eth-transfer') {
    const t = wire.tx;
    return {
      kind: 'eth-transfer',
      tx: {
        chainId: t.chainId,
        nonce: t.nonce,
        to: t.to,
        valueWei: BigInt(t.valueWei),
        gas: BigInt(t.gas),
        maxFeePerGasWei: BigInt(t.maxFeePerGasWei),
        maxPriorityFeePerGasWei: BigInt(t.maxPriorityFeePerGasWei),
        data: t.data,
      },
    };
  }
  let message: Uint8Array;
  if (wire.encoding === 'utf8') message = new TextEncoder().encode(wire.message);
  else
    try {
      message = hexToBytesStrict(wire.message.startsWith('0x') ? wire.message.slice(2) : wire.message, 'message');
    } catch {
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'The message is not hex: give an even number of the digits 0–9 and a–f, or sign it as text.',
      );
    }
  return { kind: 'message', algo: wire.algo, message };
}

/** The handlers, bound to a context. */
export function createHandlers(ctx: IpcContext): Handlers {
  return {
    ...createCeremonyHandlers(ctx),
    ...createSigningExtraHandlers(ctx),
    'wallets/list': () => {
      const folder = join(ctx.dataDir, 'wallets');
      const wallets: WalletSummary[] = [];
      const damaged: { file: string; code: string; message: string }[] = [];
      for (const e of listWalletRecords(ctx.dataDir))
        if ('record' in e) wallets.push(walletSummaryOf(e.record));
        else damaged.push({ file: basename(e.path), ...e.error });
      return { folder, wallets, damaged };
    },

    'session/open': ({ walletId }) => {
      closeIdle(ctx);
      const found = findWalletRecord(ctx.dataDir, walletId);
      if (!found)
        throw new JointKeyError(
          'FILE_NOT_FOUND',
          `No wallet record with this id is in ${join(ctx.dataDir, 'wallets')}. Reload the list of wallets and choose one from it.`,
        );
      if (ctx.sessions.size >= ctx.maxSessions)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          `${ctx.maxSessions} signing sessions are already open. Finish or cancel one of them first.`,
        );
      const session = found.slip39
        ? new Slip39SigningSession(found.slip39, nativePbkdf2)
        : new SigningSession(found.set);
      const sessionId = ctx.newSessionId();
      const wallet = walletSummaryOf(found.record);
      ctx.sessions.set(sessionId, { session, wallet, lastUsed: ctx.now() });
      return { sessionId, wallet, progress: session.progress() };
    },

    'session/add-child-key': async ({ sessionId, childKey }) => {
      const entry = openSession(ctx, sessionId);
      const refused = (e: unknown) => {
        if (!isJointKeyError(e)) throw e;
        return {
          progress: entry.session.progress(),
          last: { accepted: false as const, code: e.code, message: e.message },
        };
      };
      const session = entry.session;
      let taken: { take: () => ReturnType<SigningSession['progress']>; drop: () => void };
      try {
        if (session instanceof Slip39SigningSession) {
          const mnemonic = await readEnteredWords(childKey, ctx.keychain);
          taken = { take: () => session.add(mnemonic), drop: () => {} };
        } else {
          const ck = await readEntered(childKey, ctx.keychain);
          taken = { take: () => session.add(ck), drop: () => wipe(ck.share) };
        }
      } catch (e) {
        return refused(e);
      }
      // Reading a file (decrypting it) takes time: the session may have ended meanwhile.
      if (session.closed || ctx.sessions.get(sessionId) !== entry) {
        taken.drop();
        throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
      }
      try {
        const before = new Set(session.progress().entered.map((h) => h.index));
        const progress = taken.take();
        const holder = progress.entered.find((h) => !before.has(h.index));
        if (!holder) throw new Error('the session took a child key but does not list it');
        return { progress, last: { accepted: true as const, holder } };
      } catch (e) {
        return refused(e);
      }
    },

    'session/describe': ({ sessionId, request }) => {
      const entry = openSession(ctx, sessionId);
      const key = JSON.stringify(request);
      if (entry.request?.key === key) return { kind: entry.request.kind, lines: entry.request.lines };
      if (entry.session.progress().have > 0)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'Child keys were already entered for what was described before, so it cannot be changed now. Cancel this session and start a new one to sign something else.',
        );
      const sign = toSignRequest(request);
      let lines: string[];
      try {
        lines = entry.session.describe(sign);
      } catch (e) {
        if (e instanceof RangeError || e instanceof TypeError)
          throw new JointKeyError('INVALID_ARGUMENT', `${e.message}. Correct the transaction and try again.`);
        throw e;
      }
      entry.request = { sign, key, kind: request.kind, lines };
      return { kind: request.kind, lines };
    },

    'session/sign': ({ sessionId }) => {
      const entry = openSession(ctx, sessionId);
      if (!entry.request)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'Nothing to sign was described yet. Show the holders what they are signing first, then sign.',
        );
      try {
        const r = entry.session.sign(entry.request.sign);
        if (r.kind === 'health-check') throw new Error('a signing request came back as a health check');
        const sign = entry.request.sign;
        rememberResult(ctx, sessionId, {
          wallet: { id: entry.wallet.id, label: entry.wallet.label },
          result: r,
          lines: entry.request.lines,
          ...(sign.kind === 'message' ? { messageHex: bytesToHex(sign.message) } : {}),
        });
        return r;
      } finally {
        forgetIfClosed(ctx, sessionId, entry);
      }
    },

    'session/close': ({ sessionId }) => {
      const entry = ctx.sessions.get(sessionId);
      if (entry) {
        entry.session.close();
        ctx.sessions.delete(sessionId);
      }
      forgetResult(ctx, sessionId);
      closeIdle(ctx);
      return { closed: true };
    },

    'keychain/list': async () => ({ entries: await ctx.keychain.list() }),

    'keychain/import': async ({ path, passphrase }) => {
      const read = await openFile(path, passphrase);
      try {
        return { entry: await storeChildKeyFile(ctx.keychain, read, ctx.dataDir) };
      } finally {
        wipeRead([read]);
      }
    },

    'keychain/remove': async ({ id }) => {
      await ctx.keychain.remove(id);
      return { removed: true as const };
    },

    'health/check': ({ sessionId }) => {
      const entry = openSession(ctx, sessionId);
      try {
        const names = entry.session.progress().entered.map((h) => h.label);
        const r = entry.session.sign({ kind: 'health-check' });
        if (r.kind !== 'health-check') throw new Error('a health check came back as a signature');
        entry.session.close();
        return {
          ok: true,
          publicKeyHex: r.publicKeyHex,
          summary: `The child keys of ${names.join(', ')} restore ${entry.wallet.label || 'this wallet'}: the key they make gives its public key ${r.publicKeyHex.slice(0, 16)}…`,
        };
      } finally {
        forgetIfClosed(ctx, sessionId, entry);
      }
    },
  };
}
