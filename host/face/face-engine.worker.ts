// The host's face model, in its own worker thread: @vladmandic/human on tfjs's wasm backend,
// models and wasm read from node_modules (never the network). It describes the card photo; the
// live face is described in the renderer. A worker because human's browser build needs two
// global tweaks while it starts (see `startHuman`) that must not touch the host's own thread,
// and because a descriptor takes a few hundred milliseconds that the host's RPCs should not wait.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { PNG } from 'pngjs';
import type { Human } from '@vladmandic/human';
import type { FaceEngineReply, FaceEngineRequest } from './face-engine.ts';

const humanDir = path.resolve(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/human')),
  '..',
);
const wasmDir = path.dirname(
  createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
);
const modelDir = path.join(humanDir, 'models');
/** Model and wasm URLs the worker may read: only these two folders on disk. */
const MODEL_SCHEME = 'kiosk-models://';

async function startHuman(): Promise<Human> {
  // The Node build of human wants @tensorflow/tfjs-converter (not installed); the browser build
  // bundles it. It picks tfjs's Node platform (which needs `util` it does not bundle) unless it
  // believes it is in a browser worker, so WorkerGlobalScope exists while it is imported.
  const g = globalThis as Record<string, unknown>;
  g.WorkerGlobalScope = class {};
  const { Human: HumanClass } = (await import(
    pathToFileURL(path.join(humanDir, 'dist', 'human.esm.js')).href
  )) as { Human: typeof Human };
  delete g.WorkerGlobalScope;
  const human = new HumanClass({
    backend: 'wasm',
    wasmPath: `${wasmDir}${path.sep}`,
    wasmPlatformFetch: true,
    modelBasePath: MODEL_SCHEME,
    cacheModels: false,
    debug: false,
    async: true,
    warmup: 'none',
    filter: { enabled: false },
    // Every photo is new: no result carried over from the previous one.
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 2, minConfidence: 0.5 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  // Models: a load router reads model.json and its shards from the package folder.
  human.tf.io.registerLoadRouter((url: string | string[]) => {
    const u = Array.isArray(url) ? url[0] : url;
    if (typeof u !== 'string' || !u.startsWith(MODEL_SCHEME)) return null;
    return { load: () => loadModel(u.slice(MODEL_SCHEME.length)) };
  });
  // The wasm binary: tfjs fetches it through the platform's fetch; here that reads the file.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const target = String(input instanceof Request ? input.url : input);
    if (path.dirname(target) === wasmDir && target.endsWith('.wasm')) {
      return new Response(await readFile(target), {
        headers: { 'content-type': 'application/wasm' },
      });
    }
    return realFetch(input, init);
  }) as typeof fetch;
  // Emscripten's glue takes the Node path (require('fs'), __dirname: absent in an ES module)
  // when it sees `process`; hidden while the backend starts, in this worker only.
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process');
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true });
  try {
    await human.init();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'process', saved);
  }
  if (human.tf.getBackend() !== 'wasm') throw new Error(`face backend is ${human.tf.getBackend()}`);
  await human.load();
  return human;
}

async function loadModel(name: string) {
  if (!/^[a-z-]+\.json$/.test(name)) throw new Error(`not a bundled model: ${name}`);
  const json = JSON.parse(await readFile(path.join(modelDir, name), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  } & Record<string, unknown>;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(modelDir, p)))),
  );
  const all = Buffer.concat(shards);
  // The model.json's own fields (topology, signature, format…) and its weights in one buffer.
  return {
    ...json,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.length),
  } as never;
}

/** RGB pixels of a PNG or of a 24-bit bottom-up BMP (what vendor decoders produce). */
function toRgb(
  format: 'png' | 'bmp',
  bytes: Uint8Array,
): { rgb: Uint8Array; w: number; h: number } {
  if (format === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes));
    const rgb = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4) {
      rgb[j++] = png.data[i]!;
      rgb[j++] = png.data[i + 1]!;
      rgb[j++] = png.data[i + 2]!;
    }
    return { rgb, w: png.width, h: png.height };
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const offset = v.getUint32(10, true);
  const w = v.getInt32(18, true);
  const rawH = v.getInt32(22, true);
  const h = Math.abs(rawH);
  if (v.getUint16(28, true) !== 24 || w <= 0 || h === 0) throw new Error('unsupported BMP');
  const row = Math.ceil((w * 3) / 4) * 4;
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const src = offset + (rawH > 0 ? h - 1 - y : y) * row;
    for (let x = 0; x < w; x++) {
      const s = src + x * 3;
      const d = (y * w + x) * 3;
      rgb[d] = bytes[s + 2]!;
      rgb[d + 1] = bytes[s + 1]!;
      rgb[d + 2] = bytes[s]!;
    }
  }
  return { rgb, w, h };
}

const port = parentPort;
if (port) {
  const ready = startHuman();
  ready.then(
    () => port.postMessage({ kind: 'ready' } satisfies FaceEngineReply),
    (err: unknown) =>
      port.postMessage({ kind: 'failed', reason: String(err) } satisfies FaceEngineReply),
  );
  port.on('message', (req: FaceEngineRequest) => {
    void (async () => {
      try {
        const human = await ready;
        const { rgb, w, h } = toRgb(req.format, req.bytes);
        const input = human.tf.tensor4d(rgb, [1, h, w, 3], 'int32');
        const result = await human.detect(input);
        input.dispose();
        const faces = result.face.length;
        const embedding = faces === 1 ? result.face[0]?.embedding : undefined;
        port.postMessage({
          kind: 'described',
          id: req.id,
          faces,
          descriptor: embedding && embedding.length > 0 ? Array.from(embedding) : null,
        } satisfies FaceEngineReply);
      } catch (err) {
        port.postMessage({
          kind: 'error',
          id: req.id,
          reason: String(err),
        } satisfies FaceEngineReply);
      }
    })();
  });
}
