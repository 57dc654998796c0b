import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The dashboard and the API explorer, built into dist/web and served by the API (src/server/web.ts).
export default defineConfig({
  root: __dirname,
  base: '/',
  build: {
    outDir: resolve(__dirname, '../dist/web'),
    emptyOutDir: true,
    // Everything is a file of its own: the Content-Security-Policy allows no inline script or data: script.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: { index: resolve(__dirname, 'index.html'), explorer: resolve(__dirname, 'explorer.html') },
      // GraphiQL's dependencies mark modules "use client" (a React Server Components hint, meaningless here).
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
