/** `jointkey split`: split a key or secret into child-key files, one per holder. */
import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytesStrict, wipe } from '../../core/bytes.js';
import { type CurveRef, MAX_SECRET_BYTES, holderLabels } from '../../core/formats/child-key.js';
import { CURVES } from '../../core/math/curves.js';
import { JointKeyError } from '../../core/errors.js';
import { generatePrivateKey, importHexKey, importMnemonic, importWif } from '../../core/chains/key-sources.js';
import { BODY_FILE_NAME, SEAL_ABOVE_BYTES } from '../../core/formats/sealed-body.js';
import type { KeyOrigin } from '../../core/wallet/ceremony.js';
import type { WalletCeremony } from '../../core/wallet/kind.js';
import { ALL_SCHEMES, kindOfScheme } from '../../core/wallet/kinds/index.js';
import { holderPassphraseVerdict } from '../../core/wallet/passphrase-strength.js';
import { readLimited, refuseSpecialPath, sweepTemporaries } from '../../files/atomic.js';
import { childKeyFileName, openChildKeyFile, removeFiles, writeSetFiles } from '../../files/child-key-files.js';
import {
  DEFAULT_SCRYPT_LOG_N,
  INSECURE_MIN_SCRYPT_LOG_N,
  INSECURE_SCRYPT_ENV,
  MAX_SCRYPT_LOG_N,
  MIN_SCRYPT_LOG_N,
  encryptChildKeyFile,
  encryptedChildKeyFileName,
  minScryptLogN,
} from '../../files/encrypted-child-key.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { isStdin, readPassphraseFile, readPassphraseLines, readStdinSecret } from '../passphrase.js';
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
                  frost     FROST (RFC 9591): a key split once by a trusted dealer, then signed share
                            by share, never rebuilt: secp256k1 → BIP-340/Taproot, ed25519 → Ed25519
                            (jointkey frost …); t-of-n with --threshold
                  slip39    SLIP-39 mnemonics (Trezor's Shamir backup), 2 to 16 holders, for
                            keys and secrets of 128 to 256 bits (16 to 32 bytes, an even number)
  --parties N     number of holders, 2 to 255
  --threshold T   child keys needed to restore (shamir, gf256): 2 to N; default N
  --secret-hex    the secret as hex. It shows in the process list (ps) to every user of this
                  computer while split runs: prefer --secret-file, or --secret-file - and a pipe
  --secret-file   a file whose bytes are the secret, or - to read them from standard input (a pipe,
                  up to ${MAX_SECRET_BYTES} bytes); a file of any size: one larger than ${SEAL_ABOVE_BYTES} bytes
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
  --scrypt-log-n N  the age files' scrypt work factor, ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N} (default ${DEFAULT_SCRYPT_LOG_N}); lower is
                  refused (only a test run may set ${INSECURE_SCRYPT_ENV}=1, which is insecure)
  --plaintext     write unencrypted files instead: keep each where only its holder can read it
  --algo A        frost: the signature the wallet makes, bip340 (a secp256k1 key) or ed25519; it
                  must agree with the key's curve (--generate secp256k1 → bip340)
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

/** The options that name a file to read: each is refused up front on a special file system. */
const FILE_OPTIONS = [
  'secret-file',
  'keystore',
  'keystore-password-file',
  'mnemonic-file',
  'mnemonic-passphrase-file',
  'passphrase-file',
  'slip39-passphrase-file',
] as const;

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
    algo: { type: 'string' },
  });
  if (values.help) return void process.stdout.write(SPLIT_HELP);
  const scheme = required(values.scheme, 'scheme', 'split');
  if (!ALL_SCHEMES.includes(scheme)) throw usage(`--scheme must be one of ${ALL_SCHEMES.join(', ')}, got "${scheme}"`);
  const kind = kindOfScheme(scheme);
  if (values['slip39-passphrase-file'] !== undefined && !kind.takesPassphrase)
    throw usage(
      `--slip39-passphrase-file goes with --scheme ${ALL_SCHEMES.filter((s) => kindOfScheme(s).takesPassphrase).join(' or ')}`,
    );
  const parties = required(intOption(values.parties, 'parties'), 'parties', 'split');
  const threshold = intOption(values.threshold, 'threshold');
  const out = required(values.out, 'out', 'split');
  refuseSpecialPath(out, { option: '--out', noun: 'a folder' });
  for (const o of FILE_OPTIONS) {
    const path = values[o];
    if (path !== undefined && !(o === 'secret-file' && isStdin(path)))
      refuseSpecialPath(path, { option: `--${o}`, noun: 'a file' });
  }
  if (values['data-dir'] !== undefined)
    refuseSpecialPath(values['data-dir'], { option: '--data-dir', noun: 'a folder' });
  // What a split killed midway left (a temporary file can hold a child key in the clear) goes first.
  sweepTemporaries([out, values['data-dir'], values['data-dir'] && join(values['data-dir'], 'wallets')]);
  const passphraseFile = values['passphrase-file'];
  if (passphraseFile !== undefined && values.plaintext)
    throw usage('Give --passphrase-file (encrypted files) or --plaintext (unencrypted files), not both.');
  if (passphraseFile === undefined && !values.plaintext)
    throw usage(
      "Give --passphrase-file F to encrypt each holder's file under their own passphrase (one per line, in holder order), or --plaintext to write unencrypted files and keep each where only its holder can read it.",
    );
  const scryptLogN = intOption(values['scrypt-log-n'], 'scrypt-log-n') ?? DEFAULT_SCRYPT_LOG_N;
  if (scryptLogN < minScryptLogN() && scryptLogN >= INSECURE_MIN_SCRYPT_LOG_N)
    throw usage(
      `--scrypt-log-n ${scryptLogN} is refused: below ${MIN_SCRYPT_LOG_N}, a guess at a holder's passphrase costs ${2 ** (MIN_SCRYPT_LOG_N - scryptLogN)} times less than JointKey's floor of 2^${MIN_SCRYPT_LOG_N}. Leave out --scrypt-log-n (2^${DEFAULT_SCRYPT_LOG_N}), or give ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}. (Test suites only: ${INSECURE_SCRYPT_ENV}=1 allows down to ${INSECURE_MIN_SCRYPT_LOG_N}.)`,
    );
  if (scryptLogN < minScryptLogN() || scryptLogN > MAX_SCRYPT_LOG_N)
    throw usage(`--scrypt-log-n must be from ${minScryptLogN()} to ${MAX_SCRYPT_LOG_N}, got ${scryptLogN}`);
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
  if (values.algo !== undefined) {
    const algos: Record<string, string> = { bip340: 'secp256k1', ed25519: 'ed25519' };
    if (algos[values.algo] === undefined) throw usage(`--algo must be bip340 or ed25519, got "${values.algo}"`);
    if (curve !== undefined && algos[values.algo] !== curve)
      throw usage(`--algo ${values.algo} signs with a ${algos[values.algo]} key, and this key is ${curve}.`);
  }
  const passphrase =
    values['slip39-passphrase-file'] === undefined
      ? undefined
      : readPassphraseFile(values['slip39-passphrase-file'], '--slip39-passphrase-file');
  if (values['data-dir'] !== undefined) {
    const why = kind.unrecordable(curve, { passphrase });
    if (why !== undefined) throw usage(`--data-dir saves a wallet record, and a record cannot describe ${why}`);
  }
  const labels = values.labels?.split(',').map((l) => l.trim());
  const request = {
    scheme,
    labels: holderLabels(parties, labels),
    walletLabel: values['wallet-label'],
    threshold,
    ...(passphrase === undefined ? {} : { passphrase }),
  };
  // Passphrases are checked before any key is made or read.
  const passphrases =
    passphraseFile === undefined
      ? undefined
      : checkedPassphrases(passphraseFile, holderLabels(parties, labels), values['wallet-label'] ?? '');
  const handOff = { out, passphrases, scryptLogN };
  const origin: KeyOrigin = generate ? 'generated' : 'imported';

  const outExisted = existsSync(out);
  const fromStdin = values['secret-file'] !== undefined && isStdin(values['secret-file']);
  const sealedSource = !fromStdin && isLargeSecretFile(values['secret-file']);
  let secret: Uint8Array;
  if (generate) secret = generatePrivateKey(generate);
  else if (values.hex !== undefined) secret = importHexKey(curve ?? 'secp256k1', values.hex);
  else if (values.wif !== undefined) secret = importWif(values.wif).privateKey;
  else if (values.keystore !== undefined)
    secret = (await import('../../core/chains/keystore.js')).importKeystore(
      readLimited(values.keystore, 1024 * 1024, { option: '--keystore', noun: 'an Ethereum keystore file' }).toString(
        'utf8',
      ),
      readPassphraseFile(values['keystore-password-file'], '--keystore-password-file'),
    );
  else if (values['mnemonic-file'] !== undefined)
    secret = importMnemonic(
      readPassphraseFile(values['mnemonic-file'], '--mnemonic-file'),
      values.path as string,
      readPassphraseFile(values['mnemonic-passphrase-file'], '--mnemonic-passphrase-file'),
    );
  else if (values['secret-hex'] !== undefined) {
    try {
      secret = hexToBytesStrict(values['secret-hex'], '--secret-hex');
    } catch {
      throw usage('--secret-hex must be hex digits, an even number of them');
    }
  } else if (fromStdin) secret = await readStdinSecret(MAX_SECRET_BYTES);
  else if (sealedSource) secret = newFileKey(kind, scheme, values.curve);
  else
    secret = new Uint8Array(
      readLimited(values['secret-file'] as string, MAX_SECRET_BYTES, { option: '--secret-file', noun: 'the secret' }),
    );
  try {
    if (secret.length === 0)
      throw new JointKeyError('INVALID_ARGUMENT', 'The secret is empty. Give a secret of at least one byte.');
    const ceremony = kind.split(curve ?? null, secret, request, origin, { pbkdf2: nativePbkdf2 });
    let sealed: Awaited<ReturnType<typeof sealBeside>> | undefined;
    const written: string[] = [];
    try {
      if (sealedSource) sealed = await sealBeside(values['secret-file'] as string, out, secret, ceremony.walletId);
      const files = await handOffFiles(ceremony, { ...handOff, alsoNeeded: sealed?.bodyBytes }, written);
      ceremony.requireComplete('Saving the wallet record');
      const dataDir = values['data-dir'];
      // The wallet record brings the address libraries: loaded only when a record is written.
      const wallet =
        dataDir === undefined
          ? undefined
          : (await import('../../wallets/store.js')).saveWalletRecord(
              dataDir,
              ceremony.recordJson(new Date().toISOString()),
            );
      const receipts = ceremony.finish();
      const logged =
        wallet && dataDir !== undefined
          ? (await import('../../wallets/log.js')).logCreated(dataDir, wallet.record)
          : undefined;
      printJson({
        ...(wallet ? { walletRecord: wallet.path, addresses: wallet.record.addresses } : {}),
        ...(logged?.error ? { logError: logged.error } : {}),
        ...ceremony.summary(),
        files,
        receipts,
        ...walletIdFields(ceremony.curve, ceremony.publicKey),
        ...sealed,
      });
    } catch (e) {
      // A split that failed leaves nothing: not its body, nor child-key files of a wallet never recorded.
      removeBody(sealed);
      removeFiles(written);
      if (!outExisted) removeEmptyFolder(out);
      throw e;
    } finally {
      ceremony.abandon();
    }
  } finally {
    wipe(secret);
  }
}

/** Removes folder `dir` if it is empty (a split that failed created it); leaves it otherwise. */
function removeEmptyFolder(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or already gone
  }
}

export interface HandOff {
  out: string;
  /** Bytes already written into `out` for this split (a sealed body), for DISK_FULL's estimate. */
  alsoNeeded?: number | undefined;
  /** One per holder, or undefined for --plaintext. */
  passphrases: string[] | undefined;
  scryptLogN: number;
}

/** Reads and checks the holders' passphrases: one per holder, each strong, no two the same. */
export function checkedPassphrases(path: string, labels: readonly string[], walletLabel: string): string[] {
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
 * the child key handed off (the ceremony's kind checks it). Returns the paths, in holder order,
 * and adds them to `written` as soon as they are (to remove them if a later step fails).
 */
export async function handOffFiles(ceremony: WalletCeremony, h: HandOff, written: string[] = []): Promise<string[]> {
  const forms = ceremony.labels.map((label, i) => ({ index: i + 1, label, form: ceremony.fileForm(i + 1) }));
  const files = writeSetFiles(h.out, await fileContents(forms, ceremony.walletLabel, h, ceremony.fileSuffix), {
    option: '--out',
    alsoNeeded: h.alsoNeeded,
  });
  written.push(...files);
  for (const [i, path] of files.entries()) {
    const { read } = await openChildKeyFile(path, h.passphrases?.[i]);
    try {
      ceremony.confirmRead(i + 1, read, 'file', new Date().toISOString());
    } finally {
      read.wipe();
    }
  }
  return files;
}
