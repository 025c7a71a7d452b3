import { expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { adminBearerToken, adminOf, requireAdmin } from '../../../central/http/admin-auth.ts';

const TOKEN = 'a-long-enough-admin-token-for-tests';
const req = (authorization?: string) => ({
  method: 'POST',
  url: '/api/v1/admin/enrolment-tokens',
  headers: authorization === undefined ? {} : { authorization },
});

it('admits the bearer of the configured token only', async () => {
  const auth = adminBearerToken(TOKEN);
  await expect(auth(req(`Bearer ${TOKEN}`))).resolves.toEqual({
    adminId: 'admin-token',
    roles: ['catalog-editor', 'fleet-operator', 'auditor'],
  });
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

it('lets any admin read but needs the named role to change', async () => {
  const auditor = async () => ({ adminId: 'a1', roles: ['auditor'] as const });
  const request = () => ({ raw: req('Bearer x') }) as unknown as FastifyRequest;
  const read = request();
  await requireAdmin(auditor)(read);
  expect(adminOf(read).adminId).toBe('a1');
  const change = request();
  await expect(requireAdmin(auditor, 'catalog-editor')(change)).rejects.toMatchObject({
    kind: 'forbidden',
    code: 'admin-role-required',
    message: 'this action needs the catalog-editor role',
  });
  expect(() => adminOf(change)).toThrow(/admin required/);
});
