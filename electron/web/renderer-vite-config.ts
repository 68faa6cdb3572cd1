import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

/** The renderer's Vite settings, shared by electron-vite (desktop build) and web mode's on-demand build. */
export function rendererViteConfig(repoRoot: string, outDir = join(repoRoot, 'out', 'renderer')): UserConfig {
  return {
    root: join(repoRoot, 'renderer'),
    // Relative asset URLs: the same build loads from file:// in Electron and from http:// in web mode.
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      chunkSizeWarningLimit: 2_000,
      rollupOptions: { input: join(repoRoot, 'renderer', 'index.html') },
    },
  };
}
