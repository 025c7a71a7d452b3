import { expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  verifyPassword,
} from '../../../central/security/password-hash.ts';

it('hashes with scrypt and a salt of its own each time, keeping no plaintext', async () => {
  const password = 'correct horse battery staple';
  const a = await hashPassword(password);
  const b = await hashPassword(password);
  expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect(a).not.toContain(password);
  expect(await verifyPassword(password, a)).toBe(true);
  expect(await verifyPassword(password, b)).toBe(true);
  expect(await verifyPassword('correct horse battery stapler', a)).toBe(false);
  expect(await verifyPassword('', a)).toBe(false);
});

it('treats a malformed or tampered hash as a wrong password, never as an error', async () => {
  const hash = await hashPassword('twelve chars ok');
  expect(await verifyPassword('twelve chars ok', hash.replace('$15$', '$14$'))).toBe(false);
  expect(await verifyPassword('twelve chars ok', 'plain text')).toBe(false);
  expect(await verifyPassword('twelve chars ok', hash.replace('$15$', '$31$'))).toBe(false);
});

it('generates passwords of 24 URL-safe characters', () => {
  const seen = new Set(Array.from({ length: 20 }, generatePassword));
  expect(seen.size).toBe(20);
  for (const p of seen) expect(p).toMatch(/^[A-Za-z0-9_-]{24}$/);
});
