/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in `web/`; resolve paths from this file so the config works from any cwd.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  // Keep Vite's cache with the root install instead of creating web/node_modules.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/guild-web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No <link rel="modulepreload"> tags: the strict CSP only trusts nonce-bearing scripts.
    modulePreload: false,
    // Emit every asset as a file under /assets (served by Guild); no data: URLs for the CSP.
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget },
      '/healthz': { target: apiTarget },
      '/docs': { target: apiTarget },
      '/openapi.json': { target: apiTarget },
    },
  },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    root: webRoot,
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
