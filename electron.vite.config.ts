import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { Plugin } from 'vite';
import { mainChunkFileName } from './scripts/lib/main-chunk-names';

/** out/conference-guard/guard.js: the conference media guard as one self-contained script (tests inject it). */
function conferenceGuardBuild(): Plugin {
  return {
    name: 'schuldesk-conference-guard',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir: resolve(__dirname, 'out/conference-guard'),
          emptyOutDir: true,
          minify: false,
          rollupOptions: { input: resolve(__dirname, 'page/conference-guard/standalone.ts'), output: { format: 'iife', entryFileNames: 'guard.js' } },
        },
      });
    },
  };
}

/**
 * Three builds into out/: main (the Electron entry plus the dev-only browser-shell entry, which
 * electron-builder.yml excludes from installers), preload (CommonJS: sandboxed preloads cannot be
 * ES modules) and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/index.ts'),
          'web-shell': resolve(__dirname, 'main/web-shell/entry.ts'),
        },
        output: { chunkFileNames: mainChunkFileName },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { app: resolve(__dirname, 'preload/app.ts'), conference: resolve(__dirname, 'preload/conference.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    plugins: [conferenceGuardBuild()],
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // The renderer ships to every laptop and is parsed at each start: minified it is ~3× smaller.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
