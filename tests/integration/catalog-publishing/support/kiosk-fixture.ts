// One kiosk's catalog side, built from the real parts: its config, its key and enrolment (the
// host's own code, from a token in the config), the on-disk catalog store with the root it was
// shipped with, and the updater talking to the centre (or to a proxy in front of it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBundledCatalog } from '../../../../catalog/load-bundled-catalog.ts';
import type { Catalog } from '../../../../catalog/schema.ts';
import type { CentralPlatform } from '../../../../central/index.ts';
import { loadConfig, type KioskConfig } from '../../../../config/kiosk-config.ts';
import { openCatalogStore, type CatalogStore } from '../../../../host/catalog-store.ts';
import { createCatalogUpdater, type CatalogUpdater } from '../../../../host/catalog-updater.ts';
import { enrolFromConfig } from '../../../../host/kiosk-enrolment.ts';
import { createLogger, type Logger } from '../../../../host/log.ts';
import { kioskRequestSigner } from '../../../../offline-cache/request-signing.ts';

export interface KioskUnderTest {
  config: KioskConfig;
  store: CatalogStore;
  updater: CatalogUpdater;
  log: Logger;
  logLines: string[];
  /** `catalog.rejected` events logged so far, parsed. */
  rejections(): { reason: string; version: number | null; running: number }[];
  /** The same data folder opened again, as after a restart. */
  reopen(opts?: { centralUrl?: string; pinnedRoot?: string }): KioskUnderTest;
  close(): Promise<void>;
}

let serial = 0;

export async function kioskUnderTest(
  central: CentralPlatform,
  opts: { kioskId?: string; district?: string; centralUrl?: string; pinnedRoot?: string } = {},
): Promise<KioskUnderTest> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-catalog-kiosk-'));
  const kioskId = opts.kioskId ?? `GZ-CAT-${process.pid}-${++serial}`;
  const rootFile = path.join(dataDir, 'shipped-root.json');
  writeFileSync(rootFile, opts.pinnedRoot ?? (await central.services.catalogs.root(1))!);
  const { token } = await central.services.enrolment.createToken({ kioskId });
  const config = loadConfig({
    dataDir,
    overrides: {
      kioskId,
      servicePoint: { district: opts.district ?? '天河区' },
      central: { url: central.url, enrolmentToken: token, trustedRootFile: rootFile },
    },
  });
  await enrolFromConfig(config);
  return open(config, opts.centralUrl ?? central.url);
}

function open(config: KioskConfig, centralUrl: string): KioskUnderTest {
  const logLines: string[] = [];
  const log = createLogger('kiosk', (line) => logLines.push(line));
  const store = openCatalogStore({
    dataDir: config.dataDir,
    bundled: loadBundledCatalog(),
    pinnedRootFile: config.central.trustedRootFile,
    log,
  });
  const updater = createCatalogUpdater({
    store,
    centralUrl,
    kiosk: { kioskId: config.kioskId, district: config.servicePoint.district },
    sign: kioskRequestSigner(config.dataDir, config.kioskId),
    log,
    pollMs: 3_600_000,
  });
  return {
    config,
    store,
    updater,
    log,
    logLines,
    rejections: () =>
      logLines
        .map(
          (l) =>
            JSON.parse(l) as {
              event: string;
              reason: string;
              version: number | null;
              running: number;
            },
        )
        .filter((e) => e.event === 'catalog.rejected'),
    reopen(again = {}) {
      const next = again.pinnedRoot
        ? (() => {
            const file = path.join(config.dataDir, 'other-root.json');
            writeFileSync(file, again.pinnedRoot);
            return { ...config, central: { ...config.central, trustedRootFile: file } };
          })()
        : config;
      return open(next, again.centralUrl ?? centralUrl);
    },
    close: () => updater.stop(),
  };
}

/** The bundled catalog with its first item renamed: content a test can recognise. */
export function catalogVariant(
  label: string,
  base: Catalog = loadBundledCatalog(),
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(base)) as Catalog;
  copy.items[0]!.name = `${base.items[0]!.name}（${label}）`;
  return copy as unknown as Record<string, unknown>;
}

export const firstItemName = (catalog: Catalog) => catalog.items[0]!.name;
