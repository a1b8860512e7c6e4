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
import { splitKey, splitSecret, wipeChildKeys, type SplitResult } from '../../core/split.js';
import { readLimited } from '../../files/atomic.js';
import { childKeyFileName, writeSetFiles } from '../../files/child-key-files.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { readPassphraseFile } from '../passphrase.js';
import { intOption, parse, printJson, required, usage, walletIdFields } from '../output.js';

export const SPLIT_HELP = `Usage: jointkey split --scheme SCHEME --parties N [--threshold T]
                      (--secret-hex HEX | --secret-file PATH | --generate CURVE) [--curve CURVE]
                      [--labels A,B,C] [--wallet-label TEXT] --out DIR --plaintext

Splits a key or any secret into one child-key file per holder, written into DIR (never replacing a
file), and prints {setId, files, publicKey | fingerprint}. The secret itself is never printed.

  --scheme        xor       N-of-N: N-1 random child keys and the key XOR all of them
                  additive  N-of-N: random values added (mod the group order for a key)
                  shamir    the polynomial scheme mod a prime; t-of-n with --threshold
                  gf256     byte-wise Shamir over GF(2^8), any length; t-of-n with --threshold
                  slip39    SLIP-39 mnemonics (Trezor's Shamir backup), 2 to 16 holders, for
                            keys and secrets of 128 to 256 bits (16 to 32 bytes, an even number)
  --parties N     number of holders, 2 to 255
  --threshold T   child keys needed to restore (shamir, gf256): 2 to N; default N
  --secret-hex    the secret as hex (visible to other users in the process list: prefer a file)
  --secret-file   a file whose bytes are the secret (1 byte to ${MAX_SECRET_BYTES} bytes)
  --generate      generate a new private key: secp256k1 or ed25519
  --curve         the secret is a private key of this curve (secp256k1 or ed25519):
                  the child keys then carry its public key, and restore checks against it
  --labels        holder labels in holder order, comma separated (default Holder 1, …)
  --wallet-label  a name for the wallet, shown in each file
  --out DIR       folder for the child-key files (created if missing)
  --plaintext     required: the files are not encrypted; keep each where only its holder can read it
  --data-dir DIR  also save the wallet record (public data only) in DIR/wallets

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
  if (!values.plaintext)
    throw usage(
      'Child-key files are written unencrypted: add --plaintext to confirm, and keep each file where only its holder can read it.',
    );
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
  const labels = values.labels?.split(',').map((l) => l.trim());
  const opts = { scheme: scheme as SchemeId, parties, threshold, labels, walletLabel: values['wallet-label'] };

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
  } else secret = new Uint8Array(readLimited(values['secret-file'] as string, MAX_SECRET_BYTES));
  let result: SplitResult | undefined;
  try {
    if (secret.length === 0)
      throw new JointKeyError('INVALID_ARGUMENT', 'The secret is empty. Give a secret of at least one byte.');
    if (scheme === 'slip39') {
      const walletId = curve ? publicKeyOf(curveById(curve), secret) : secretFingerprint(secret);
      const files = splitSlip39(secret, walletId, curve ?? null, {
        ...opts,
        out,
        passphrase: readPassphraseFile(values['slip39-passphrase-file']),
      });
      return printJson({
        scheme,
        threshold: threshold ?? parties,
        parties,
        ...files,
        ...walletIdFields(curve ?? null, walletId),
      });
    }
    result = curve ? splitKey(curve, secret, opts) : splitSecret(secret, opts);
    const r = result;
    const files = writeSetFiles(
      out,
      r.childKeys.map((ck) => ({ name: childKeyFileName(ck), content: childKeyToFile(ck, r.set) })),
    );
    const dataDir = values['data-dir'];
    // The wallet record brings the address libraries: loaded only when a record is written.
    const wallet =
      dataDir === undefined
        ? undefined
        : (await import('../../files/wallet-store.js')).saveWalletRecord(dataDir, r.set);
    printJson({
      ...(wallet ? { walletRecord: wallet.path, addresses: wallet.record.addresses } : {}),
      setId: bytesToHex(r.setId),
      scheme: r.set.scheme,
      threshold: r.set.threshold,
      parties: r.set.parties,
      files,
      ...walletIdFields(r.set.curve, r.set.walletId),
    });
  } finally {
    wipe(secret);
    if (result) wipeChildKeys(result.childKeys);
  }
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
    out: string;
    passphrase: string;
  },
): { identifier: number; files: string[] } {
  if (o.parties < 2 || o.parties > 16) throw new RangeError('SLIP-39 takes 2 to 16 holders (--parties)');
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
  const files = writeSetFiles(
    o.out,
    list.map((mnemonic, i) => ({
      name: childKeyFileName({ index: i + 1, label: labels[i] as string }, 'slip39.json'),
      content: slip39ChildKeyToFile({
        mnemonic,
        label: labels[i] as string,
        walletLabel,
        parties: o.parties,
        curve,
        walletId,
      }),
    })),
  );
  return { identifier: decodeIdentifier(list[0] as string), files };
}

function decodeIdentifier(mnemonic: string): number {
  const share = decodeMnemonic(mnemonic);
  share.value.fill(0);
  return share.identifier;
}
