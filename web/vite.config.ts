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
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No <link rel="modulepreload"> tags: the strict CSP only trusts nonce-bearing scripts.
    modulePreload: false,
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
