/**
 * `jointkey rekey`: a recorded wallet's key given a new set of child keys — other holders, another
 * number, threshold or scheme; by default the same ones (a refresh) — from a quorum of the current
 * child keys, checked on entry as at a joint signing. The new set goes through the same hand-off and
 * receipts as a split; only when every receipt is in is the new record written. The old record stays
 * as it was, marked superseded (main/wallets/superseded.ts). The addresses do not change.
 */
import { bytesToHex } from '../../core/bytes.js';
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import { holderLabels } from '../../core/formats/child-key.js';
import type { WalletCeremony } from '../../core/wallet/kind.js';
import { ALL_SCHEMES, kindOfScheme } from '../../core/wallet/kinds/index.js';
import { DEFAULT_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N, minScryptLogN } from '../../files/encrypted-child-key.js';
import { nativePbkdf2 } from '../../native/pbkdf2.js';
import { logCreated, recordUse } from '../../wallets/log.js';
import { defaultDataDir, saveWalletRecord } from '../../wallets/store.js';
import { writeSupersession } from '../../wallets/superseded.js';
import { intOption, parse, printJson, required, usage, walletIdFields } from '../output.js';
import { openSession } from './sign.js';
import { checkedPassphrases, handOffFiles } from './split.js';

export const REKEY_HELP = `Usage: jointkey rekey [--parties N] [--threshold T] [--scheme S] [--labels A,B,C]
                    [--wallet-label TEXT] --out DIR (--passphrase-file F | --plaintext)
                    [--scrypt-log-n N] [--old-passphrase-file F] [--data-dir DIR] OLD-CHILD-KEY-FILE…

Gives a recorded wallet's key a new set of child keys, from a quorum of its current ones: other
holders, another number of them, another threshold or scheme. The addresses do not change. Each old
child key is checked as it is entered, as at a joint signing; the key is restored inside this process,
split anew, each new holder's file written into DIR and re-opened for their receipt, and only when
every receipt is in is the new wallet record written. The old record is kept, marked superseded by
the new set; its child keys are then refused, named, wherever they are entered. Prints {setId,
previousSetId, how, publicKey | fingerprint, files, receipts, …}.

With no option changed it is a refresh: the same holders and rule, new random values, so that old
child keys never combine with new ones. A refresh cannot take back what was given: whoever already
holds a quorum of the old child keys can still restore the key. After a theft, move the funds to a
new wallet.

  --parties N, --threshold T, --scheme S, --labels A,B,C, --wallet-label TEXT
                  the new set's (default: the old set's; with another number of holders, --labels)
  --out DIR       folder for the new child-key files (created if missing)
  --passphrase-file F | --plaintext | --scrypt-log-n N
                  the new files, as "jointkey split" writes them
  --old-passphrase-file F
                  the old files' passphrases, one per line in the order of the files
  --data-dir DIR  where the wallet's record is kept (default ${defaultDataDir()})
`;

export async function rekeyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'rekey',
    args,
    {
      parties: { type: 'string' },
      threshold: { type: 'string' },
      scheme: { type: 'string' },
      labels: { type: 'string' },
      'wallet-label': { type: 'string' },
      out: { type: 'string' },
      plaintext: { type: 'boolean' },
      'passphrase-file': { type: 'string' },
      'scrypt-log-n': { type: 'string' },
      'old-passphrase-file': { type: 'string' },
      'data-dir': { type: 'string' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(REKEY_HELP);
  const out = required(values.out, 'out', 'rekey');
  const passphraseFile = values['passphrase-file'];
  if ((passphraseFile === undefined) === !values.plaintext)
    throw usage(
      "Give --passphrase-file F to encrypt each new holder's file under their own passphrase (one per line, in holder order), or --plaintext, not both.",
    );
  const scryptLogN = intOption(values['scrypt-log-n'], 'scrypt-log-n') ?? DEFAULT_SCRYPT_LOG_N;
  if (scryptLogN < minScryptLogN() || scryptLogN > MAX_SCRYPT_LOG_N)
    throw usage(`--scrypt-log-n must be from ${minScryptLogN()} to ${MAX_SCRYPT_LOG_N}, got ${scryptLogN}`);
  if (values.scheme !== undefined && !ALL_SCHEMES.includes(values.scheme))
    throw usage(`--scheme must be one of ${ALL_SCHEMES.join(', ')}, got "${values.scheme}"`);
  if (positionals.length === 0)
    throw usage('Give the current child-key files of enough holders to restore the key. Run "jointkey rekey --help".');
  const dataDir = values['data-dir'] ?? defaultDataDir();

  // The old child keys, each checked on entry against the wallet (and refused, named, when their set
  // was already replaced).
  const opened = await openSession(positionals, dataDir, values['old-passphrase-file'], {});
  const { session } = opened;
  let ceremony: WalletCeremony | undefined;
  try {
    const wallet = opened.wallet;
    if (!wallet)
      throw new JointKeyError(
        'FILE_NOT_FOUND',
        `No record of this wallet is in ${dataDir}. A rekey replaces a recorded wallet's child keys: give --data-dir with the wallet's record (jointkey wallet list).`,
      );
    const old = wallet.record;
    const progress = session.progress();
    if (!progress.ready)
      throw new JointKeyError(
        'TOO_FEW_CHILD_KEYS',
        `A rekey needs the child keys of ${progress.need} holders, as a signing does: ${progress.summary}. Give theirs too.`,
      );

    // The new set's options, the old set's by default; checked before the key is restored.
    const scheme = values.scheme ?? old.scheme;
    const kind = kindOfScheme(scheme);
    const given = values.labels?.split(',').map((l) => l.trim());
    const parties = intOption(values.parties, 'parties') ?? given?.length ?? old.parties;
    if (given === undefined && parties !== old.parties)
      throw usage(`With ${parties} holders instead of ${old.parties}, name them all: --labels A,B,C…`);
    let labels: string[];
    try {
      labels = holderLabels(parties, given ?? old.holders);
    } catch (e) {
      if (e instanceof RangeError) throw usage(`--labels: ${e.message}. Give each new holder a different label.`);
      throw e;
    }
    const nOfN = scheme === 'xor' || scheme === 'additive';
    const askedThreshold = intOption(values.threshold, 'threshold');
    const threshold = askedThreshold ?? (nOfN ? parties : Math.min(old.threshold, parties));
    const walletLabel = values['wallet-label'] ?? old.label;
    const why = kind.unrecordable(old.curve, {});
    if (why !== undefined) throw usage(`the new set's record cannot describe ${why}`);
    const passphrases =
      passphraseFile === undefined ? undefined : checkedPassphrases(passphraseFile, labels, walletLabel);
    const same =
      scheme === old.scheme &&
      threshold === old.threshold &&
      walletLabel === old.label &&
      labels.join('\n') === old.holders.join('\n');
    const how = same ? 'refreshed' : 'rekeyed';

    // The key, restored and checked against the wallet's public key, is split anew: the ceremony
    // keeps its own copy (wiped when it ends); the session wipes the restored one.
    const made = session.withKey((key, curve) =>
      kind.split(
        curve,
        key.slice(),
        { scheme, labels, walletLabel, threshold: nOfN ? askedThreshold : threshold, rekey: true },
        'imported',
        { pbkdf2: nativePbkdf2 },
      ),
    );
    ceremony = made;
    if (old.curve !== null && bytesToHex(made.publicKey) !== old.publicKey)
      throw usage(
        `--scheme ${scheme} would not keep this wallet's key and addresses (its key is not split the same way). Keep its scheme, ${old.scheme}: leave --scheme out.`,
      );
    const files = await handOffFiles(made, { out, passphrases, scryptLogN });
    made.requireComplete('Recording the new set');
    const at = new Date().toISOString();
    const record = made.recordJson(at);
    // A secret's fingerprint is keyed by each set's own blinding key (format version 2): only a
    // curve key's public key and addresses stay the same.
    if (
      (old.curve !== null && record.publicKey !== old.publicKey) ||
      JSON.stringify(record.addresses) !== JSON.stringify(old.addresses)
    )
      throw new Error('the new set does not hold the wallet’s key');
    // The marker first, then the record: the marker counts only once the record exists, so a stop
    // between the two leaves the old set in force and no new record.
    writeSupersession(dataDir, { setId: old.id, supersededBy: record.id, at, how });
    const saved = saveWalletRecord(dataDir, record);
    const receipts = made.finish();
    const loggedOld = recordUse(dataDir, old.id, how, {
      newSetId: record.id,
      scheme: record.scheme,
      parties: record.parties,
      threshold: record.threshold,
      holders: [...record.holders],
    });
    const loggedNew = logCreated(dataDir, saved.record, old.id);
    const logError = !loggedOld.logged ? loggedOld.error : loggedNew.error;
    printJson({
      ...made.summary(),
      setId: record.id,
      previousSetId: old.id,
      how,
      walletRecord: saved.path,
      ...walletIdFields(record.curve, made.publicKey),
      addresses: record.addresses,
      files,
      receipts,
      ...(logError ? { logError } : {}),
    });
  } catch (e) {
    if (isJointKeyError(e) || !(e instanceof RangeError || e instanceof TypeError)) throw e;
    throw new JointKeyError('INVALID_ARGUMENT', `${e.message}. Run "jointkey rekey --help".`);
  } finally {
    session.close();
    ceremony?.abandon();
  }
}
