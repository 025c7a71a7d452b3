// The face section of the kiosk config: the camera (device, resolution) and the voice have
// defaults, a site overrides them, and nonsense is refused with the field named.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/kiosk-config.ts';

describe('kiosk config: face', () => {
  it('defaults to the user-facing camera at 640×480, spoken guidance in Mandarin', () => {
    const { face } = loadConfig({ dataDir: '/tmp/kiosk24-config-test' });
    expect(face.challenges).toEqual(['blink', 'turn-left', 'turn-right']);
    expect(face.camera).toEqual({ width: 640, height: 480 });
    expect(face.voice).toEqual({ enabled: true, voice: 'cmn' });
  });

  it('takes a site camera and voice, keeping the defaults it does not name', () => {
    const { face } = loadConfig({
      dataDir: '/tmp/kiosk24-config-test',
      overrides: {
        face: {
          challenges: ['blink'],
          camera: { deviceId: 'usb-cam-0', width: 1280 },
          voice: { voice: 'yue' },
        },
      },
    });
    expect(face.camera).toEqual({ deviceId: 'usb-cam-0', width: 1280, height: 480 });
    expect(face.voice).toEqual({ enabled: true, voice: 'yue' });
  });

  it('refuses an impossible resolution and a voice name that is not one', () => {
    expect(() =>
      loadConfig({
        dataDir: '/tmp/kiosk24-config-test',
        overrides: { face: { challenges: ['blink'], camera: { width: 10 } } },
      }),
    ).toThrow(/face\.camera\.width/);
    expect(() =>
      loadConfig({
        dataDir: '/tmp/kiosk24-config-test',
        overrides: { face: { challenges: ['blink'], voice: { voice: 'cmn; rm -rf /' } } },
      }),
    ).toThrow(/face\.voice\.voice/);
  });
});
