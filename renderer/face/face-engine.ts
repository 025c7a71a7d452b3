// The renderer's face model: @vladmandic/human on tfjs's wasm backend, its models and wasm served
// by the host from dist/renderer/face/ (copied there by the build: vite.config.ts), so nothing is
// fetched from anywhere else. Loaded (a separate chunk) and warmed when the face step shows its
// consent screen, so neither is on the camera's critical path; kept for the page's life (what
// human keeps of the last frame is overwritten after each capture: forgetLastFace). Every
// inference goes through `detectInTurn`: human has no guard of its own against two at once.
import type { Config, Human, Result } from '@vladmandic/human';

export interface FaceEngine {
  human: Human;
  /** Milliseconds the models took to load and warm (the benchmark reads it). */
  loadMs: number;
  /** The warm-up found the face in its sample picture, so the described-frame path is warm. */
  warmedOnFace: boolean;
  /** That sample picture (null when it could not be loaded). */
  sample: Blob | null;
}

type Pass = Partial<Config>;
const pass = (describe: boolean): Pass => ({
  face: {
    // Human merges per-call settings into its own for good: each pass states all three.
    description: { enabled: describe },
    antispoof: { enabled: describe },
    liveness: { enabled: describe },
  } as Config['face'],
});
/**
 * Every frame: detector + mesh only (guidance and the challenge need no more, ~50 ms here).
 * A chosen frame: also the descriptor (the dear one, ~100 ms) and the passive anti-spoof and
 * liveness scores, which are judged on the frame whose descriptor is sent.
 */
export const TRACK_PASS: Pass = pass(false);
export const DESCRIBE_PASS: Pass = pass(true);

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
    // One wasm thread runs the models one after another anyway; awaiting each in turn saves
    // the promise juggling (measured: ~150 vs ~175 ms a described frame).
    async: false,
    warmup: 'none',
    // Each frame is judged on its own; no descriptor carried over from another frame.
    cacheSensitivity: 0,
    // No image filter: with nothing to adjust it still copies each frame through a WebGL canvas
    // (software-rendered on a kiosk without GPU), 10–30 ms a frame for the same pixels.
    filter: { enabled: false },
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
  warm(human);
  // A missing or broken sample costs only the warm-up's second half, never the face check.
  let sample = await fetch(`${base}warmup.jpg`)
    .then((r) => (r.ok ? r.blob() : null))
    .catch(() => null);
  const warmedOnFace = sample ? await detectOnSample(human, sample).catch(() => false) : false;
  if (!warmedOnFace) sample = null;
  return { human, loadMs: performance.now() - started, warmedOnFace, sample };
}

/**
 * Runs each model once on an empty input of its own size: the wasm heap grows and the kernels'
 * buffers are made now, not on the citizen's first frames (human's own warm-up decodes a data:
 * URL through fetch, which the CSP's connect-src forbids).
 */
function warm(human: Human): void {
  const tf = human.tf;
  for (const model of Object.values(human.models.models)) {
    const input = model?.inputs[0];
    if (!model || !input) continue;
    const shape = ((input.shape ?? [1, 64, 64, 3]) as number[]).map((d: number, i: number) =>
      d > 0 ? d : i === 0 ? 1 : 64,
    );
    tf.tidy(() => {
      const out = model.execute(tf.zeros(shape, input.dtype));
      for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    });
  }
}

let inTurn: Promise<void> = Promise.resolve();

/**
 * One inference at a time, in call order: a capture, the warm-up and the forgetting after a
 * capture may be asked for together (a screen left mid-check while the next one starts), and
 * human merges each call's settings into its own, so two at once would switch each other's
 * descriptor on or off.
 */
export function detectInTurn(
  human: Human,
  input: Parameters<Human['detect']>[0],
  pass: Pass,
): Promise<Result> {
  const run = inTurn.then(() => human.detect(input, pass));
  // The chain keeps no result (a citizen's face) alive, only the turn.
  inTurn = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/**
 * Runs the described-frame path once on a picture with a face in it (human's own sample portrait,
 * copied by the build): the zero inputs above warm the models' kernels but not the code between
 * them (face crops, the descriptor's and the scores' pre- and post-processing), which otherwise
 * costs the citizen's first frames some 40 ms each. True when the face was described.
 */
async function detectOnSample(human: Human, sample: Blob): Promise<boolean> {
  const bitmap = await createImageBitmap(sample);
  try {
    const result = await detectInTurn(human, bitmap, DESCRIBE_PASS);
    return (result.face[0]?.embedding?.length ?? 0) > 0;
  } finally {
    bitmap.close();
  }
}

/**
 * human keeps what it found on the last frame (its result, and per model the last descriptor
 * and scores, for reuse on similar frames), and the wasm heap keeps the last frame's tensors
 * until reused. After a capture the engine runs once more on the sample picture: human's kept
 * results become the sample's, and most of the freed tensor memory is overwritten (not all: the
 * sample is smaller than a camera frame). Never throws: the check's outcome stands either way.
 */
export async function forgetLastFace(engine: FaceEngine): Promise<void> {
  try {
    if (engine.sample) await detectOnSample(engine.human, engine.sample);
    else await detectInTurn(engine.human, document.createElement('canvas'), TRACK_PASS);
  } catch {
    // Nothing to do: the next capture overwrites the same state.
  }
}
