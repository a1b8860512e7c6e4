/**
 * The end-to-end tests (`npm run test:e2e`): the renderer in Debian's Chromium over the real
 * main-process handlers (test/e2e/), and the same walk in the real Electron app where its binary
 * exists (test/electron/). One file at a time: browsers are heavy and the machines have two cores.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts', 'test/electron/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    // The tests write many encrypted files at scrypt 2^14 (2^18 takes a second each): an insecure
    // floor, allowed only under this switch; test/files/encrypted-child-key.test.ts shows it refused without.
    env: { JOINTKEY_INSECURE_SCRYPT_FOR_TESTS: '1' },
    // Every test by name: a skipped one says why in its name (no Chromium, no Secret Service, no binary).
    reporters: ['verbose'],
  },
});
