// Bundles the Electron main process and preload (the only code Electron itself loads) with
// esbuild; the host stays plain Node and runs from source through tsx.
import { build } from 'esbuild';
import path from 'node:path';

export async function buildElectronShell(appRoot: string): Promise<string> {
  const outdir = path.join(appRoot, 'dist', 'electron');
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning' as const,
  };
  await build({
    ...common,
    entryPoints: [path.join(appRoot, 'electron', 'main.ts')],
    outfile: path.join(outdir, 'main.cjs'),
  });
  await build({
    ...common,
    entryPoints: [path.join(appRoot, 'electron', 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
  });
  return path.join(outdir, 'main.cjs');
}
