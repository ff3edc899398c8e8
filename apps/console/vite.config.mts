import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web console: a static single-page app that the API serves under /console/ (never beside
 * /graphql or /health: the base path keeps it from shadowing any API route). JSX goes through
 * Vite's built-in oxc transform (automatic runtime); no React plugin is needed.
 */
export default defineConfig({
  root,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1_000,
  },
  server: {
    // `vite` on its own (npm run dev:console) proxies the API of `npm run dev`.
    proxy: { '/graphql': { target: process.env.COUNCIL_API_URL ?? 'http://127.0.0.1:3000', ws: true } },
  },
});
