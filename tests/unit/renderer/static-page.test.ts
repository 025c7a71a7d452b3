// The page's own rules, checked on the sources: the CSP in index.html is the host's, nothing
// inline (the CSP forbids it), and the browser-side code imports no Node module.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../host/http-server.ts';

const root = path.resolve(import.meta.dirname, '../../../renderer');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('renderer page', () => {
  const html = readFileSync(path.join(root, 'index.html'), 'utf8');

  it('carries the host CSP in its meta tag and is Simplified Chinese', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('has no inline script or style, in the page or in the components', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style=/);
    for (const file of sources(root).filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\bstyle=\{/);
      expect(text, file).not.toMatch(/dangerouslySetInnerHTML/);
      if (!file.endsWith('vite.config.ts')) expect(text, file).not.toMatch(/from 'node:/);
    }
  });
});
