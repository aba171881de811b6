// The web UI: React with Vite, no framework plugin (JSX compiled by Vite's built-in oxc
// transform with the automatic runtime). Builds into dist/web, which the API serves at /.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Writes x.js.gz next to each hashed asset: the API sends it to browsers that accept gzip. */
function precompress() {
  return {
    name: 'kn-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|svg)$/.test(file)) continue;
        const full = join(options.dir, file);
        writeFileSync(`${full}.gz`, gzipSync(readFileSync(full), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  // The one catalogue of labels and messages (libs/messages, pure TypeScript) is bundled from source.
  resolve: { alias: { '#messages': fileURLToPath(new URL('../../libs/messages/src/index.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.API_URL ?? 'http://localhost:3000',
      '/health': process.env.API_URL ?? 'http://localhost:3000',
    },
  },
});
