import { expect, it } from 'vitest';
import { adminBearerToken } from '../../../central/http/admin-auth.ts';

const TOKEN = 'a-long-enough-admin-token-for-tests';
const req = (authorization?: string) => ({
  method: 'POST',
  url: '/api/v1/admin/enrolment-tokens',
  headers: authorization === undefined ? {} : { authorization },
});

it('admits the bearer of the configured token only', async () => {
  const auth = adminBearerToken(TOKEN);
  await expect(auth(req(`Bearer ${TOKEN}`))).resolves.toEqual({ adminId: 'admin-token' });
  for (const bad of [undefined, TOKEN, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ']) {
    await expect(auth(req(bad))).rejects.toMatchObject({ code: 'admin-unauthenticated' });
  }
});

it('is off without a token, and refuses a short one', async () => {
  await expect(adminBearerToken(undefined)(req(`Bearer ${TOKEN}`))).rejects.toMatchObject({
    kind: 'forbidden',
    code: 'admin-api-disabled',
  });
  expect(() => adminBearerToken('short')).toThrow(/at least 24/);
});
