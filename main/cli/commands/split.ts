/** `jointkey split`: split a key or secret into child-key files, one per holder. */
import { bytesToHex, hexToBytesStrict, wipe } from '../../core/bytes.js';
import {
  type CurveRef,
  type SchemeId,
  MAX_SECRET_BYTES,
  MAX_WALLET_LABEL_BYTES,
  SCHEMES,
  holderLabels,
  normalizeLabel,
  secretFingerprint,
} from '../../core/child-key.js';
import { CURVES, curveById, publicKeyOf } from '../../core/curves.js';
import { JointKeyError } from '../../core/errors.js';
import { childKeyToFile } from '../../core/file-form.js';
import { generatePrivateKey, importHexKey, importMnemonic, importWif } from '../../core/key-sources.js';
import { slip39ChildKeyToFile } from '../../core/slip39/file-form.js';
import { decodeMnemonic, slip39Split } from '../../core/slip39/index.js';
import { SLIP39_MAX_HOLDERS, Slip39Ceremony, slip39SplitKey, slip39WalletFileForm } from '../../core/slip39-wallet.js';
import { BODY_FILE_NAME, SEAL_ABOVE_BYTES } from '../../core/sealed-body.js';
import { splitKey, splitSecret, wipeChildKeys, type SplitResult } from '../../core/split.js';
import { type KeyOrigin, type Receipt, SplitCeremony } from '../../core/ceremony.js';
import { holderPassphraseVerdict } from '../../core/passphrase-strength.js';
import { readLimited } from '../../files/atomic.js';
import { childKeyFileName, openChildKeyFile, wipeRead, writeSetFiles } from '../../files/child-key-files.js';
import {
  DEFAULT_SCRYPT_LOG_N,
  MAX_SCRYPT_LOG_N,
  MIN_SCRYPT_LOG_N,
  encryptChildKeyFile,
  encryptedChildKeyFileName,
} from '../../files/encrypted-child-key.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { readPassphraseFile, readPassphraseLines } from '../passphrase.js';
import { intOption, parse, printJson, required, usage, walletIdFields } from '../output.js';
import { isLargeSecretFile, newFileKey, removeBody, sealBeside } from '../sealed.js';

export const SPLIT_HELP = `Usage: jointkey split --scheme SCHEME --parties N [--threshold T]
                      (--secret-hex HEX | --secret-file PATH | --generate CURVE) [--curve CURVE]
                      [--labels A,B,C] [--wallet-label TEXT] --out DIR
                      (--passphrase-file F | --plaintext)

Splits a key or any secret into one child-key file per holder, written into DIR (never replacing a
file), then confirms each holder's receipt — re-opens each file (with its holder's passphrase) and
checks it is exactly the child key handed off — and only then wipes the key. Prints {setId, files,
receipts, publicKey | fingerprint}. The secret itself is never printed.

  --scheme        xor       N-of-N: N-1 random child keys and the key XOR all of them
                  additive  N-of-N: random values added (mod the group order for a key)
                  shamir    the polynomial scheme mod a prime; t-of-n with --threshold
                  gf256     byte-wise Shamir over GF(2^8), any length; t-of-n with --threshold
                  slip39    SLIP-39 mnemonics (Trezor's Shamir backup), 2 to 16 holders, for
                            keys and secrets of 128 to 256 bits (16 to 32 bytes, an even number)
  --parties N     number of holders, 2 to 255
  --threshold T   child keys needed to restore (shamir, gf256): 2 to N; default N
  --secret-hex    the secret as hex (visible to other users in the process list: prefer a file)
  --secret-file   a file whose bytes are the secret, of any size: one larger than ${SEAL_ABOVE_BYTES} bytes
                  is sealed (AES-256-GCM, in chunks) into DIR/${BODY_FILE_NAME}, which
                  every holder may keep, and only its random 256-bit key is split;
                  jointkey restore --out PATH writes it back
  --generate      generate a new private key: secp256k1 or ed25519
  --curve         the secret is a private key of this curve (secp256k1 or ed25519):
                  the child keys then carry its public key, and restore checks against it
  --labels        holder labels in holder order, comma separated (default Holder 1, …)
  --wallet-label  a name for the wallet, shown in each file
  --out DIR       folder for the child-key files (created if missing)
  --passphrase-file F
                  encrypt each holder's file under their own passphrase: F holds one passphrase
                  per line, one per holder, in holder order. Files are age files (scrypt), named
                  "WALLET - N HOLDER.jointkey.age", and open with the age tool too (age -d).
                  Each passphrase must resist 10^10 guesses (zxcvbn's estimate; four random
                  words do) and differ from the others.
  --scrypt-log-n N  the age files' scrypt work factor, ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N} (default ${DEFAULT_SCRYPT_LOG_N})
  --plaintext     write unencrypted files instead: keep each where only its holder can read it
  --data-dir DIR  also save the wallet record (public data and receipts) in DIR/wallets. With
                  slip39: only for a private key (--generate, an import, or --curve) without
                  --slip39-passphrase-file; it is then split as the app splits it

Importing an existing key (the source is only read, never changed):
  --hex HEX                 a private key as hex (with --curve; secp256k1 by default)
  --wif WIF                 a Bitcoin WIF private key
  --keystore FILE           an Ethereum v3 keystore, with --keystore-password-file F
  --mnemonic-file FILE      a BIP-39 phrase in a file, with --path P (e.g. m/44'/60'/0'/0/0)
                            and optionally --mnemonic-passphrase-file F
  --slip39-passphrase-file F
                  slip39 only: the SLIP-39 passphrase (UTF-8, one trailing newline removed)
`;

const CURVE_IDS: readonly string[] = CURVES.map((c) => c.id);

function curveOption(value: string | undefined, name: string): CurveRef | undefined {
  if (value === undefined) return undefined;
  if (!CURVE_IDS.includes(value)) throw usage(`--${name} must be ${CURVE_IDS.join(' or ')}, got "${value}"`);
  return value as CurveRef;
}

export async function splitCommand(args: string[], importOnly = false): Promise<void> {
  const { values } = parse('split', args, {
    scheme: { type: 'string' },
    parties: { type: 'string' },
    threshold: { type: 'string' },
    'secret-hex': { type: 'string' },
    'secret-file': { type: 'string' },
    generate: { type: 'string' },
    curve: { type: 'string' },
    labels: { type: 'string' },
    'wallet-label': { type: 'string' },
    out: { type: 'string' },
    plaintext: { type: 'boolean' },
    'slip39-passphrase-file': { type: 'string' },
    hex: { type: 'string' },
    wif: { type: 'string' },
    keystore: { type: 'string' },
    'keystore-password-file': { type: 'string' },
    'mnemonic-file': { type: 'string' },
    path: { type: 'string' },
    'mnemonic-passphrase-file': { type: 'string' },
    'data-dir': { type: 'string' },
    'passphrase-file': { type: 'string' },
    'scrypt-log-n': { type: 'string' },
  });
  if (values.help) return void process.stdout.write(SPLIT_HELP);
  const scheme = required(values.scheme, 'scheme', 'split');
  if (!SCHEMES.includes(scheme as SchemeId) && scheme !== 'slip39')
    throw usage(`--scheme must be one of ${SCHEMES.join(', ')}, slip39, got "${scheme}"`);
  if (scheme !== 'slip39' && values['slip39-passphrase-file'] !== undefined)
    throw usage('--slip39-passphrase-file goes with --scheme slip39');
  const parties = required(intOption(values.parties, 'parties'), 'parties', 'split');
  const threshold = intOption(values.threshold, 'threshold');
  const out = required(values.out, 'out', 'split');
  const passphraseFile = values['passphrase-file'];
  if (passphraseFile !== undefined && values.plaintext)
    throw usage('Give --passphrase-file (encrypted files) or --plaintext (unencrypted files), not both.');
  if (passphraseFile === undefined && !values.plaintext)
    throw usage(
      "Give --passphrase-file F to encrypt each holder's file under their own passphrase (one per line, in holder order), or --plaintext to write unencrypted files and keep each where only its holder can read it.",
    );
  const scryptLogN = intOption(values['scrypt-log-n'], 'scrypt-log-n') ?? DEFAULT_SCRYPT_LOG_N;
  if (scryptLogN < MIN_SCRYPT_LOG_N || scryptLogN > MAX_SCRYPT_LOG_N)
    throw usage(`--scrypt-log-n must be from ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}, got ${scryptLogN}`);
  if (passphraseFile === undefined && values['scrypt-log-n'] !== undefined)
    throw usage('--scrypt-log-n goes with --passphrase-file.');
  const imports = [values.hex, values.wif, values.keystore, values['mnemonic-file']].filter((v) => v !== undefined);
  const sources = [values['secret-hex'], values['secret-file'], values.generate].filter((v) => v !== undefined);
  if (importOnly && (imports.length !== 1 || sources.length > 0))
    throw usage('jointkey wallet import-key takes exactly one of --hex, --wif, --keystore or --mnemonic-file.');
  if (sources.length + imports.length !== 1)
    throw usage(
      'Give exactly one key or secret: --secret-hex, --secret-file, --generate, --hex, --wif, --keystore or --mnemonic-file.',
    );
  const generate = curveOption(values.generate, 'generate');
  if (generate && values.curve !== undefined)
    throw usage('--curve goes with --secret-hex, --secret-file or --hex; --generate names its curve.');
  if (
    (values.wif ?? values.keystore ?? values['mnemonic-file']) !== undefined &&
    values.curve !== undefined &&
    values.curve !== 'secp256k1'
  )
    throw usage('WIF, keystore and BIP-39 keys are secp256k1 keys: leave out --curve.');
  if (values['mnemonic-file'] !== undefined && values.path === undefined)
    throw usage("--mnemonic-file needs --path, the derivation path (for example \"m/44'/60'/0'/0/0\" for Ethereum).");
  const curve = generate ?? curveOption(values.curve, 'curve') ?? (imports.length > 0 ? 'secp256k1' : undefined);
  if (scheme === 'slip39' && values['data-dir'] !== undefined) refuseSlip39Record(curve, values);
  const labels = values.labels?.split(',').map((l) => l.trim());
  const opts = { scheme: scheme as SchemeId, parties, threshold, labels, walletLabel: values['wallet-label'] };
  // Passphrases are checked before any key is made or read.
  const passphrases =
    passphraseFile === undefined
      ? undefined
      : checkedPassphrases(passphraseFile, holderLabels(parties, labels), values['wallet-label'] ?? '');
  const handOff = { out, passphrases, scryptLogN };
  const origin: KeyOrigin = generate ? 'generated' : 'imported';

  const sealedSource = isLargeSecretFile(values['secret-file']);
  let secret: Uint8Array;
  if (generate) secret = generatePrivateKey(generate);
  else if (values.hex !== undefined) secret = importHexKey(curve ?? 'secp256k1', values.hex);
  else if (values.wif !== undefined) secret = importWif(values.wif).privateKey;
  else if (values.keystore !== undefined)
    secret = (await import('../../core/keystore.js')).importKeystore(
      readLimited(values.keystore, 1024 * 1024).toString('utf8'),
      readPassphraseFile(values['keystore-password-file']),
    );
  else if (values['mnemonic-file'] !== undefined)
    secret = importMnemonic(
      readPassphraseFile(values['mnemonic-file']),
      values.path as string,
      readPassphraseFile(values['mnemonic-passphrase-file']),
    );
  else if (values['secret-hex'] !== undefined) {
    try {
      secret = hexToBytesStrict(values['secret-hex'], '--secret-hex');
    } catch {
      throw usage('--secret-hex must be hex digits, an even number of them');
    }
  } else if (sealedSource) secret = newFileKey(scheme, values.curve);
  else secret = new Uint8Array(readLimited(values['secret-file'] as string, MAX_SECRET_BYTES));
  let result: SplitResult | undefined;
  try {
    if (secret.length === 0)
      throw new JointKeyError('INVALID_ARGUMENT', 'The secret is empty. Give a secret of at least one byte.');
    if (scheme === 'slip39') {
      const walletId = curve ? publicKeyOf(curveById(curve), secret) : secretFingerprint(secret);
      if (values['data-dir'] !== undefined && curve !== undefined)
        return await splitSlip39Wallet(curve, secret, origin, opts, handOff, values['data-dir']);
      const made = splitSlip39(secret, walletId, curve ?? null, {
        ...opts,
        passphrase: readPassphraseFile(values['slip39-passphrase-file']),
      });
      const { files, receipts } = await handOffSlip39(made.holders, handOff);
      return printJson({
        scheme,
        threshold: threshold ?? parties,
        parties,
        identifier: made.identifier,
        files,
        receipts,
        ...walletIdFields(curve ?? null, walletId),
      });
    }
    result = curve ? splitKey(curve, secret, opts) : splitSecret(secret, opts);
    const sealed = sealedSource
      ? await sealBeside(values['secret-file'] as string, out, secret, result.setId)
      : undefined;
    const ceremony = new SplitCeremony(result, secret, origin);
    try {
      const files = await handOffFiles(ceremony, handOff);
      ceremony.requireComplete('Saving the wallet record');
      const set = ceremony.set;
      const dataDir = values['data-dir'];
      // The wallet record brings the address libraries: loaded only when a record is written.
      const wallet =
        dataDir === undefined
          ? undefined
          : (await import('../../files/wallet-store.js')).saveWalletRecord(dataDir, set, ceremony.receipts);
      const receipts = ceremony.finish();
      printJson({
        ...(wallet ? { walletRecord: wallet.path, addresses: wallet.record.addresses } : {}),
        setId: bytesToHex(ceremony.setId),
        scheme: set.scheme,
        threshold: set.threshold,
        parties: set.parties,
        files,
        receipts,
        ...walletIdFields(set.curve, set.walletId),
        ...sealed,
      });
    } catch (e) {
      removeBody(sealed);
      throw e;
    } finally {
      ceremony.abandon();
    }
  } finally {
    wipe(secret);
    if (result) wipeChildKeys(result.childKeys);
  }
}

interface HandOff {
  out: string;
  /** One per holder, or undefined for --plaintext. */
  passphrases: string[] | undefined;
  scryptLogN: number;
}

/** Reads and checks the holders' passphrases: one per holder, each strong, no two the same. */
function checkedPassphrases(path: string, labels: readonly string[], walletLabel: string): string[] {
  const list = readPassphraseLines(path, labels.length, 'holders');
  list.forEach((p, i) => {
    const holder = labels[i] as string;
    // A repeat of an earlier line: that line's passphrase has passed the strength check already.
    const same = list.indexOf(p);
    const shared = same !== i;
    const v = holderPassphraseVerdict(p, holder, [walletLabel, holder, ...labels], shared ? labels[same] : undefined);
    if (v.ok) return;
    throw new JointKeyError(
      'WEAK_PASSPHRASE',
      shared
        ? `${labels[same]} and ${holder} have the same passphrase (lines ${same + 1} and ${i + 1} of ${path}): each holder chooses their own, so no one can open another's file.`
        : `The passphrase for ${holder} (line ${i + 1} of ${path}) is too weak. ${v.reason}`,
    );
  });
  return list;
}

/** Each holder's file content: the file form, encrypted under their passphrase unless --plaintext. */
async function fileContents(
  forms: readonly { index: number; label: string; form: string }[],
  walletLabel: string,
  h: HandOff,
  plainSuffix: string,
): Promise<{ name: string; content: string }[]> {
  const out: { name: string; content: string }[] = [];
  for (const f of forms) {
    const pass = h.passphrases?.[f.index - 1];
    out.push(
      pass === undefined
        ? { name: childKeyFileName(f, plainSuffix), content: f.form }
        : {
            name: encryptedChildKeyFileName(walletLabel, f),
            content: await encryptChildKeyFile(f.form, pass, h.scryptLogN),
          },
    );
  }
  return out;
}

/**
 * Writes every holder's file, then takes each holder's receipt the way the headless form can: the
 * file is re-opened from disk — with its holder's passphrase when encrypted — and must be exactly
 * the child key handed off and verify against the set. Returns the paths, in holder order.
 */
async function handOffFiles(ceremony: SplitCeremony, h: HandOff): Promise<string[]> {
  const set = ceremony.set;
  const forms = set.labels.map((label, i) => ({
    index: i + 1,
    label,
    form: childKeyToFile(ceremony.childKey(i + 1), set),
  }));
  const files = writeSetFiles(h.out, await fileContents(forms, set.walletLabel, h, 'jointkey.json'));
  for (const [i, path] of files.entries()) {
    const read = await openChildKeyFile(path, h.passphrases?.[i]);
    try {
      if (read.kind !== 'jointkey') throw new TypeError('a JointKey child-key file was expected');
      ceremony.confirm(i + 1, read.childKey, 'file', new Date().toISOString());
    } finally {
      wipeRead([read]);
    }
  }
  return files;
}

/**
 * The same hand-off for SLIP-39 files: each re-opened file must hold exactly the mnemonic given;
 * `confirm` takes the holder's receipt (a ceremony's, when a wallet record is written).
 */
async function handOffSlip39(
  holders: readonly { index: number; label: string; form: string; mnemonic: string; walletLabel: string }[],
  h: HandOff,
  confirm: (index: number, mnemonic: string, confirmedAt: string) => Receipt = (index, _, confirmedAt) => ({
    index,
    holder: holders[index - 1]?.label ?? '',
    method: 'file',
    confirmedAt,
  }),
): Promise<{ files: string[]; receipts: Receipt[] }> {
  const files = writeSetFiles(h.out, await fileContents(holders, holders[0]?.walletLabel ?? '', h, 'slip39.json'));
  const receipts: Receipt[] = [];
  for (const [i, path] of files.entries()) {
    const holder = holders[i] as (typeof holders)[number];
    const read = await openChildKeyFile(path, h.passphrases?.[i]);
    try {
      if (read.kind !== 'slip39' || read.slip39.mnemonic !== holder.mnemonic)
        throw new JointKeyError(
          'RECEIPT_MISMATCH',
          `${path} does not hold the mnemonic handed to ${holder.label}. Remove the folder's files and split again.`,
        );
      receipts.push(confirm(holder.index, read.slip39.mnemonic, new Date().toISOString()));
    } finally {
      wipeRead([read]);
    }
  }
  return { files, receipts };
}

/**
 * --data-dir with --scheme slip39: the wallet record (main/core/wallet-record.ts) describes a SLIP-39
 * wallet of a 32-byte private key in one group, without a SLIP-39 passphrase. Anything else is
 * refused before any key is made or read, saying why and what to do.
 */
function refuseSlip39Record(
  curve: CurveRef | undefined,
  values: { 'slip39-passphrase-file'?: string | undefined },
): void {
  const why =
    values['slip39-passphrase-file'] !== undefined
      ? 'a split with a SLIP-39 passphrase (--slip39-passphrase-file): the wallet record describes words that restore the key without one'
      : curve === undefined
        ? 'a secret that is not a private key: the wallet record describes a key, by its public key and addresses'
        : undefined;
  if (why === undefined) return;
  const fix =
    values['slip39-passphrase-file'] !== undefined
      ? 'Leave out --data-dir to split with the passphrase and keep no record, or leave out --slip39-passphrase-file to record the wallet.'
      : `Leave out --data-dir to split it without a record, or, if it is a private key, name its curve (--curve ${CURVE_IDS.join(' or ')}).`;
  throw usage(`--data-dir saves a wallet record, and a record cannot describe ${why}. ${fix}`);
}

/**
 * The slip39 scheme with --data-dir: split as the app does (slip39SplitKey, a Slip39Ceremony that
 * takes each holder's receipt by re-opening their file), then save the wallet record with the
 * receipts (saveSlip39WalletRecord) before the key is wiped.
 */
async function splitSlip39Wallet(
  curve: CurveRef,
  secret: Uint8Array,
  origin: KeyOrigin,
  o: {
    parties: number;
    threshold?: number | undefined;
    labels?: string[] | undefined;
    walletLabel?: string | undefined;
  },
  h: HandOff,
  dataDir: string,
): Promise<void> {
  checkSlip39Parties(o.parties);
  const split = slip39SplitKey(curve, secret, {
    labels: holderLabels(o.parties, o.labels),
    walletLabel: o.walletLabel,
    threshold: o.threshold,
    pbkdf2: nativePbkdf2,
  });
  const ceremony = new Slip39Ceremony(split, secret, origin);
  try {
    const w = ceremony.wallet;
    const holders = w.labels.map((label, i) => {
      const mnemonic = ceremony.mnemonic(i + 1);
      return {
        index: i + 1,
        label,
        mnemonic,
        walletLabel: w.walletLabel,
        form: slip39WalletFileForm(w, i + 1, mnemonic),
      };
    });
    const { files } = await handOffSlip39(holders, h, (index, mnemonic, at) =>
      ceremony.confirm(index, mnemonic, 'file', at),
    );
    ceremony.requireComplete('Saving the wallet record');
    // The wallet record brings the address libraries: loaded only when a record is written.
    const { saveSlip39WalletRecord } = await import('../../files/wallet-store.js');
    const wallet = saveSlip39WalletRecord(dataDir, w, ceremony.receipts);
    const receipts = ceremony.finish();
    printJson({
      walletRecord: wallet.path,
      walletId: wallet.record.id,
      addresses: wallet.record.addresses,
      scheme: 'slip39',
      threshold: w.threshold,
      parties: w.labels.length,
      identifier: w.identifier,
      files,
      receipts,
      ...walletIdFields(curve, w.publicKey),
    });
  } finally {
    ceremony.abandon();
  }
}

function checkSlip39Parties(parties: number): void {
  if (parties < 2 || parties > SLIP39_MAX_HOLDERS)
    throw new RangeError(`SLIP-39 takes 2 to ${SLIP39_MAX_HOLDERS} holders (--parties)`);
}

/** The slip39 scheme: one group, any T of N members; one SLIP-39 child-key file per holder. */
function splitSlip39(
  secret: Uint8Array,
  walletId: Uint8Array,
  curve: CurveRef | null,
  o: {
    parties: number;
    threshold?: number | undefined;
    labels?: string[] | undefined;
    walletLabel?: string | undefined;
    passphrase: string;
  },
): {
  identifier: number;
  holders: { index: number; label: string; form: string; mnemonic: string; walletLabel: string }[];
} {
  checkSlip39Parties(o.parties);
  const t = o.threshold ?? o.parties;
  if (t < 2 || t > o.parties) throw new RangeError(`--threshold must be from 2 to ${o.parties}`);
  if (secret.length < 16 || secret.length > 32 || secret.length % 2 !== 0)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `SLIP-39 takes keys and secrets of 128 to 256 bits (16 to 32 bytes, an even number); this one is ${secret.length} bytes. Use another scheme for it.`,
    );
  const labels = holderLabels(o.parties, o.labels);
  const walletLabel = normalizeLabel(o.walletLabel ?? '', 'walletLabel', MAX_WALLET_LABEL_BYTES, 0);
  const [mnemonics] = slip39Split({
    masterSecret: secret,
    groupThreshold: 1,
    groups: [{ threshold: t, count: o.parties }],
    passphrase: o.passphrase,
    pbkdf2: nativePbkdf2,
  });
  const list = mnemonics ?? [];
  const holders = list.map((mnemonic, i) => ({
    index: i + 1,
    label: labels[i] as string,
    mnemonic,
    walletLabel,
    form: slip39ChildKeyToFile({
      mnemonic,
      label: labels[i] as string,
      walletLabel,
      parties: o.parties,
      curve,
      walletId,
    }),
  }));
  return { identifier: decodeIdentifier(list[0] as string), holders };
}

function decodeIdentifier(mnemonic: string): number {
  const share = decodeMnemonic(mnemonic);
  share.value.fill(0);
  return share.identifier;
}
