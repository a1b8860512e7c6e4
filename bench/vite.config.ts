/**
 * Builds the benchmark (bench/run.ts and its case runner bench/case.ts) into out/bench as plain
 * Node ES modules: Vite is already here for the app's build, so `npm run bench` needs nothing more
 * after `npm ci`. Packages stay outside the bundle (an SSR build), loaded from node_modules as the
 * app loads them.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve('out/bench'),
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { run: resolve('bench/run.ts'), case: resolve('bench/case.ts'), cpu: resolve('bench/cpu.ts') },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
