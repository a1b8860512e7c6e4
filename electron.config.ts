/**
 * electron-vite configuration: the folder is the process. main/ (with the `jointkey` command line
 * as a second entry, so the CLI runs exactly the code the app runs), preload/ (one CommonJS bundle,
 * as a sandboxed preload must be), renderer/ (Svelte 5).
 */
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve('main/index.ts'), jointkey: resolve('main/cli/jointkey.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
    plugins: [svelte()],
  },
});
