// The kiosk camera through getUserMedia (Electron grants it to the app's own origin only).
// Device and resolution are settings; the stream is stopped, track by track, when done.

export interface CameraSettings {
  deviceId?: string;
  width: number;
  height: number;
}

export const DEFAULT_CAMERA: CameraSettings = { width: 640, height: 480 };

export async function openCamera(settings: CameraSettings = DEFAULT_CAMERA): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      width: { ideal: settings.width },
      height: { ideal: settings.height },
      ...(settings.deviceId ? { deviceId: { exact: settings.deviceId } } : { facingMode: 'user' }),
    },
  });
}

export function stopCamera(stream: MediaStream | null, video: HTMLVideoElement | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  if (video) {
    video.pause();
    video.srcObject = null;
  }
}
