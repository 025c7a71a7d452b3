// Everything a kiosk needs from this centre before its first start, in one call: a one-time
// enrolment token issued for it, and the centre's first catalog root written to a file for the
// kiosk to trust. The demo (cli/demo-peers.ts) and test harnesses use it; a real site gets the
// same two things from `kiosk24 central enrol-token` and `kiosk24 central root`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CentralPlatform } from '../index.ts';

export interface KioskProvision {
  /** For the kiosk configuration's `central.enrolmentToken`. */
  enrolmentToken: string;
  /** For `central.trustedRootFile`; null when this centre publishes no catalogs (no key folder). */
  trustedRootFile: string | null;
}

export async function provisionKiosk(
  central: CentralPlatform,
  opts: { kioskId: string; district?: string; rootFile: string },
): Promise<KioskProvision> {
  const { token } = await central.services.enrolment.createToken({
    kioskId: opts.kioskId,
    ...(opts.district === undefined ? {} : { district: opts.district }),
  });
  const root = await central.services.catalogs.root(1);
  if (root === null) return { enrolmentToken: token, trustedRootFile: null };
  mkdirSync(path.dirname(opts.rootFile), { recursive: true, mode: 0o700 });
  writeFileSync(opts.rootFile, root);
  return { enrolmentToken: token, trustedRootFile: opts.rootFile };
}
