// The layer rule must catch what ARCHITECTURE.md forbids, wherever the import is written.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'kiosk24/layers')
    .map((m) => m.message);
}

describe('kiosk24/layers', () => {
  it('forbids a driver importing the host', async () => {
    const msgs = await messagesFor(
      'drivers/idcard/x.ts',
      "import { x } from '../../host/compose.ts';\nexport const y = x;\n",
    );
    expect(msgs.join()).toContain('drivers/ may not import host/');
  });

  it('forbids the renderer importing node builtins and Node-only catalog code', async () => {
    expect(
      (
        await messagesFor('renderer/x.ts', "import fs from 'node:fs';\nexport const y = fs;\n")
      ).join(),
    ).toContain('node:fs');
    expect(
      (
        await messagesFor(
          'renderer/x.ts',
          "import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';\nexport const y = loadBundledCatalog;\n",
        )
      ).join(),
    ).toContain('Node only');
  });

  it('forbids the renderer importing drivers, even through a dynamic import', async () => {
    const msgs = await messagesFor(
      'renderer/x.ts',
      "export const y = () => import('../drivers/idcard/index.ts');\n",
    );
    expect(msgs.join()).toContain('renderer/ may not import drivers/');
  });

  it('treats the admin console as browser code apart from the server around it', async () => {
    expect(
      (
        await messagesFor(
          'central/console/ui/x.tsx',
          "import fs from 'node:fs';\nexport const y = fs;\n",
        )
      ).join(),
    ).toContain('node:fs');
    expect(
      (
        await messagesFor(
          'central/console/ui/x.tsx',
          "import { x } from '../../db/db.ts';\nexport const y = x;\n",
        )
      ).join(),
    ).toContain('central/console/ may not import central/');
    expect(
      (
        await messagesFor(
          'central/http/x.ts',
          "import { x } from '../console/api/client.ts';\nexport const y = x;\n",
        )
      ).join(),
    ).toContain('central/ may not import central/console/');
    expect(
      await messagesFor(
        'central/console/ui/x.tsx',
        "import { x } from '../../../catalog/schema.ts';\nexport const y = x;\n",
      ),
    ).toEqual([]);
  });

  it('allows what the table allows', async () => {
    expect(
      await messagesFor(
        'host/x.ts',
        "import { x } from '../drivers/idcard/index.ts';\nexport const y = x;\n",
      ),
    ).toEqual([]);
    expect(
      await messagesFor(
        'renderer/x.ts',
        "import { x } from '../contract/rpc.ts';\nexport const y = x;\n",
      ),
    ).toEqual([]);
  });
});
