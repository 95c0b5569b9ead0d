/**
 * The console's build: `npm start` runs it when web/dist is missing or older than these sources
 * (src/server/console-build.ts). `html.cspNonce` puts a placeholder wherever a nonce belongs; the server
 * replaces it with a fresh nonce in each answer of index.html (src/server/console.ts).
 */

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  html: { cspNonce: 'JIANGBU_CSP_NONCE' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the server answers with no-store for index.html and caches /assets for good (hashed names)
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
