// What the citizen is told while the camera looks for their face, decided from one frame's
// detection. Pure, so the rules are tested without a camera.

export type Guidance =
  'no-face' | 'several-faces' | 'too-far' | 'too-close' | 'too-dark' | 'look-at-camera' | 'ok';

export interface FrameFace {
  score: number;
  /** Box width as a share of the frame width. */
  widthShare: number;
  /** Head rotation in radians (human's mesh estimate). */
  yaw: number;
  pitch: number;
}

export interface FrameFacts {
  faces: FrameFace[];
  /** Mean luma 0..255 of the frame. */
  brightness: number;
}

export const GUIDANCE_LIMITS = {
  /** A face that counts (blazeface score). */
  minScore: 0.6,
  darkBelow: 45,
  tooFarBelow: 0.16,
  tooCloseAbove: 0.62,
  /** Beyond this rotation the face is not frontal enough for a descriptor. */
  frontalWithin: 0.3,
} as const;

export const GUIDANCE_TEXT: Record<Guidance, string> = {
  'no-face': '未检测到人脸，请正对屏幕上方的摄像头',
  'several-faces': '检测到多张人脸，请确保只有您一人在镜头前',
  'too-far': '请靠近一些',
  'too-close': '请离远一些',
  'too-dark': '光线太暗，请面向光源或联系工作人员',
  'look-at-camera': '请正视摄像头',
  ok: '很好，请保持',
};

/** The first problem a citizen can fix, in the order that matters (light before distance). */
export function guidanceFor(frame: FrameFacts, opts: { allowTurn?: boolean } = {}): Guidance {
  const faces = frame.faces.filter((f) => f.score >= GUIDANCE_LIMITS.minScore);
  if (faces.length === 0)
    return frame.brightness < GUIDANCE_LIMITS.darkBelow ? 'too-dark' : 'no-face';
  if (faces.length > 1) return 'several-faces';
  if (frame.brightness < GUIDANCE_LIMITS.darkBelow) return 'too-dark';
  const face = faces[0]!;
  if (face.widthShare < GUIDANCE_LIMITS.tooFarBelow) return 'too-far';
  if (face.widthShare > GUIDANCE_LIMITS.tooCloseAbove) return 'too-close';
  if (!opts.allowTurn && !isFrontal(face)) return 'look-at-camera';
  return 'ok';
}

export function isFrontal(face: FrameFace): boolean {
  return (
    Math.abs(face.yaw) <= GUIDANCE_LIMITS.frontalWithin &&
    Math.abs(face.pitch) <= GUIDANCE_LIMITS.frontalWithin
  );
}
