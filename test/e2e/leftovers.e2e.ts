/**
 * Plaintext child keys left behind, end to end in Chromium over the real main-process handlers (see
 * harness.ts). A split stopped mid-hand-off (the app crashed) left Bob's paper backup and, beside
 * it, a plain child-key file: the Wallets screen lists both with a Delete button each. A page
 * script (using only `window.jointkey`) cannot delete any file main did not offer — not by a path,
 * not by a forged or altered id, not with a path beside a real id, not by putting another file in
 * the place of one offered. The person deletes the paper backup ("Deleted …"); a file changed since
 * it was listed is left alone, with FILE_CHANGED saying what to do. Then a new wallet's hand-off
 * prints a paper backup and deletes it with "I have printed it — delete the PDF". Screenshots
 * test-results/screens/140–149-*.png, each scanned with axe.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import type { ChildKey } from '../../main/core/formats/child-key.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { makeDispatch, tempDir } from '../support/ipc.js';
import { keySet } from '../support/sets.js';
import { createWalletWalk, wordsWindow } from './create-walk.js';
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
import { HOLDERS, PASS } from './holders-walk.js';
import { press } from './walk.js';

const skip = skipReason('test/e2e/leftovers.e2e.ts', chromiumMissing);

/** The hostile script, run in the page: every way it can think of to delete a file it names. */
const HOSTILE = `(async ({ targets }) => {
  const jk = window.jointkey;
  const listed = (await jk.leftovers.list({})).value.files;
  const tries = [];
  const attempt = async (payload) => tries.push({ payload, reply: await jk.leftovers.delete(payload) });
  for (const path of targets) {
    await attempt({ path });
    await attempt({ id: path });
    await attempt({ id: listed[0].id, path });
    await attempt({ id: listed[0].id, extra: path });
  }
  await attempt({ id: '0'.repeat(32) });
  await attempt({ id: 'f'.repeat(32) });
  for (const f of listed) {
    await attempt({ id: f.id.toUpperCase() });
    await attempt({ id: (f.id[0] === 'a' ? 'b' : 'a') + f.id.slice(1) });
    await attempt({ id: f.id + '0' });
    await attempt({ id: [f.id] });
  }
  return { listed, tries };
})`;

describe.skipIf(skip !== undefined)(
  skipTitle('Plaintext files left behind, in Chromium over the real handlers', skip),
  () => {
    const chromium = useChromiumApp();

    it('are listed on Wallets and deleted only by the ids main gave; a paper backup is deleted once printed', async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 140, 149);
      const dataDir = tempDir();
      const documentsDir = tempDir('jointkey-docs-');
      const folder = join(documentsDir, 'JointKey', 'Old attempt');

      // An earlier split stopped during the hand-off: Alice's encrypted file, Bob's paper backup, and a
      // plain child-key file someone saved beside them.
      const crashed = new Ceremonies({ dataDir, scryptLogN: 14 });
      const old = await crashed.start({
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Old attempt',
        holders: HOLDERS,
        scheme: 'additive',
      });
      const aliceAge = (await crashed.handOffFile(old.ceremonyId, 1, PASS[0]!, folder)).path;
      const bobPaper = (await crashed.paperBackup(old.ceremonyId, 2, folder)).path;
      const set = keySet('shamir', 'leftovers-e2e');
      const carolPlain = join(folder, '3-carol.jointkey.json');
      const carolText = childKeyToFile(set.childKeys[2] as ChildKey, set.set);
      writeFileSync(carolPlain, carolText, { mode: 0o600 });
      // Files main never offers: one in a folder JointKey never wrote, a person's own file in the same folder.
      const outside = join(tempDir('jointkey-elsewhere-'), '2-bob.jointkey.json');
      writeFileSync(outside, childKeyToFile(set.childKeys[1] as ChildKey, set.set), { mode: 0o600 });
      const notes = join(folder, 'notes.txt');
      writeFileSync(notes, 'Where the paper copies are kept.\n');
      const aliceBytes = readFileSync(aliceAge);

      const words = wordsWindow(chromium.browser, screens);
      const { dispatch } = makeDispatch(
        dataDir,
        {
          ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }),
          documentsDir,
          showWords: words.showWords,
        },
        chromium.appPage,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      try {
        // 1. The Wallets screen lists what is left in the clear, with a Delete button each.
        if (process.env['JOINTKEY_E2E_DEBUG']) console.log(await page.evaluate('document.body.innerText'));
        const section = page.getByRole('region', { name: '2 files hold a child key in the clear' });
        await section.waitFor();
        expect((await section.locator('.path').allTextContents()).sort()).toEqual([bobPaper, carolPlain].sort());
        expect(await section.getByText('A paper backup (PDF): a child key in the clear').count()).toBe(1);
        expect(await section.getByText('A child-key file that is not encrypted').count()).toBe(1);
        await page.getByText('Keep these folders on an encrypted disk.', { exact: false }).waitFor();
        await screens.shot(page, 'wallets-leftovers');
        await expectAccessible(page, 'Wallets with plaintext files left');

        // 2. A hostile page script cannot delete a file main did not offer.
        const targets = [outside, aliceAge, notes, join(dataDir, 'ceremonies'), '/etc/hostname'];
        const hostile = (await page.evaluate(`${HOSTILE}(${JSON.stringify({ targets })})`)) as {
          listed: { id: string; path: string }[];
          tries: { payload: unknown; reply: { ok: boolean; code?: string } }[];
        };
        expect(hostile.tries.length).toBeGreaterThan(20);
        for (const t of hostile.tries) {
          expect(t.reply.ok, JSON.stringify(t.payload)).toBe(false);
          expect(['INVALID_PAYLOAD', 'INVALID_ARGUMENT']).toContain(t.reply.code);
        }
        for (const p of [outside, aliceAge, notes, bobPaper, carolPlain]) expect(existsSync(p), p).toBe(true);
        expect(readFileSync(aliceAge).equals(aliceBytes)).toBe(true);
        // …nor by putting another file in the place of one offered: Carol's file, swapped for a link to Alice's.
        const carolId = hostile.listed.find((f) => f.path === carolPlain)!.id;
        rmSync(carolPlain);
        symlinkSync(aliceAge, carolPlain);
        const swapped = (await page.evaluate(
          `window.jointkey.leftovers.delete({ id: ${JSON.stringify(carolId)} })`,
        )) as {
          ok: boolean;
          code?: string;
        };
        expect(swapped).toMatchObject({ ok: false, code: 'FILE_CHANGED' });
        expect(readFileSync(aliceAge).equals(aliceBytes)).toBe(true);
        rmSync(carolPlain);
        writeFileSync(carolPlain, carolText, { mode: 0o600 });
        // The screen's list is from before: shown again, it lists Carol's file afresh.
        await page.reload();
        await page.getByRole('region', { name: '2 files hold a child key in the clear' }).waitFor();

        // 3. The person deletes the paper backup: "Deleted …"; Carol's file stays listed.
        await press(page, `Delete ${'Old attempt - 2 Bob - paper backup.pdf'}`, { back: true });
        await page
          .getByRole('status')
          .filter({ hasText: `Deleted ${bobPaper}` })
          .waitFor();
        expect(existsSync(bobPaper)).toBe(false);
        await page.getByRole('region', { name: 'A child key is on this computer in the clear' }).waitFor();
        await screens.shot(page, 'wallets-leftover-deleted');
        await expectAccessible(page, 'Wallets after a deletion');

        // 4. A file changed since it was listed is left alone, and the screen says what to do.
        writeFileSync(carolPlain, '\n', { flag: 'a' });
        await press(page, 'Delete 3-carol.jointkey.json', { back: true });
        const banner = page.getByRole('alert').filter({ hasText: 'That file was not deleted' });
        await banner.waitFor();
        expect(await banner.textContent()).toContain(
          `${carolPlain} was replaced or changed after JointKey offered to delete it, so JointKey left it alone.`,
        );
        expect(await banner.textContent()).toContain('Code: FILE_CHANGED');
        expect(existsSync(carolPlain)).toBe(true);
        await screens.shot(page, 'wallets-leftover-changed');
        await expectAccessible(page, 'Wallets, a file changed since listed');

        // 5. A new wallet: Bob's paper backup printed, then deleted from the hand-off.
        mkdirSync(join(documentsDir, 'JointKey'), { recursive: true });
        const made = await createWalletWalk(page, screens, {
          walletLabel: 'Family savings',
          holders: HOLDERS,
          passphrases: PASS,
          words: words.shown,
          deletePaper: true,
          shots: (name) => name.startsWith('handoff-paper-'),
        });
        expect(made.paperBackup).toBe(
          join(documentsDir, 'JointKey', 'Family savings', 'Family savings - 2 Bob - paper backup.pdf'),
        );
        expect(existsSync(made.paperBackup)).toBe(false);
        // Back on Wallets: Carol's old file (changed, still a child-key file) is listed again; the PDFs are gone.
        const left = page.getByRole('region', { name: 'A child key is on this computer in the clear' });
        await left.waitFor();
        expect(await left.locator('.path').allTextContents()).toEqual([carolPlain]);
        await screens.shot(page, 'wallets-after-create');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
