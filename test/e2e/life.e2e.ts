/**
 * A wallet's history and a check alone on the Wallets screen, in Chromium over the real handlers:
 * each holder's last check and "Not checked in 6 months: …"; History lists the record of use, newest
 * first; Check my child key takes Bob's file, says it is intact and records it (his last check
 * moves, he is no longer overdue); another wallet's child key is refused, named; a wallet whose
 * record was edited shows a red warning naming the entry. Screenshots 180–189, each scanned by axe.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appendLog, logDir, readLog } from '../../main/wallets/log.js';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import {
  ROOT,
  Screens,
  chromiumMissing,
  expectAccessible,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { openScreen } from './sign-walk.js';
import { chooseRadio, press } from './walk.js';

const skip = skipReason('test/e2e/life.e2e.ts', chromiumMissing);

async function shot(page: Page, screens: Screens, name: string): Promise<void> {
  await screens.shot(page, name);
  await expectAccessible(page, name);
}

/** Logs a wallet as created eight months ago, its receipts then, and a signature by Alice and Carol last week. */
function logHistory(dataDir: string, walletId: string, label: string): void {
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
  const holders = ['Alice', 'Bob', 'Carol'];
  appendLog(
    dataDir,
    walletId,
    'created',
    {
      label,
      scheme: 'shamir',
      parties: 3,
      threshold: 2,
      holders,
      publicKey: 'ab'.repeat(33),
      previousSetId: null,
    },
    ago(240),
  );
  holders.forEach((holder, i) =>
    appendLog(
      dataDir,
      walletId,
      'receipt',
      { index: i + 1, holder, method: 'file', confirmedAt: ago(240).toISOString() },
      ago(240),
    ),
  );
  appendLog(
    dataDir,
    walletId,
    'signed',
    {
      holders: [
        { index: 1, label: 'Alice', from: 'typed' },
        { index: 3, label: 'Carol', from: 'keychain' },
      ],
      description: ['Send 0.5 ETH to 0x1111111111111111111111111111111111111111', 'Network: Ethereum (chain 1)'],
      signature: null,
      txHash: 'cd'.repeat(32),
    },
    ago(7),
  );
}

describe('History and a check alone on the Wallets screen, in Chromium over the real handlers', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle(
      'last checks, History, Check my child key (intact, recorded; another wallet’s refused), a broken record in red',
      skip,
    ),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 180, 189);
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-life', 'Family savings');
      logHistory(dataDir, w.walletId, 'Family savings');
      const broken = saveWallet(dataDir, keys, 'shamir', 'e2e-life-broken', 'Holiday fund');
      logHistory(dataDir, broken.walletId, 'Holiday fund');
      // Someone edited the Holiday fund's third entry (Bob's receipt) to name another holder.
      const edited = join(logDir(dataDir, broken.walletId), '000003.json');
      const entry = JSON.parse(readFileSync(edited, 'utf8')) as { data: { holder: string } };
      entry.data.holder = 'Mallory';
      writeFileSync(edited, JSON.stringify(entry, null, 2));
      const other = saveWallet(tempDir(), keys, 'shamir', 'e2e-life-other', 'Someone else’s');

      let nextFile: string | null = null;
      const { dispatch } = makeDispatch(
        dataDir,
        {
          chooseFile: () => {
            const p = nextFile;
            nextFile = null;
            return p;
          },
        },
        chromium.appPage,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      try {
        await openScreen(page, 'Wallets');
        const card = page.getByRole('article', { name: 'Family savings' });
        await card.getByText('Not checked in 6 months: Bob').waitFor();
        expect(await card.getByText(/^Alice: last checked/).count()).toBe(1);
        await shot(page, screens, 'life-wallets-checks');

        // History: newest first, who and how, what was signed, hashes.
        await card.getByText(/^History/).click();
        const timeline = card.getByRole('list', { name: 'History of Family savings' });
        await timeline.waitFor();
        const items = timeline.getByRole('listitem');
        expect(await items.count()).toBe(5);
        const first = (await items.first().textContent())!;
        expect(first).toMatch(/Signed/);
        expect(first).toMatch(/Who: Alice \(typed\), Carol \(from this computer’s keychain\)/);
        expect(first).toMatch(/Send 0\.5 ETH to 0x1111/);
        expect(first).toMatch(/Entry 5 · hash [0-9a-f]{64}/);
        expect(await items.last().textContent()).toMatch(/Created.*Family savings: 2 of 3 holders must sign/);
        await card.getByText(/Each entry holds the hash of the one before/).scrollIntoViewIfNeeded();
        await shot(page, screens, 'life-history');

        // Bob checks his child key alone, from his file.
        await card.getByRole('button', { name: 'Check my child key' }).click();
        await page.getByRole('heading', { name: 'Check my child key: Family savings' }).waitFor();
        await chooseRadio(page, 'From a child-key file');
        nextFile = w.files[1]!;
        await press(page, 'Choose file…');
        await page.getByText(w.files[1]!.split('/').at(-1)!, { exact: true }).waitFor();
        await shot(page, screens, 'life-check-entry');
        await press(page, 'Check this child key');
        await page.getByText('Your child key for Family savings is intact (holder 2 of 3, Bob).').waitFor();
        await page.getByText('Recorded in the wallet’s history.').waitFor();
        await shot(page, screens, 'life-check-intact');
        const log = readLog(dataDir, w.walletId);
        expect(log.ok).toBe(true);
        expect(log.entries.at(-1)).toMatchObject({
          event: 'checked',
          data: { how: 'alone', holders: [{ index: 2, label: 'Bob', from: 'file' }] },
        });

        // Another wallet's child key: refused, named, and nothing recorded.
        await press(page, 'Check another child key');
        await chooseRadio(page, 'From a child-key file');
        nextFile = other.files[0]!;
        await press(page, 'Choose file…');
        await page.getByText(other.files[0]!.split('/').at(-1)!, { exact: true }).waitFor();
        await press(page, 'Check this child key');
        const refusal = page.getByRole('alert').filter({ hasText: 'Not intact.' });
        await refusal.waitFor();
        expect(await refusal.textContent()).toMatch(/Code: DIFFERENT_(WALLET|SET)/);
        await shot(page, screens, 'life-check-refused');
        expect(readLog(dataDir, w.walletId).entries).toHaveLength(log.entries.length);

        // Done: Bob's last check is today, nobody is overdue, the check heads the history.
        await press(page, 'Done');
        await expect.poll(() => card.getByText(/^Not checked in/).count()).toBe(0);
        await expect
          .poll(() => items.first().textContent())
          .toMatch(/Bob checked their child key alone.*Bob \(from a file\)/);

        // The Holiday fund's record was edited: a red warning naming the entry and what to do.
        const holiday = page.getByRole('article', { name: 'Holiday fund' });
        const warning = holiday.getByRole('alert');
        await warning.waitFor();
        expect(await warning.textContent()).toMatch(
          /This wallet’s history is broken.*Entry 3 was edited.*Restore the folder from a backup/,
        );
        await warning.scrollIntoViewIfNeeded();
        await shot(page, screens, 'life-broken-history');

        const html = (await page.content()).toLowerCase();
        for (const s of [...w.sharesHex, ...other.sharesHex]) expect(html).not.toContain(s);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    180_000,
  );
});
