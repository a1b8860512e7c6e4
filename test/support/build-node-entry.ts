/**
 * Builds one Node entry of the tests (a runner or probe in test/support) with Vite, as the app is
 * built, for a test to run in a process of its own.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A built entry: the module's path, and `remove()`, which deletes its folder. */
export interface Built {
  path: string;
  remove: () => void;
}

/**
 * Builds `entry` (a path from the repository's root, e.g. 'test/support/ceremony-runner.ts') into
 * one ES module in a fresh folder under node_modules/.cache.
 */
export async function buildNodeEntry(entry: string): Promise<Built> {
  const { build } = await import('vite');
  const name = basename(entry, extname(entry));
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const outDir = mkdtempSync(join(ROOT, `node_modules/.cache/jointkey-${name}-`));
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: `${name}.mjs` } },
    },
  });
  return { path: join(outDir, `${name}.mjs`), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
