// /console/ from a build folder: the files with the console's CSP and caching, or, when the
// console was not built, a page naming the build command.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_BUILD_COMMAND,
  CONSOLE_CSP,
  serveConsole,
} from '../../../central/http/serve-console.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serveConsole', () => {
  it('serves the build with its CSP, index.html revalidated and hashed assets cached', async () => {
    const built = path.join(dir, 'built');
    mkdirSync(path.join(built, 'assets'), { recursive: true });
    writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(built, 'assets', 'index-abc.js'), 'export {};');
    const app = Fastify();
    await app.register(serveConsole, { dir: built });
    try {
      const redirect = await app.inject('/console');
      expect(redirect.statusCode).toBe(302);
      expect(redirect.headers.location).toBe('/console/');
      const index = await app.inject('/console/');
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('<title>console</title>');
      expect(index.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(index.headers['cache-control']).toBe('no-cache');
      const asset = await app.inject('/console/assets/index-abc.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject('/console/../package.json')).statusCode).not.toBe(200);
      expect((await app.inject('/console/missing.js')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('without a build, says how to make one', async () => {
    const app = Fastify();
    await app.register(serveConsole, { dir: path.join(dir, 'nothing-here') });
    try {
      for (const url of ['/console/', '/console/assets/x.js']) {
        const res = await app.inject(url);
        expect(res.statusCode).toBe(503);
        expect(res.body).toContain(CONSOLE_BUILD_COMMAND);
      }
    } finally {
      await app.close();
    }
  });
});
