// The host's face engine, for real: human on the wasm backend in a worker thread, models read from
// node_modules. The simulator's fixture photo (a public-domain portrait) has one face and yields
// a descriptor; the generated silhouette has none; two descriptions of one photo agree exactly.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { testPortraitPng } from '../../../drivers/idcard/index.ts';
import { startFaceEngine } from '../../../host/face/face-engine.ts';
import { faceSimilarity } from '../../../host/face/face-similarity.ts';

const astronaut = new Uint8Array(
  readFileSync(new URL('../../../drivers/idcard/fixtures/photos/astronaut.png', import.meta.url)),
);

describe('host face engine (wasm, worker thread)', () => {
  const engine = startFaceEngine();
  afterAll(() => engine.close());

  it('describes the one face on a card photo, the same way twice', async () => {
    const a = await engine.describe({ format: 'png', bytes: astronaut });
    expect(a.faces).toBe(1);
    expect(a.descriptor).toHaveLength(1024);
    const b = await engine.describe({ format: 'png', bytes: astronaut });
    expect(faceSimilarity(a.descriptor!, b.descriptor!)).toBe(1);
  }, 60_000);

  it('finds no face on the generated silhouette portrait', async () => {
    const d = await engine.describe({ format: 'png', bytes: testPortraitPng() });
    expect(d.faces).toBe(0);
    expect(d.descriptor).toBeNull();
  }, 60_000);
});
