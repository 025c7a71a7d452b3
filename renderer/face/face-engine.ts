// The renderer's face model: @vladmandic/human on tfjs's wasm backend, its models and wasm served
// by the host from dist/renderer/face/ (copied there by the build: vite.config.ts), so nothing is
// fetched from anywhere else. Loaded on first use (a separate chunk), kept for the page's life:
// loading takes seconds, and the models hold nothing personal.
import type { Human } from '@vladmandic/human';

export interface FaceEngine {
  human: Human;
  /** Milliseconds the models took to load (the benchmark reads it). */
  loadMs: number;
}

/** Where the build puts the files; relative to the page, so both shells serve them. */
export const FACE_ASSET_DIR = 'face/';

let loading: Promise<FaceEngine> | null = null;

export function loadFaceEngine(): Promise<FaceEngine> {
  loading ??= start().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

async function start(): Promise<FaceEngine> {
  const started = performance.now();
  const { Human } = await import('@vladmandic/human');
  const base = new URL(FACE_ASSET_DIR, document.baseURI).href;
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${base}wasm/`,
    modelBasePath: `${base}models/`,
    // No IndexedDB copy of the models: they are local files already.
    cacheModels: false,
    debug: false,
    async: true,
    warmup: 'none',
    // Each frame is judged on its own; no descriptor carried over from another frame.
    cacheSensitivity: 0,
    filter: { enabled: true, equalization: false, flip: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 3, minConfidence: 0.5 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: true },
      liveness: { enabled: true },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  if (human.tf.getBackend() !== 'wasm') throw new Error(`face backend ${human.tf.getBackend()}`);
  return { human, loadMs: performance.now() - started };
}
