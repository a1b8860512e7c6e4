/**
 * One walk through every screen, as three holders would, in Chromium over the real main-process
 * handlers, the real keychain (inside scripts/with-secret-service.sh) and real files: the Wallets
 * screen empty; Create a shared wallet (a generated key, any 2 of Alice, Bob and Carol: encrypted
 * files, a paper backup, words in main's own window, every receipt); Import my child key (Bob stores
 * his in this computer's keychain); Joint signing (an Ethereum transfer with Alice's file and Bob's
 * keychain entry — after another wallet's child key, a duplicate and Carol's with a typo are refused
 * and named; then a message with Carol typing hers); Health check. The wallet the walk made is the
 * one it signs with (holders-walk.ts, which the real Electron app walks too). Screenshots in
 * test-results/screens-walk/NN-name.png, each scanned with axe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { keychainSkipReason } from '../support/secret-service.js';
import { wordsWindow } from './create-walk.js';
import {
  HolderAtMainDialog,
  ROOT,
  Screens,
  chromiumMissing,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { holdersWalk } from './holders-walk.js';

const skip = skipReason('test/e2e/walk.e2e.ts', chromiumMissing, keychainSkipReason());

describe('every screen in one walk: create → import → sign → health check', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle('three holders, one wallet, every screen', skip),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens-walk'), 1, 99);
      const dataDir = tempDir('jointkey-walk-data-');
      const chosen = join(tempDir('jointkey-walk-keys-'), 'Family keys');
      const savedDir = tempDir('jointkey-walk-signed-');
      const other = saveWallet(tempDir(), tempDir(), 'shamir', 'walk-other', 'Someone else');
      const words = wordsWindow(chromium.browser, screens);
      let nextFile: string | null = null;
      // The folder dialog's answer: the holders' folder while creating, then where results are saved.
      let folderAnswer = chosen;
      // The holders at main's own confirmation dialog: they confirm only what the screen shows.
      const holders = new HolderAtMainDialog();
      const { ctx, dispatch } = makeDispatch(
        dataDir,
        {
          ceremonies: new Ceremonies({ dataDir, scryptLogN: 15 }),
          documentsDir: tempDir('jointkey-walk-docs-'),
          showWords: words.showWords,
          chooseFolder: async () => folderAnswer,
          chooseFile: () => {
            const p = nextFile;
            nextFile = null;
            return p;
          },
        },
        chromium.appPage,
        holders.person,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      holders.page = page;
      try {
        const made = await holdersWalk(page, screens, {
          chosenFolder: chosen,
          setFolder: (path) => void (folderAnswer = path),
          pickFile: (path) => void (nextFile = path),
          words: words.shown,
          keychainHolders: async () => (await ctx.keychain.list()).map((e) => e.holder),
          otherWalletFile: other.files[0]!,
          savedDir,
        });
        expect(errors).toEqual([]);
        // Bob's keychain entry and each signature were confirmed in main's dialog, in the screen's lines.
        expect(holders.mismatches).toEqual([]);
        expect(holders.prompts.map((p) => p.confirmLabel)).toEqual([
          'Use Bob’s child key',
          'Sign',
          'Use Bob’s child key',
          'Sign',
        ]);
        expect(ctx.sessions.size).toBe(0);
        expect(readFileSync(made.files[0]!, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
      } finally {
        for (const e of await ctx.keychain.list().catch(() => [])) await ctx.keychain.remove(e.id);
        await context.close();
      }
    },
    // Typing key by key and tabbing to each control takes longer than the default two minutes allow on a busy machine.
    240_000,
  );
});
