// Build of the admin console: static files under dist/console, served by the central platform at
// /console/ (central/http/serve-console.ts). Relative URLs, so the prefix is the server's choice.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The dev server injects CSS as inline <style>, which the CSP meta forbids; only there it goes. */
const devWithoutCspMeta: Plugin = {
  name: 'kiosk24-console-dev-without-csp-meta',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), devWithoutCspMeta],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
});
