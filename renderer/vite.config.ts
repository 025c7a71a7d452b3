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

/**
 * Face verification (renderer/face/): human's models and tfjs's wasm are copied into the build
 * under face/, so the kiosk loads them from its own origin and never from a CDN. Only the models
 * the renderer uses (detector, mesh, descriptor, antispoof, liveness) and the non-threaded wasm
 * builds (threads would need cross-origin isolation; the CSP stays as strict as it is).
 */
const FACE_MODELS = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'];
const FACE_WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
const FACE_WARMUP_IMAGE = 'face/warmup.jpg';

const faceAssets: Plugin = {
  name: 'kiosk24-face-assets',
  apply: 'build',
  // Through the bundler's own resolver and file system (this config is in a browser layer,
  // which may not import Node modules).
  async generateBundle() {
    const packageDir = async (name: string) => {
      const resolved = (await this.resolve(name))?.id;
      if (!resolved) throw new Error(`cannot resolve ${name}`);
      return resolved.slice(0, resolved.lastIndexOf('/dist/'));
    };
    const humanModels = `${await packageDir('@vladmandic/human')}/models`;
    const wasmDir = `${await packageDir('@tensorflow/tfjs-backend-wasm')}/dist`;
    const emit = async (fileName: string, file: string) =>
      this.emitFile({ type: 'asset', fileName, source: await this.fs.readFile(file) });
    for (const model of FACE_MODELS) {
      const json = `${humanModels}/${model}.json`;
      await emit(`face/models/${model}.json`, json);
      const manifest = JSON.parse(await this.fs.readFile(json, { encoding: 'utf8' })) as {
        weightsManifest: { paths: string[] }[];
      };
      for (const shard of manifest.weightsManifest.flatMap((g) => g.paths)) {
        await emit(`face/models/${shard}`, `${humanModels}/${shard}`);
      }
    }
    for (const wasm of FACE_WASM) await emit(`face/wasm/${wasm}`, `${wasmDir}/${wasm}`);
    // human's own sample portrait (shipped in its MIT-licensed package, embedded in its source
    // as base64; human warms itself on it too): the renderer warms the whole described-frame path
    // on it, no citizen involved. A human upgrade that moves it fails this build, loudly.
    const sample = await this.fs.readFile(
      `${await packageDir('@vladmandic/human')}/src/sample.ts`,
      { encoding: 'utf8' },
    );
    const base64 = /export const face: string = `([^`]+)`/.exec(sample)?.[1]?.replace(/\s+/g, '');
    if (!base64) throw new Error("human's sample face not found in src/sample.ts");
    this.emitFile({
      type: 'asset',
      fileName: FACE_WARMUP_IMAGE,
      source: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    });
  },
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), devWithoutCspMeta, faceAssets],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // One small app: no inline data URLs for assets (CSP img-src allows data:, but keep it plain).
    assetsInlineLimit: 0,
    // human (with tfjs) is one 2 MB module, loaded only when a face step starts.
    chunkSizeWarningLimit: 2600,
  },
});
