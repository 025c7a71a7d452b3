// The simulated camera: clips (.y4m) that Chromium's --use-file-for-fake-video-capture plays in
// a loop, for the face tests and the demo. Made with ffmpeg from public-domain faces that Debian's python3-skimage ships:
// astronaut.png (NASA portrait of Eileen Collins; the card fixture resident-face.json carries the
// same photo) and lfw_subset.npy (25×25 faces of other people, Labeled Faces in the Wild).
// A blink is drawn (closed lids painted over the eyes for a few frames): one photograph cannot
// turn its head, so the face e2e tests pin the challenge to 'blink'.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SKIMAGE_DATA = '/usr/lib/python3/dist-packages/skimage/data';
/**
 * 阳秀梅's resident card with the astronaut portrait; kept out of fixtures/' top level, whose
 * files the ID-card tests enumerate one per card type.
 */
export const FACE_CARD = path.resolve(
  import.meta.dirname,
  '../idcard/fixtures/face/resident-face.json',
);
export const FACE_CLIPS = {
  /** The card holder, blinking every few seconds. */
  samePerson: 'same-person.y4m',
  /** The card holder, never moving: a photograph held up to the camera. */
  still: 'still.y4m',
  /** Somebody else (an LFW face), looking at the camera. */
  otherPerson: 'other-person.y4m',
  /** An empty scene. */
  noFace: 'no-face.y4m',
  /** The card holder and somebody else side by side. */
  twoFaces: 'two-faces.y4m',
  /** The card holder in near darkness. */
  dark: 'dark.y4m',
} as const;

const FPS = 10;
/** Closed lids over the astronaut's eyes (pixel boxes in the 512×512 original). */
const CLOSED_EYES = [
  'drawbox=x=186:y=89:w=32:h=16:color=0xd9a089:t=fill',
  'drawbox=x=232:y=91:w=32:h=16:color=0xd9a089:t=fill',
  'drawbox=x=188:y=98:w=28:h=2:color=0x3a2a20:t=fill',
  'drawbox=x=234:y=100:w=28:h=2:color=0x3a2a20:t=fill',
].join(',');
const TO_FRAME = 'scale=480:480,pad=640:480:80:0:color=0xd0d4d8';

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** One 25×25 face of lfw_subset.npy (float64 0..1, C order) as an 8-bit PGM. */
function lfwFacePgm(index: number, file: string): void {
  const npy = readFileSync(path.join(SKIMAGE_DATA, 'lfw_subset.npy'));
  const headerLen = npy.readUInt16LE(8);
  const header = npy.subarray(10, 10 + headerLen).toString('latin1');
  if (!header.includes("'<f8'") || !header.includes('(200, 25, 25)')) {
    throw new Error(`unexpected lfw_subset.npy layout: ${header}`);
  }
  const start = 10 + headerLen + index * 25 * 25 * 8;
  const pixels = Buffer.alloc(25 * 25);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.round(npy.readDoubleLE(start + i * 8) * 255);
  }
  writeFileSync(file, Buffer.concat([Buffer.from('P5 25 25 255\n', 'latin1'), pixels]));
}

/** Makes the clips in `dir` (skipped when they are there); returns the folder. */
export function makeFaceClips(dir: string): string {
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return dir;
  mkdirSync(dir, { recursive: true });
  const astronaut = path.join(SKIMAGE_DATA, 'astronaut.png');
  if (!existsSync(astronaut)) {
    throw new Error(`${astronaut} is missing: apt-get install -y python3-skimage (and ffmpeg)`);
  }
  const open = path.join(dir, 'open.png');
  const closed = path.join(dir, 'closed.png');
  ffmpeg(['-i', astronaut, '-vf', `${TO_FRAME},format=rgb24`, open]);
  ffmpeg(['-i', astronaut, '-vf', `${CLOSED_EYES},${TO_FRAME},format=rgb24`, closed]);
  const other = path.join(dir, 'other.png');
  const pgm = path.join(dir, 'lfw0.pgm');
  lfwFacePgm(0, pgm);
  ffmpeg([
    '-i',
    pgm,
    '-vf',
    'scale=200:200:flags=lanczos,pad=640:480:220:140:color=0xd0d4d8,format=rgb24',
    other,
  ]);

  const y4m = (name: string) => [
    '-r',
    String(FPS),
    '-pix_fmt',
    'yuv420p',
    '-f',
    'yuv4mpegpipe',
    path.join(dir, name),
  ];
  const still = (image: string, filter: string | null, name: string) =>
    ffmpeg([
      '-loop',
      '1',
      '-framerate',
      String(FPS),
      '-t',
      '2',
      '-i',
      image,
      ...(filter ? ['-vf', filter] : []),
      ...y4m(name),
    ]);

  // 3 s open, 0.6 s closed, looping: a blink every 3.4 s.
  const list = path.join(dir, 'blink.txt');
  writeFileSync(
    list,
    `file '${open}'\nduration 3\nfile '${closed}'\nduration 0.6\nfile '${open}'\nduration 0.1\n`,
  );
  ffmpeg([
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    list,
    '-vf',
    `fps=${FPS}`,
    ...y4m(FACE_CLIPS.samePerson),
  ]);
  still(open, null, FACE_CLIPS.still);
  still(other, null, FACE_CLIPS.otherPerson);
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=0xc8ccd0:s=640x480:r=${FPS}:d=2`,
    ...y4m(FACE_CLIPS.noFace),
  ]);
  ffmpeg([
    ...['-loop', '1', '-framerate', String(FPS), '-t', '2', '-i', astronaut],
    ...['-loop', '1', '-framerate', String(FPS), '-t', '2', '-i', pgm],
    '-filter_complex',
    '[0:v]scale=320:320,pad=320:480:0:80:color=0xd0d4d8[a];[1:v]scale=240:240:flags=lanczos,format=rgb24,pad=320:480:40:120:color=0xd0d4d8[b];[a][b]hstack=inputs=2',
    ...y4m(FACE_CLIPS.twoFaces),
  ]);
  still(open, 'lutrgb=r=val*0.1:g=val*0.1:b=val*0.1', FACE_CLIPS.dark);
  writeFileSync(done, new Date().toISOString());
  return dir;
}
