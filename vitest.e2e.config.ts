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
    // Every test by name: a skipped one says why in its name (no Chromium, no Secret Service, no binary).
    reporters: ['verbose'],
  },
});
