// The host's side of the face model: a worker thread (face-engine.worker.ts) that turns a decoded
// card photo into a face descriptor. One engine per host, started lazily at the first card whose
// item needs a face check, so kiosks that never verify faces never load the models.
import { Worker } from 'node:worker_threads';

export interface DecodedCardPhoto {
  format: 'png' | 'bmp';
  bytes: Uint8Array;
}

export interface CardPhotoDescription {
  /** Faces found on the photo; a usable card photo has exactly one. */
  faces: number;
  descriptor: number[] | null;
}

export interface FaceEngine {
  describe(photo: DecodedCardPhoto): Promise<CardPhotoDescription>;
  close(): Promise<void>;
}

export type FaceEngineRequest = { id: number; format: 'png' | 'bmp'; bytes: Uint8Array };
export type FaceEngineReply =
  | { kind: 'ready' }
  | { kind: 'failed'; reason: string }
  | { kind: 'described'; id: number; faces: number; descriptor: number[] | null }
  | { kind: 'error'; id: number; reason: string };

/** Starts the worker (tsx registered inside it, as the host runs TypeScript without a build). */
export function startFaceEngine(): FaceEngine {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./face-engine.worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  worker.unref();
  const pending = new Map<
    number,
    { resolve(d: CardPhotoDescription): void; reject(e: Error): void }
  >();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (reply: FaceEngineReply) => {
    if (reply.kind === 'ready') return;
    if (reply.kind === 'failed') return failAll(new Error(`face engine failed: ${reply.reason}`));
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.kind === 'error') waiter.reject(new Error(`face engine: ${reply.reason}`));
    else waiter.resolve({ faces: reply.faces, descriptor: reply.descriptor });
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', () => failAll(new Error('face engine stopped')));
  return {
    describe(photo) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({
          id,
          format: photo.format,
          bytes: photo.bytes,
        } satisfies FaceEngineRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
