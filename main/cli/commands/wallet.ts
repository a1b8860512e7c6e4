/** `jointkey wallet list|import-key`: the wallet records on this machine, and splitting an imported key. */
import { lastCheckedByHolder } from '../../core/wallet/log.js';
import { readLog } from '../../wallets/log.js';
import { defaultDataDir, listWalletRecords } from '../../wallets/store.js';
import { supersededSets } from '../../wallets/superseded.js';
import { parse, printJson, usage } from '../output.js';
import { SPLIT_HELP, splitCommand } from './split.js';

export const WALLET_HELP = `Usage: jointkey wallet list [--data-dir DIR]
       jointkey wallet import-key (--hex HEX [--curve C] | --wif WIF | --keystore FILE --keystore-password-file F
                                  | --mnemonic-file FILE --path P) SPLIT-OPTIONS…

list        prints the wallet records (public data only) in DIR/wallets, each with the set that replaced
            it (supersededBy, after a rekey or refresh) and each holder's last check (lastChecked: their
            receipt, a check alone, a health check or a signing, from the record of use); DIR defaults
            to the app's data folder (${defaultDataDir()})
import-key  imports an existing key and splits it, like "jointkey split" with those options
`;

export async function walletCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'import-key') {
    if (rest.includes('--help') || rest.includes('-h'))
      return void process.stdout.write(`${WALLET_HELP}\n${SPLIT_HELP}`);
    return splitCommand(rest, true);
  }
  if (sub === 'list') {
    const { values } = parse('wallet list', rest, { 'data-dir': { type: 'string' } });
    if (values.help) return void process.stdout.write(WALLET_HELP);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const superseded = supersededSets(dataDir);
    /** Each holder's last check (their receipt, a check alone, a health check or a signature), from the record of use. */
    const lastChecked = (id: string, holders: readonly string[]) => {
      const log = readLog(dataDir, id);
      const last = lastCheckedByHolder(log);
      return { logOk: log.ok, lastChecked: holders.map((h, i) => ({ holder: h, at: last.get(i + 1) ?? null })) };
    };
    return printJson({
      dataDir,
      wallets: listWalletRecords(dataDir).map((e) =>
        'wallet' in e
          ? {
              id: e.wallet.record.id,
              label: e.wallet.record.label,
              curve: e.wallet.record.curve,
              publicKey: e.wallet.record.publicKey,
              addresses: e.wallet.record.addresses,
              scheme: e.wallet.record.scheme,
              threshold: e.wallet.record.threshold,
              parties: e.wallet.record.parties,
              holders: e.wallet.record.holders,
              createdAt: e.wallet.record.createdAt,
              supersededBy: superseded.get(e.wallet.record.id)?.supersededBy ?? null,
              ...lastChecked(e.wallet.record.id, e.wallet.record.holders),
              path: e.path,
            }
          : { path: e.path, error: e.error },
      ),
    });
  }
  if (sub === '--help' || sub === '-h') return void process.stdout.write(WALLET_HELP);
  throw usage('jointkey wallet takes "list" or "import-key". Run "jointkey wallet --help".');
}
