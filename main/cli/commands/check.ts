/** `jointkey check`: a holder checks their own child key alone, on their own machine, against the wallet's record. */
import { JointKeyError, isJointKeyError } from '../../core/errors.js';
import type { Wallet } from '../../core/wallet/kind.js';
import { wipeRead } from '../../files/child-key-files.js';
import { recordUse } from '../../wallets/log.js';
import { defaultDataDir, findWalletRecord, walletOfChildKey } from '../../wallets/store.js';
import { refuseSuperseded } from '../../wallets/superseded.js';
import { parse, printJson, usage } from '../output.js';
import { openFiles } from './restore.js';

export const CHECK_HELP = `Usage: jointkey check [--passphrase-file F] [--data-dir DIR] [--set-id SETID] FILE

Checks your own child key alone — no other holder needed — against its wallet's record in DIR/wallets:
JointKey child keys against the set's commitments, public point or salted hash; SLIP-39 words by their
checksum, identifier and parameters. Prints {ok: true, summary: "Your child key for … is intact
(holder 2 of 3, Bob)", …} and adds the check to the wallet's record of use (jointkey log), which keeps
each holder's last check; exits non-zero naming the fault otherwise.

  --passphrase-file F  the file's passphrase (an encrypted child-key file)
  --data-dir DIR       where wallet records are kept (default ${defaultDataDir()})
  --set-id SETID       the wallet to check against (jointkey wallet list): a child key of another
                       wallet is then refused. Without it, the wallet the child key names.

With no record of its wallet, a child-key file is checked against the public data it carries itself
(not recorded: "against": "file"); bare SLIP-39 words only by their checksum.
`;

export async function checkCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'check',
    args,
    { 'passphrase-file': { type: 'string' }, 'data-dir': { type: 'string' }, 'set-id': { type: 'string' } },
    true,
  );
  if (values.help) return void process.stdout.write(CHECK_HELP);
  if (positionals.length !== 1) throw usage('Give exactly one child-key file: your own. Run "jointkey check --help".');
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const [r] = await openFiles(positionals, values['passphrase-file']);
  if (!r) return;
  try {
    let wallet: Wallet | undefined;
    if (values['set-id'] !== undefined) {
      wallet = findWalletRecord(dataDir, values['set-id'].toLowerCase())?.wallet;
      if (!wallet)
        throw new JointKeyError(
          'FILE_NOT_FOUND',
          `No wallet record with id ${values['set-id']} is in ${dataDir}. Run "jointkey wallet list --data-dir ${dataDir}" and give one of its ids.`,
        );
    } else wallet = walletOfChildKey(dataDir, r.read);
    refuseSuperseded(dataDir, r.read);
    if (!wallet)
      return printJson({
        ok: true,
        against: 'file',
        note: `No record of this child key's wallet is in ${dataDir}: it was checked against what its own file carries, and the check is not recorded.`,
        encrypted: r.encrypted,
        ...r.read.kind.verifyReport(r.read),
      });
    let check;
    try {
      check = wallet.checkAlone(r.read);
    } catch (e) {
      if (isJointKeyError(e)) throw new JointKeyError(e.code, `${r.path}: ${e.message}`);
      throw e;
    }
    const logged = recordUse(dataDir, wallet.record.id, 'checked', {
      how: 'alone',
      holders: [{ ...check.holder, from: r.read.source.from }],
    });
    printJson({
      ok: true,
      against: 'record',
      summary: check.summary,
      wallet: wallet.record.label,
      walletId: wallet.record.id,
      holder: check.holder.label,
      index: check.holder.index,
      parties: wallet.record.parties,
      threshold: wallet.record.threshold,
      checked: check.checked,
      ...(check.note ? { note: check.note } : {}),
      encrypted: r.encrypted,
      ...(logged.logged ? {} : { logError: logged.error }),
    });
  } finally {
    wipeRead([r]);
  }
}
