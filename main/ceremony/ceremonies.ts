/**
 * The app's split ceremonies, in the main process (pure Node, no Electron): each holds a
 * {@link SplitCeremony} — the original key and the child keys — by a random id, like the signing
 * sessions. A holder's hand-off writes their encrypted file, their paper backup, or gives the page
 * that shows their words; their receipt re-opens what they were given; only after every receipt is
 * the wallet recorded (with the receipts) and the key wiped. A ceremony idle longer than `idleMs` is
 * abandoned (wiped) by a timer of its own (unref'd: it never keeps the process alive), and again
 * checked whenever any ceremony is used; the app abandons all of them on quit. Every step is written
 * to the ceremony's public journal (./journal.ts). At the app's start, {@link sweepAfterCrash}
 * removes the temporary files a crash left in the data folder and the folders the journals name.
 *
 * Nothing returned here carries key material: public data, paths, progress and verdicts only. JS
 * cannot guarantee zeroing (see main/core/ceremony.ts).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { bytesToHex, wipe } from '../core/bytes.js';
import type { CeremonyProgress, Receipt } from '../core/wallet/ceremony.js';
import type { CurveRef } from '../core/formats/child-key.js';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { generatePrivateKey, importHexKey, importMnemonic, importWif } from '../core/chains/key-sources.js';
import { type PassphraseStrength, holderPassphraseVerdict } from '../core/wallet/passphrase-strength.js';
import { nativePbkdf2 } from '../native/pbkdf2.js';
import type { ChildKeyRead, WalletCeremony, WalletRecordJson } from '../core/wallet/kind.js';
import { holderLabels } from '../core/formats/child-key.js';
import { kindOfScheme, readChildKey } from '../core/wallet/kinds/index.js';
import { defaultAddresses } from '../core/wallet/record.js';
import { ensureDir, readLimited, sweepTemporaries, writeNewFile } from '../files/atomic.js';
import { openChildKeyFile } from '../files/child-key-files.js';
import {
  DEFAULT_SCRYPT_LOG_N,
  ENCRYPTED_SUFFIX,
  encryptChildKeyFile,
  encryptedChildKeyFileName,
} from '../files/encrypted-child-key.js';
import { paperBackupPdf } from '../files/paper-backup.js';
import { logCreated, recordUse } from '../wallets/log.js';
import { saveWalletRecord } from '../wallets/store.js';
import { writeSupersession } from '../wallets/superseded.js';
import { type Journal, JOURNAL_FORMAT, readJournalVersions, whereItStopped, writeJournal } from './journal.js';
import { wordsPageHtml, wordsPageTitle } from './words-page.js';

/** Where the key comes from: a new one, or an existing one (its source is only read). */
export type KeySource =
  | { kind: 'generate'; curve: CurveRef }
  | { kind: 'hex'; hex: string; curve: CurveRef }
  | { kind: 'wif'; wif: string }
  | { kind: 'key-file'; path: string; curve: CurveRef }
  | { kind: 'mnemonic'; phrase: string; path: string; passphrase?: string | undefined }
  | { kind: 'keystore'; path: string; password: string };

export interface StartInput {
  source: KeySource;
  walletLabel: string;
  holders: string[];
  scheme: string;
  threshold?: number | undefined;
}

export interface Started {
  ceremonyId: string;
  walletId: string;
  walletLabel: string;
  curve: CurveRef;
  publicKey: string;
  origin: 'generated' | 'imported';
  scheme: string;
  threshold: number;
  parties: number;
  holders: { index: number; label: string }[];
  /** Only when deposits are allowed (an imported key, already in use): a new key's wait for every receipt. */
  addresses: Record<string, string>;
  depositsAllowed: boolean;
  progress: CeremonyProgress;
  /** How the holders' words are shown and typed, and whether a paper backup can be printed (the wallet kind's). */
  wordsLayout: 'groups' | 'words';
  paperBackup: boolean;
}

/** A rekey's new set: each left out is the old set's (all left out: a refresh). */
export interface RekeyInput {
  walletLabel?: string | undefined;
  holders?: string[] | undefined;
  scheme?: string | undefined;
  threshold?: number | undefined;
}

/** Lends a recorded wallet's key, restored from a quorum of its current child keys (a session's `withKey`). */
export type LendKey = <T>(use: (key: Uint8Array, curve: CurveRef | null) => T) => T;

/** A rekey ceremony: what replaces what, and how (the new set of the same key). */
export interface RekeyStarted extends Started {
  previousSetId: string;
  how: 'rekeyed' | 'refreshed';
}

/** How a holder proves they have their child key. */
export type Proof = { kind: 'file'; path: string; passphrase?: string | undefined } | { kind: 'words'; text: string };

export type Verdict =
  { accepted: true; holder: { index: number; label: string } } | { accepted: false; code: string; message: string };

export interface CeremonyOptions {
  dataDir: string;
  now?: () => number;
  newId?: () => string;
  /** A ceremony idle this long is abandoned and wiped (30 minutes by default). */
  idleMs?: number;
  /** At most this many ceremonies at once. */
  max?: number;
  /** The age files' scrypt work factor (age's default, 2^18). */
  scryptLogN?: number;
}

interface Entry {
  id: string;
  /** The key and its child keys, while they are handed off (whatever the wallet's kind). */
  ceremony: WalletCeremony;
  walletLabel: string;
  journal: Journal;
  seq: number;
  /** HMACs of the passphrases handed off, under a key of this ceremony's own: no two holders share one. */
  tagKey: Uint8Array;
  tags: Map<number, Uint8Array>;
  lastUsed: number;
  /** A rekey's old record, and whether it is a rekey or a refresh. */
  rekeyOf?: { record: WalletRecordJson; how: 'rekeyed' | 'refreshed' } | undefined;
  /** Abandons the ceremony once it has been idle `idleMs`; re-armed on every use. */
  timer?: ReturnType<typeof setTimeout> | undefined;
}

export const CEREMONY_IDLE_MS = 30 * 60 * 1000;

const OVER =
  'This ceremony is over: it was finished, cancelled or left idle too long, and its keys were wiped. Start again from the first step.';

export class Ceremonies {
  readonly dataDir: string;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #idleMs: number;
  readonly #max: number;
  readonly #scryptLogN: number;
  readonly #entries = new Map<string, Entry>();

  constructor(o: CeremonyOptions) {
    this.dataDir = o.dataDir;
    this.#now = o.now ?? Date.now;
    this.#newId = o.newId ?? randomUUID;
    this.#idleMs = o.idleMs ?? CEREMONY_IDLE_MS;
    this.#max = o.max ?? 4;
    this.#scryptLogN = o.scryptLogN ?? DEFAULT_SCRYPT_LOG_N;
  }

  /** Ceremonies open now. */
  get size(): number {
    return this.#entries.size;
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  #journal(e: Entry, change: (j: Journal) => void): void {
    change(e.journal);
    e.journal.updatedAt = this.#iso();
    e.seq = writeJournal(this.dataDir, e.journal, e.seq);
  }

  #closeIdle(): void {
    const now = this.#now();
    for (const e of this.#entries.values()) if (now - e.lastUsed > this.#idleMs) this.#abandon(e);
  }

  /** A real timer: an idle ceremony is wiped when its time is up, not only at the next call. */
  #arm(e: Entry): void {
    clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      if (this.#entries.get(e.id) === e) this.#abandon(e);
    }, this.#idleMs + 1);
    e.timer.unref?.();
  }

  #abandon(e: Entry): void {
    clearTimeout(e.timer);
    e.ceremony.abandon();
    wipe(e.tagKey, ...e.tags.values());
    this.#entries.delete(e.id);
    try {
      this.#journal(e, (j) => (j.status = 'abandoned'));
    } catch {
      // the keys are wiped either way; the journal's last state still says where it stopped
    }
  }

  #get(id: string): Entry {
    this.#closeIdle();
    const e = this.#entries.get(id);
    if (!e || e.ceremony.finished) throw new JointKeyError('INVALID_ARGUMENT', OVER);
    e.lastUsed = this.#now();
    this.#arm(e);
    return e;
  }

  /** Holder `index` of ceremony `id`: their label, or a refusal naming the range. */
  #holder(e: Entry, index: number): string {
    const label = e.ceremony.labels[index - 1];
    if (label === undefined)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `This wallet has holders 1 to ${e.ceremony.labels.length}; there is no holder ${index}. Go back to the hand-off step.`,
      );
    return label;
  }

  /** Reads or makes the key, splits it, and opens a ceremony. Nothing of the key is returned. */
  async start(input: StartInput): Promise<Started> {
    this.#closeIdle();
    if (this.#entries.size >= this.#max)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `${this.#max} ceremonies are already open. Finish or cancel one of them first, or restart JointKey.`,
      );
    const { source } = input;
    const curve: CurveRef =
      source.kind === 'generate' || source.kind === 'hex' || source.kind === 'key-file' ? source.curve : 'secp256k1';
    const secret = await readKey(source);
    let ceremony: WalletCeremony;
    try {
      const request = {
        scheme: input.scheme,
        labels: input.holders,
        walletLabel: input.walletLabel,
        threshold: input.threshold,
      };
      const origin = source.kind === 'generate' ? 'generated' : 'imported';
      ceremony = kindOfScheme(input.scheme).split(curve, secret, request, origin, { pbkdf2: nativePbkdf2 });
    } catch (e) {
      wipe(secret);
      if (e instanceof RangeError || e instanceof TypeError)
        throw new JointKeyError('INVALID_ARGUMENT', `${e.message.replace(/\.$/, '')}. Correct it and try again.`);
      throw e;
    }
    return this.#open(ceremony, curve);
  }

  /**
   * A rekey: splits a recorded wallet's key anew — other holders, another number, threshold or
   * scheme; by default the same ones (a refresh) — and opens a ceremony with the same hand-off and
   * receipts as a new wallet. The new set's options are checked before the key is borrowed from
   * `lend` (a signing session with a quorum of the current child keys, which then closes); the new
   * set must hold the very same key (public key and addresses). {@link finish} records it and marks
   * the old record superseded.
   */
  rekey(old: WalletRecordJson, lend: LendKey, input: RekeyInput): RekeyStarted {
    this.#closeIdle();
    if (this.#entries.size >= this.#max)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `${this.#max} ceremonies are already open. Finish or cancel one of them first, or restart JointKey.`,
      );
    const curve = old.curve;
    if (curve === null)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `${old.label || 'This record'} holds a secret, not a wallet key: give it a new set of child keys with "jointkey rekey".`,
      );
    const scheme = input.scheme ?? old.scheme;
    let kind;
    let labels: string[];
    try {
      kind = kindOfScheme(scheme);
      labels = holderLabels((input.holders ?? old.holders).length, input.holders ?? old.holders);
    } catch (e) {
      if (e instanceof RangeError || e instanceof TypeError)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          `${e.message.replace(/\.$/, '')}. Give each new holder a different name and try again.`,
        );
      throw e;
    }
    const why = kind.unrecordable(old.curve, {});
    if (why !== undefined)
      throw new JointKeyError('INVALID_ARGUMENT', `The new set's record cannot describe ${why}. Keep ${old.scheme}.`);
    const nOfN = scheme === 'xor' || scheme === 'additive';
    const threshold = nOfN ? labels.length : (input.threshold ?? Math.min(old.threshold, labels.length));
    // Checked before the key is borrowed (the session then ends): the holders can correct it and go on.
    if (!nOfN && (threshold < 2 || threshold > labels.length))
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `With ${labels.length} holders, the number who must sign is 2 to ${labels.length}, not ${threshold}. Choose another rule.`,
      );
    const walletLabel = input.walletLabel ?? old.label;
    const how =
      scheme === old.scheme &&
      threshold === old.threshold &&
      walletLabel === old.label &&
      labels.join('\n') === old.holders.join('\n')
        ? 'refreshed'
        : 'rekeyed';
    // The key, restored and checked against the wallet's public key, is split anew: the ceremony
    // keeps its own copy (wiped when it ends); the session wipes the restored one.
    let ceremony: WalletCeremony;
    try {
      ceremony = lend((key) =>
        kind.split(
          curve,
          key.slice(),
          { scheme, labels, walletLabel, threshold: nOfN ? undefined : threshold, rekey: true },
          'imported',
          { pbkdf2: nativePbkdf2 },
        ),
      );
    } catch (e) {
      if (e instanceof RangeError || e instanceof TypeError)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          `${e.message.replace(/\.$/, '')}. Enter the child keys again and correct the new set.`,
        );
      throw e;
    }
    if (bytesToHex(ceremony.publicKey) !== old.publicKey) {
      ceremony.abandon();
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `The scheme ${scheme} would not keep this wallet's key and addresses (its key is not split the same way). Keep its scheme, ${old.scheme}.`,
      );
    }
    const started = this.#open(ceremony, curve, { record: old, how });
    return { ...started, previousSetId: old.id, how };
  }

  #open(ceremony: WalletCeremony, curve: CurveRef, rekeyOf?: Entry['rekeyOf']): Started {
    const pub = ceremony;
    const id = this.#newId();
    const now = this.#iso();
    const entry: Entry = {
      id,
      ceremony,
      walletLabel: pub.walletLabel,
      seq: 0,
      tagKey: randomBytes(32),
      tags: new Map(),
      lastUsed: this.#now(),
      rekeyOf,
      journal: {
        format: JOURNAL_FORMAT,
        version: 1,
        ceremonyId: id,
        setId: bytesToHex(pub.walletId),
        walletLabel: pub.walletLabel,
        holders: [...ceremony.labels],
        scheme: pub.scheme,
        threshold: pub.threshold,
        origin: ceremony.origin,
        curve,
        publicKey: bytesToHex(pub.publicKey),
        startedAt: now,
        updatedAt: now,
        status: 'handing-off',
        files: [],
        wordsShown: [],
        receipts: [],
        ...(rekeyOf ? { rekeyOf: { setId: rekeyOf.record.id, how: rekeyOf.how } } : {}),
      },
    };
    try {
      this.#journal(entry, () => {});
    } catch (e) {
      ceremony.abandon();
      throw e;
    }
    this.#entries.set(id, entry);
    this.#arm(entry);
    return {
      ceremonyId: id,
      walletId: entry.journal.setId,
      walletLabel: pub.walletLabel,
      curve,
      publicKey: entry.journal.publicKey,
      origin: ceremony.origin,
      scheme: pub.scheme,
      threshold: pub.threshold,
      parties: ceremony.labels.length,
      holders: ceremony.labels.map((label, i) => ({ index: i + 1, label })),
      addresses: ceremony.depositsAllowed ? defaultAddresses(curve, pub.publicKey) : {},
      depositsAllowed: ceremony.depositsAllowed,
      progress: ceremony.progress(),
      wordsLayout: ceremony.kind.wordsLayout,
      paperBackup: ceremony.kind.printsPaper,
    };
  }

  /**
   * How strong holder `index`'s passphrase is, with the wallet and holder labels as known words; a
   * passphrase another holder already took is refused too. Never stores or returns the passphrase.
   */
  checkPassphrase(id: string, index: number, passphrase: string): PassphraseStrength {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    const knownWords = [e.walletLabel, ...e.ceremony.labels].filter(Boolean);
    return holderPassphraseVerdict(passphrase, holder, knownWords, this.#sameAs(e, index, passphrase));
  }

  #tag(e: Entry, passphrase: string): Uint8Array {
    return createHmac('sha256', e.tagKey).update(passphrase, 'utf8').digest();
  }

  /** The label of another holder who handed off with this passphrase, if any. */
  #sameAs(e: Entry, index: number, passphrase: string): string | undefined {
    const tag = this.#tag(e, passphrase);
    for (const [i, t] of e.tags) if (i !== index && timingSafeEqual(t, tag)) return e.ceremony.labels[i - 1];
    return undefined;
  }

  #folder(folder: string): string {
    if (!isAbsolute(folder))
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `"${folder}" is not a full folder path. Choose the folder with the Choose folder button.`,
      );
    ensureDir(folder);
    return folder;
  }

  /**
   * Writes holder `index`'s child key, encrypted under their passphrase (which must be strong and
   * not another holder's), into `folder` as "WALLET - N HOLDER.jointkey.age": atomically, mode 0600,
   * never replacing a file. Returns its path and name.
   */
  async handOffFile(
    id: string,
    index: number,
    passphrase: string,
    folder: string,
  ): Promise<{ path: string; name: string }> {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    const verdict = this.checkPassphrase(id, index, passphrase);
    if (!verdict.ok)
      throw new JointKeyError('WEAK_PASSPHRASE', `The passphrase for ${holder} is not accepted. ${verdict.reason}`);
    const dir = this.#folder(folder);
    const name = encryptedChildKeyFileName(e.walletLabel, { index, label: holder });
    const content = await encryptChildKeyFile(e.ceremony.fileForm(index), passphrase, this.#scryptLogN);
    if (e.ceremony.finished || this.#entries.get(id) !== e) throw new JointKeyError('INVALID_ARGUMENT', OVER);
    const path = join(dir, name);
    writeNewFile(path, content);
    journalOrRemove(path, () =>
      this.#journal(e, (j) => j.files.push({ index, holder, kind: 'encrypted-file', path, writtenAt: this.#iso() })),
    );
    e.tags.set(index, this.#tag(e, passphrase));
    return { path, name };
  }

  /**
   * Writes holder `index`'s paper backup (a one-page PDF, a plaintext copy of their child key) into
   * `folder`, atomically, mode 0600, never replacing a file. Returns its path and name.
   */
  async paperBackup(id: string, index: number, folder: string): Promise<{ path: string; name: string }> {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    const printable = e.ceremony.printable(index);
    const dir = this.#folder(folder);
    const name = encryptedChildKeyFileName(e.walletLabel, printable.childKey).replace(
      `.${ENCRYPTED_SUFFIX}`,
      ' - paper backup.pdf',
    );
    const pdf = await paperBackupPdf({ ...printable, date: new Date(this.#now()) });
    try {
      if (e.ceremony.finished || this.#entries.get(id) !== e) throw new JointKeyError('INVALID_ARGUMENT', OVER);
      const path = join(dir, name);
      writeNewFile(path, pdf);
      journalOrRemove(path, () =>
        this.#journal(e, (j) => j.files.push({ index, holder, kind: 'paper-backup', path, writtenAt: this.#iso() })),
      );
      return { path, name };
    } finally {
      pdf.fill(0);
    }
  }

  /** The HTML page that shows holder `index` their words (for a window of its own, never the renderer). */
  /** Holder `index`'s child key in its text form, to copy to the clipboard (journaled like words shown). */
  wordsText(id: string, index: number): string {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    this.#journal(e, (j) => j.wordsShown.push({ index, holder, shownAt: this.#iso() }));
    return e.ceremony.textForm(index);
  }

  wordsPage(id: string, index: number): { html: string; title: string } {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    const c = e.ceremony;
    const html = wordsPageHtml({
      walletLabel: e.walletLabel,
      holder,
      index,
      parties: c.labels.length,
      threshold: c.threshold,
      textForm: c.textForm(index),
      layout: c.kind.wordsLayout,
    });
    this.#journal(e, (j) => j.wordsShown.push({ index, holder, shownAt: this.#iso() }));
    return { html, title: wordsPageTitle({ holder, walletLabel: e.walletLabel }) };
  }

  /**
   * Holder `index` proves they have their child key: main re-opens their file with their passphrase,
   * or reads the words they typed, and checks it is exactly the child key they were given. A refusal
   * is a verdict naming the holder and what to do, not a failure.
   */
  async confirm(id: string, index: number, proof: Proof): Promise<{ progress: CeremonyProgress; last: Verdict }> {
    const e = this.#get(id);
    const holder = this.#holder(e, index);
    const refused = (err: unknown) => {
      if (!isJointKeyError(err)) throw err;
      const message =
        err.code === 'RECEIPT_MISMATCH' ? err.message : `${holder}’s receipt was not taken: ${err.message}`;
      return { progress: e.ceremony.progress(), last: { accepted: false as const, code: err.code, message } };
    };
    const c = e.ceremony;
    let read: ChildKeyRead;
    try {
      read =
        proof.kind === 'words'
          ? readChildKey(proof.text, { from: 'typed' }, c.kind)
          : (await openChildKeyFile(proof.path, proof.passphrase)).read;
    } catch (err) {
      if (isJointKeyError(err) && err.code === 'PASSPHRASE_NEEDED')
        return refused(
          new JointKeyError(
            'PASSPHRASE_NEEDED',
            `${proof.kind === 'file' ? proof.path : 'the file'} is encrypted: enter ${holder}’s passphrase with it.`,
          ),
        );
      return refused(err);
    }
    try {
      if (e.ceremony.finished || this.#entries.get(id) !== e) throw new JointKeyError('INVALID_ARGUMENT', OVER);
      const receipt = c.confirmRead(index, read, proof.kind, this.#iso());
      if (!e.journal.receipts.some((r) => r.index === index)) this.#journal(e, (j) => j.receipts.push(receipt));
      return { progress: e.ceremony.progress(), last: { accepted: true as const, holder: { index, label: holder } } };
    } catch (err) {
      if (isJointKeyError(err) && err.message === OVER) throw err;
      return refused(err);
    } finally {
      read.wipe();
    }
  }

  /**
   * After every receipt: records the wallet (with the receipts) in the data folder, then wipes the
   * key and the child keys and ends the ceremony. Returns the record (now with its addresses).
   * JointKeyError RECEIPT_MISSING before the last receipt, naming who is missing.
   */
  finish(id: string): { record: WalletRecordJson; receipts: Receipt[] } {
    const e = this.#get(id);
    const c = e.ceremony;
    c.requireComplete('Recording the wallet and wiping the original key');
    const at = new Date(this.#now()).toISOString();
    const json = c.recordJson(at);
    const rekeyOf = e.rekeyOf;
    const old = rekeyOf?.record;
    if (rekeyOf && old) {
      // A secret's fingerprint is keyed by each set's own blinding key: only a curve key's public
      // key and addresses stay the same.
      if (
        (old.curve !== null && json.publicKey !== old.publicKey) ||
        JSON.stringify(json.addresses) !== JSON.stringify(old.addresses)
      )
        throw new Error('the new set does not hold the wallet’s key');
      // The marker first, then the record: the marker counts only once the record exists, so a stop
      // between the two leaves the old set in force and no new record.
      writeSupersession(this.dataDir, { setId: old.id, supersededBy: json.id, at, how: rekeyOf.how });
    }
    const saved = saveWalletRecord(this.dataDir, json);
    const receipts = e.ceremony.finish();
    clearTimeout(e.timer);
    // The wallet's record of use starts with its creation and the receipts (a failure is only a note);
    // a rekey's old record says what replaced it.
    if (rekeyOf && old)
      recordUse(this.dataDir, old.id, rekeyOf.how, {
        newSetId: saved.record.id,
        scheme: saved.record.scheme,
        parties: saved.record.parties,
        threshold: saved.record.threshold,
        holders: [...saved.record.holders],
      });
    logCreated(this.dataDir, saved.record, old?.id);
    wipe(e.tagKey, ...e.tags.values());
    this.#entries.delete(id);
    try {
      this.#journal(e, (j) => {
        j.status = 'finished';
        j.walletRecord = saved.path;
      });
    } catch {
      // the wallet record is written and the key wiped: the journal's last state is only a note
    }
    return { record: saved.record, receipts };
  }

  /** Abandons a ceremony (wipes it); an unknown or ended one is fine. An imported key's source is untouched. */
  abandon(id: string): void {
    const e = this.#entries.get(id);
    if (e) this.#abandon(e);
    this.#closeIdle();
  }

  /**
   * Ceremonies that stopped before they finished or were cancelled — the app quit or crashed during
   * the hand-off — from their journals: where each stopped, and what to do about it.
   */
  unfinished(): {
    ceremonyId: string;
    walletLabel: string;
    startedAt: string;
    origin: 'generated' | 'imported';
    summary: string;
    files: string[];
  }[] {
    return readJournalVersions(this.dataDir)
      .filter(({ journal: j }) => j.status === 'handing-off' && !this.#entries.has(j.ceremonyId))
      .map(({ journal: j }) => ({
        ceremonyId: j.ceremonyId,
        walletLabel: j.walletLabel,
        startedAt: j.startedAt,
        origin: j.origin,
        files: j.files.map((f) => f.path),
        summary: `${whereItStopped(j)} Its key was never recorded, so ${
          j.rekeyOf
            ? `the wallet's old child keys are still the ones that count: delete the files listed, and ${j.rekeyOf.how === 'refreshed' ? 'refresh' : 'rekey'} again if you still want to.`
            : j.origin === 'generated'
              ? j.files.length > 0
                ? 'the child keys it handed out cannot be used: delete the files listed and start again.'
                : 'nothing of it can be used: start again.'
              : 'start again from the imported key, whose source is untouched; delete any files it wrote.'
        }`,
      }));
  }

  /** Marks a stopped ceremony's journal as dealt with (abandoned), so it is no longer listed. */
  dismiss(ceremonyId: string): void {
    if (this.#entries.has(ceremonyId)) return;
    const found = readJournalVersions(this.dataDir).find((v) => v.journal.ceremonyId === ceremonyId);
    if (!found || found.journal.status !== 'handing-off') return;
    found.journal.status = 'abandoned';
    found.journal.updatedAt = this.#iso();
    writeJournal(this.dataDir, found.journal, found.seq);
  }

  /** Abandons every ceremony (the app calls it before quitting). */
  abandonAll(): void {
    for (const e of [...this.#entries.values()]) this.#abandon(e);
  }

  /** The ceremony's buffers, for tests that check they were wiped. */
  secretBuffers(id: string): Uint8Array[] {
    return this.#entries.get(id)?.ceremony.secretBuffers() ?? [];
  }
}

/**
 * Journals a file just written, or — when the journal cannot be written (a full disk) — removes the
 * file and rethrows: a file the journal does not list would be a child key no one knows of.
 */
function journalOrRemove(path: string, journal: () => void): void {
  try {
    journal();
  } catch (err) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw err;
  }
}

/**
 * The folders JointKey writes in, from `dataDir`: the data folder, its own folders (wallets,
 * ceremonies, signed results…) and every folder a ceremony journal says a holder's file or paper
 * backup was written to.
 */
export function foldersWritten(dataDir: string): string[] {
  const dirs = [dataDir];
  try {
    for (const d of readdirSync(dataDir, { withFileTypes: true }))
      if (d.isDirectory()) dirs.push(join(dataDir, d.name));
  } catch {
    // no data folder yet
  }
  for (const { journal } of readJournalVersions(dataDir)) for (const f of journal.files) dirs.push(dirname(f.path));
  return [...new Set(dirs)];
}

/**
 * The startup sweep: removes the temporary files a crash or a kill left midway through a write (one
 * can hold a child key, a paper backup or a restored secret in the clear) in every folder JointKey
 * wrote ({@link foldersWritten}). Only JointKey's own temporary names, of writers no longer running
 * (main/files/atomic.ts sweepTemporaries). Returns the paths removed; never throws.
 */
export function sweepAfterCrash(dataDir: string): string[] {
  try {
    return sweepTemporaries(foldersWritten(dataDir));
  } catch {
    return [];
  }
}

/** The original key from its source. The source (a file) is only read. */
async function readKey(source: KeySource): Promise<Uint8Array> {
  switch (source.kind) {
    case 'generate':
      return generatePrivateKey(source.curve);
    case 'hex':
      return importHexKey(source.curve, source.hex);
    case 'wif':
      return importWif(source.wif).privateKey;
    case 'mnemonic':
      return importMnemonic(source.phrase, source.path, source.passphrase ?? '');
    case 'key-file': {
      const bytes = readLimited(source.path, 4096, { noun: 'a file that holds the key' });
      const text = bytes.toString('utf8').trim();
      bytes.fill(0);
      if (/^(0x)?[0-9a-fA-F]+$/.test(text)) return importHexKey(source.curve, text);
      if (source.curve === 'secp256k1') return importWif(text).privateKey;
      throw new JointKeyError(
        'INVALID_KEY',
        `${source.path} does not hold an Ed25519 key as 64 hex digits. Choose the file that holds the key, and nothing else.`,
      );
    }
    case 'keystore': {
      // Loaded only when needed, as the CLI does: ethers is large.
      const { importKeystore } = await import('../core/chains/keystore.js');
      return importKeystore(
        readLimited(source.path, 1024 * 1024, { noun: 'an Ethereum keystore file' }).toString('utf8'),
        source.password,
      );
    }
  }
}
