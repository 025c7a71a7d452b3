// Playwright globalSetup: the fake camera's clips, made once per run (see drivers/camera/fake-camera-clips.ts).
import path from 'node:path';
import { makeFaceClips } from '../../drivers/camera/fake-camera-clips.ts';

export const FACE_CLIP_DIR = path.resolve(import.meta.dirname, '../../test-results/face-clips');

export default function globalSetup(): void {
  makeFaceClips(FACE_CLIP_DIR);
}
