// Site configuration of one kiosk: defaults for the demo and tests, overridden by a JSON file
// (KIOSK24_CONFIG) and by the launcher's flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A vendor's WLT photo decoder library, loaded through FFI (see drivers/idcard/photo-ffi.ts). */
export const PhotoDecoderConfig = z.object({
  libraryPath: z.string().min(1),
  symbol: z.enum(['WltToBmp', 'unpack', 'CV_Decode']),
  successCodes: z.array(z.number().int()).optional(),
  unpackArg: z.number().int().optional(),
});
export type PhotoDecoderConfig = z.infer<typeof PhotoDecoderConfig>;

const photoDecoder = { photoDecoder: PhotoDecoderConfig.optional() };

export const IdReaderConfig = z.discriminatedUnion('transport', [
  z.object({
    transport: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(115200),
    ...photoDecoder,
  }),
  /**
   * A USB-HID reader. No public report layout exists, so size and framing are per model, e.g.
   * framing "report-id=2,length,pad=0x00" (see drivers/idcard/hid-framing.ts).
   */
  z.object({
    transport: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().min(1).optional(),
    reportSize: z.number().int().min(8).max(1024).default(64),
    framing: z.string().default(''),
    ...photoDecoder,
  }),
  /** A simulator wired to the driver through an in-process byte stream (demo only). */
  z.object({ transport: z.literal('in-process-simulator'), card: z.string().default('resident') }),
]);
export type IdReaderConfig = z.infer<typeof IdReaderConfig>;

export const KioskConfig = z.object({
  kioskId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/),
  servicePoint: z.object({ district: z.string(), street: z.string(), name: z.string() }),
  /** Outbox database, spool folder and logs live here. */
  dataDir: z.string().min(1),
  central: z.object({
    url: z.url(),
    /**
     * One-time enrolment token from the central admin (issue 6). On start the kiosk registers its
     * key with it once; afterwards the token is spent and may stay here harmlessly.
     */
    enrolmentToken: z.string().min(32).max(128).optional(),
    /**
     * The catalog root this kiosk trusts first (a signed root document shipped with it). Without
     * one, and without a root learnt before, the kiosk runs its bundled catalog and takes no
     * catalog from the centre.
     */
    trustedRootFile: z.string().min(1).optional(),
    /** How often to ask the centre for a newer catalog; default 300. */
    catalogPollSeconds: z.number().int().min(5).optional(),
    /** Seconds between fleet heartbeats (the centre's answer may change it); default 60. */
    heartbeatSeconds: z.number().int().min(5).max(3600).optional(),
  }),
  idReader: IdReaderConfig,
  receiptPrinter: z.object({
    /** tcp://HOST:PORT (raw 9100), serial:PATH?baud=N, or usblp:/dev/usb/lpN (USB printer class). */
    uri: z
      .string()
      .regex(
        /^(tcp:\/\/[^:/]+:\d+|serial:\/[^?]+(\?baud=\d+)?|(usblp|file):\/.+)$/,
        'use tcp://HOST:PORT, serial:/dev/ttyX?baud=N or usblp:/dev/usb/lp0',
      ),
    paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
    /**
     * What the printer's own font draws (gb2312, gbk or gb18030, plus characters it lacks
     * regardless); names with other characters print as images.
     */
    font: z
      .object({
        coverage: z.enum(['gb2312', 'gbk', 'gb18030']),
        missing: z.string().optional(),
      })
      .optional(),
  }),
  a4Printer: z.object({
    /** ipp://HOST:PORT/printers/QUEUE, or spool:DIR when no CUPS queue is configured. */
    uri: z.string().regex(/^(ipp:\/\/|spool:)/),
  }),
  session: z.object({
    idleSeconds: z.number().int().min(5).default(90),
    countdownSeconds: z.number().int().min(3).default(30),
  }),
  host: z.object({ port: z.number().int().min(0).max(65535).default(8024) }),
  /**
   * Face verification: the liveness challenges the host picks from at random; the camera the
   * screen opens (a deviceId from the browser's enumerateDevices, else the user-facing one) and
   * its resolution; whether the guidance is also spoken (espeak-ng's voice name).
   */
  face: z
    .object({
      challenges: z.array(z.enum(['blink', 'turn-left', 'turn-right'])).min(1),
      camera: z
        .object({
          deviceId: z.string().min(1).max(200).optional(),
          width: z.number().int().min(160).max(1920).default(640),
          height: z.number().int().min(120).max(1080).default(480),
        })
        .prefault({}),
      voice: z
        .object({
          enabled: z.boolean().default(true),
          voice: z
            .string()
            .regex(/^[a-z]{2,3}(-[A-Za-z0-9-]+)?$/)
            .default('cmn'),
        })
        .prefault({}),
    })
    .prefault({ challenges: ['blink', 'turn-left', 'turn-right'] }),
  /** The encrypted outbox: how long personal data stays after the centre acknowledged it. */
  outbox: z
    .object({ retentionHours: z.number().min(0).max(2160).default(24) })
    .default({ retentionHours: 24 }),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;

export function defaultConfig(dataDir: string): KioskConfigInput {
  return {
    kioskId: 'GZ-DEMO-0001',
    servicePoint: { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' },
    dataDir,
    central: { url: 'http://127.0.0.1:8025' },
    idReader: { transport: 'in-process-simulator', card: 'resident' },
    receiptPrinter: { uri: 'tcp://127.0.0.1:9100', paperWidth: 80 },
    a4Printer: { uri: `spool:${path.join(dataDir, 'spool')}` },
    session: { idleSeconds: 90, countdownSeconds: 30 },
    host: { port: 8024 },
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      prev &&
      typeof prev === 'object'
        ? merge(prev as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/** Defaults ← config file ← overrides; throws a readable error naming the bad field. */
export function loadConfig(opts: {
  dataDir: string;
  file?: string | undefined;
  overrides?: DeepPartial<KioskConfigInput>;
}): KioskConfig {
  let fromFile: Record<string, unknown> = {};
  if (opts.file) {
    try {
      fromFile = JSON.parse(readFileSync(opts.file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`cannot read kiosk config ${opts.file}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const merged = merge(
    merge(defaultConfig(opts.dataDir) as Record<string, unknown>, fromFile),
    (opts.overrides ?? {}) as Record<string, unknown>,
  );
  const parsed = KioskConfig.safeParse(merged);
  if (!parsed.success) throw new Error(`invalid kiosk config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
