/** `jointkey log`: a wallet's record of use, verified. */
import { brokenLogError } from '../../core/wallet/log.js';
import { logDir, readLog } from '../../wallets/log.js';
import { defaultDataDir } from '../../wallets/store.js';
import { parse, printJson, usage } from '../output.js';

export const LOG_HELP = `Usage: jointkey log [--data-dir DIR] SETID

Prints a wallet's record of use — created, each holder's receipt, checks, signatures, broadcasts,
rekeys — from DIR/log/SETID, after verifying its chain: each entry holds the hash of the one
before, so an entry edited, removed or moved is named. Prints {walletId, ok, entries, problems};
exits non-zero, naming the first fault, when the chain is broken. DIR defaults to the app's data
folder (${defaultDataDir()}).
`;

export async function logCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse('log', args, { 'data-dir': { type: 'string' } }, true);
  if (values.help) return void process.stdout.write(LOG_HELP);
  if (positionals.length !== 1)
    throw usage('Give one wallet id (jointkey wallet list shows them). Run "jointkey log --help".');
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const walletId = (positionals[0] as string).toLowerCase();
  const report = readLog(dataDir, walletId);
  printJson({
    walletId,
    ok: report.ok,
    entries: report.entries.map(({ seq, at, event, data, hash }) => ({ seq, at, event, data, hash })),
    problems: report.problems,
  });
  if (!report.ok) throw brokenLogError(report, logDir(dataDir, walletId));
}
