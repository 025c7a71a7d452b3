import { expect, it } from 'vitest';
import { authenticateByKioskIdHeader } from '../../../central/http/authenticate.ts';

const request = (headers: Record<string, string | string[]>) => ({
  method: 'POST',
  url: '/',
  headers,
});

it('takes the kiosk id from x-kiosk-id', async () => {
  await expect(
    authenticateByKioskIdHeader(request({ 'x-kiosk-id': 'GZ-TH-0001' })),
  ).resolves.toEqual({
    kioskId: 'GZ-TH-0001',
  });
});

it('refuses a missing, repeated or malformed kiosk id', async () => {
  await expect(authenticateByKioskIdHeader(request({}))).rejects.toMatchObject({
    kind: 'unauthenticated',
    code: 'kiosk-id-missing',
  });
  await expect(
    authenticateByKioskIdHeader(request({ 'x-kiosk-id': ['a', 'b'] })),
  ).rejects.toMatchObject({
    code: 'kiosk-id-missing',
  });
  for (const bad of ['has space', 'x'.repeat(65), '天河-01']) {
    await expect(authenticateByKioskIdHeader(request({ 'x-kiosk-id': bad }))).rejects.toMatchObject(
      {
        code: 'kiosk-id-invalid',
      },
    );
  }
});
