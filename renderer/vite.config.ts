// Build of the kiosk screen: plain static files under dist/renderer, loaded by the host's HTTP
// server (browser shell) or Electron's app protocol, with relative URLs so both work.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server injects CSS as inline <style> tags, which the strict CSP meta forbids; only
 * there is the meta dropped (the built files keep it, and the host sends the header anyway).
 */
const devWithoutCspMeta: Plugin = {
  name: 'kiosk24-dev-without-csp-meta',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), devWithoutCspMeta],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // One small app: no inline data URLs for assets (CSP img-src allows data:, but keep it plain).
    assetsInlineLimit: 0,
  },
});
