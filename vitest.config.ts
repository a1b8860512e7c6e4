import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The tests write many encrypted files at scrypt 2^14 (2^18 takes a second each): an insecure
    // floor, allowed only under this switch; test/files/encrypted-child-key.test.ts shows it refused without.
    env: { JOINTKEY_INSECURE_SCRYPT_FOR_TESTS: '1' },
  },
});
