/**
 * File names of main's shared chunks (electron.vite.config.ts). Rollup names a chunk after a module in
 * it, and electron-builder.yml keeps `*web-shell*`, `demo-*` and `dev/` out of installers: a chunk the
 * app needs that happened to be named after, say, `demo-school.ts` would be left out and the installed
 * app would fail to start. So only the browser shell's own boot chunk keeps its name (to be left out);
 * every other chunk gets a name no exclusion can match.
 */
export function mainChunkFileName(chunk: { facadeModuleId: string | null }): string {
  return /[\\/]main[\\/]web-shell[\\/]/.test(chunk.facadeModuleId ?? '') ? 'chunks/[name]-[hash].js' : 'chunks/shared-[hash].js';
}
