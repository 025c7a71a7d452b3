// Technician verbs for the devices of a kiosk: read one ID card and print it, or check the
// reader's SAM. They speak to the reader directly (serial or USB-HID), so the kiosk must not hold
// the port at the same time.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  ByteTransport,
  IdCardReader,
  PhotoDecoder,
  ReadOutcome,
  TechnicianCardRecord,
} from '../drivers/idcard/index.ts';
import type { Verb } from './main.ts';
import { parseFlags, UsageError } from './usage-error.ts';

/** Exit statuses, documented in the usage text. */
export const DEVICE_EXIT = {
  ok: 0,
  usage: 2,
  noCard: 3,
  readerFault: 4,
  cardUnreadable: 5,
  interrupted: 130,
} as const;

const USAGE = `Usage:
  kiosk24 device read-card --port PATH [--baud N] [--timeout SECONDS] [--json]
  kiosk24 device read-card --hid VID:PID [--report-size N] [--framing SPEC] [--timeout SECONDS] [--json]
  kiosk24 device status    --port PATH [--baud N] [--json]      (or --hid … as above)

read-card  waits for one card on the reader, reads it and prints it. A card lifted mid-read is
           waited for again until the timeout. The kiosk must not hold the port meanwhile.
status     checks the reader's SAM (security module) and prints its ID.

  --port PATH          serial device of the reader (/dev/ttyUSB0, or one end of a socat pty pair)
  --baud N             serial speed (default 115200)
  --hid VID:PID        a USB-HID reader instead, in hex (e.g. 0400:c35a)
  --hid-path PATH      which HID device, when several share VID:PID
  --report-size N      HID report size in bytes, report ID excluded (default 64)
  --framing SPEC       HID report layout of the model: report-id=N,input-report-id,length,pad=N
                       (default: no report ID, no length byte, zero padding)
  --timeout SECONDS    how long to wait for a card (default 30)
  --fingerprint        read with 30 10 where the module supports it
  --photo-lib PATH     the vendor's WLT decoder library (without it only the simulator's test
                       portraits decode; real photos are reported with "decoded": false)
  --photo-symbol NAME  its entry point: WltToBmp (default), unpack or CV_Decode
  --photo-out FILE     also write the decoded portrait (BMP, or PNG for simulator cards)
  --json               print one JSON object on stdout:
                         read-card: cardType name englishName gender nation birthDate address
                           idNumber issuer validFrom validTo passNumber issueCount nationality
                           expired idNumberValid photo {format, bytes, decoded} samId
                         status: state samId detail transport

Exit status:
  0    card read / reader fit
  2    usage error
  3    no card within the timeout
  4    reader fault: port cannot be opened, SAM fault, reader silent or disconnected
  5    a card was found but its data could not be read (bad or unknown card)
  130  interrupted (Ctrl+C)`;

export const deviceVerb: Verb = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'read-card') return readCard(rest);
    if (sub === 'status') return status(rest);
    throw new UsageError(
      sub === undefined
        ? 'a subcommand is required: read-card or status'
        : `unknown subcommand "${sub}" (read-card or status)`,
    );
  },
};

const FLAGS = {
  port: { type: 'string' },
  baud: { type: 'string' },
  hid: { type: 'string' },
  'hid-path': { type: 'string' },
  'report-size': { type: 'string' },
  framing: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Checks the flags before anything is opened, so a typo never waits for a device. */
function transportPlan(values: Values): () => Promise<ByteTransport> {
  if (values.port && values.hid) throw new UsageError('give either --port or --hid, not both');
  if (values.port) {
    if (values.hid || values['hid-path'] || values['report-size'] || values.framing)
      throw new UsageError('--hid-path, --report-size and --framing go with --hid');
    const baudRate = positiveInt(values.baud, '--baud', 115200);
    const port = values.port;
    return async () => {
      const { openSerialTransport } = await import('../drivers/idcard/index.ts');
      return openSerialTransport({ path: port, baudRate });
    };
  }
  if (values.hid) {
    if (values.baud) throw new UsageError('--baud goes with --port');
    const m = /^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$/.exec(values.hid);
    if (!m)
      throw new UsageError(`--hid must be VID:PID in hex (e.g. 0400:c35a), got "${values.hid}"`);
    const reportSize = positiveInt(values['report-size'], '--report-size', 64);
    const target = {
      vendorId: parseInt(m[1]!, 16),
      productId: parseInt(m[2]!, 16),
      ...(values['hid-path'] ? { path: values['hid-path'] } : {}),
    };
    const framingSpec = values.framing ?? '';
    return async () => {
      const { openHidTransport, parseHidFraming } = await import('../drivers/idcard/index.ts');
      let framing;
      try {
        framing = parseHidFraming(reportSize, framingSpec);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      return openHidTransport({ ...target, framing });
    };
  }
  throw new UsageError('--port PATH (serial) or --hid VID:PID is required');
}

/** Opens the transport and runs the reader's start-up; null (and a message) when unfit. */
async function openReader(
  open: () => Promise<ByteTransport>,
  extra: { photoDecoder?: PhotoDecoder; readFingerprint?: boolean } = {},
): Promise<
  | { reader: IdCardReader; samId: string; description: string }
  | { error: string; description: string | null }
> {
  const { IdCardReader } = await import('../drivers/idcard/index.ts');
  let transport: ByteTransport;
  try {
    transport = await open();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return { error: `cannot open the reader: ${(err as Error).message}`, description: null };
  }
  const reader = new IdCardReader({ transport, ...extra });
  try {
    const { samId } = await reader.start();
    return { reader, samId, description: transport.description };
  } catch (err) {
    await reader.close();
    return {
      error: `reader not fit: ${(err as Error).message}`,
      description: transport.description,
    };
  }
}

async function status(args: string[]): Promise<number> {
  const { values } = parseFlags(args, FLAGS);
  const open = transportPlan(values);
  const opened = await openReader(open);
  if ('error' in opened) {
    console.error(`kiosk24 device status: ${opened.error}`);
    if (values.json)
      console.log(
        JSON.stringify({
          state: 'fault',
          samId: null,
          detail: opened.error,
          transport: opened.description,
        }),
      );
    return DEVICE_EXIT.readerFault;
  }
  const health = opened.reader.health();
  await opened.reader.close();
  if (values.json) {
    console.log(
      JSON.stringify({
        state: health.state,
        samId: opened.samId,
        detail: health.detail,
        transport: opened.description,
      }),
    );
  } else {
    console.log(`reader fit: SAM ${opened.samId} on ${opened.description}`);
  }
  return DEVICE_EXIT.ok;
}

async function readCard(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    ...FLAGS,
    timeout: { type: 'string' },
    fingerprint: { type: 'boolean' },
    'photo-lib': { type: 'string' },
    'photo-symbol': { type: 'string' },
    'photo-out': { type: 'string' },
  });
  const open = transportPlan(values);
  const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError(`--timeout must be a number of seconds above 0, got "${values.timeout}"`);
  const drivers = await import('../drivers/idcard/index.ts');
  const symbol = values['photo-symbol'] ?? 'WltToBmp';
  if (!(drivers.VENDOR_DECODER_SYMBOLS as readonly string[]).includes(symbol))
    throw new UsageError(
      `--photo-symbol must be one of ${drivers.VENDOR_DECODER_SYMBOLS.join(', ')}, got "${symbol}"`,
    );
  if (values['photo-symbol'] && !values['photo-lib'])
    throw new UsageError('--photo-symbol goes with --photo-lib');

  const vendor = values['photo-lib']
    ? drivers.createFfiPhotoDecoder({
        libraryPath: path.resolve(values['photo-lib']),
        symbol: symbol as (typeof drivers.VENDOR_DECODER_SYMBOLS)[number],
        log: (event, detail) => console.error(`kiosk24 device: ${event} ${JSON.stringify(detail)}`),
      })
    : null;
  const photoDecoder = vendor
    ? drivers.chainPhotoDecoders(vendor, drivers.simulatorPhotoDecoder)
    : drivers.simulatorPhotoDecoder;

  const opened = await openReader(open, {
    photoDecoder,
    readFingerprint: values.fingerprint ?? false,
  });
  if ('error' in opened) {
    await vendor?.close();
    console.error(`kiosk24 device read-card: ${opened.error}`);
    return DEVICE_EXIT.readerFault;
  }
  const { reader, samId } = opened;
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!values.json)
    console.error(`Reader ready (SAM ${samId}). Place a card within ${timeoutSeconds} s…`);
  let outcome: ReadOutcome;
  try {
    outcome = await waitForCard(reader, timeoutSeconds * 1000, interrupt.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await reader.close();
    await vendor?.close();
  }

  if (outcome.kind === 'timeout') {
    if (interrupt.signal.aborted) {
      console.error('kiosk24 device read-card: interrupted');
      return DEVICE_EXIT.interrupted;
    }
    console.error(`kiosk24 device read-card: no card within ${timeoutSeconds} s`);
    return DEVICE_EXIT.noCard;
  }
  if (outcome.kind === 'error') {
    const { error } = outcome;
    const sw3 = error.sw3 === undefined ? '' : ` [SW3 ${drivers.sw3Hex(error.sw3)}]`;
    console.error(
      `kiosk24 device read-card: ${error.message}${sw3} (${error.code}; the screen would say: ${error.citizenMessage})`,
    );
    return error.code === 'bad-data' || error.code === 'no-content' || error.code === 'reread'
      ? DEVICE_EXIT.cardUnreadable
      : DEVICE_EXIT.readerFault;
  }

  const record = drivers.technicianCardRecord(outcome, samId);
  if (values['photo-out']) {
    if (outcome.photo.decoded) {
      await writeFile(values['photo-out'], outcome.photo.decoded.bytes);
    } else {
      console.error('kiosk24 device read-card: photo not decoded; nothing written to --photo-out');
    }
  }
  console.log(values.json ? JSON.stringify(record) : formatRecord(record));
  return DEVICE_EXIT.ok;
}

/**
 * Polls until a card is read or the time is up. A card lifted mid-read (or moved) is the
 * citizen's business, not the reader's: say so and keep waiting for it.
 */
async function waitForCard(
  reader: IdCardReader,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ReadOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal.aborted) return { kind: 'timeout' };
    const outcome = await reader.readCard({ timeoutMs: remaining, signal });
    if (outcome.kind === 'error' && outcome.error.code === 'reread') {
      console.error(
        `kiosk24 device read-card: ${outcome.error.message}; waiting for the card to be placed again`,
      );
      continue;
    }
    return outcome;
  }
}

function formatRecord(r: TechnicianCardRecord): string {
  const rows: [string, string][] = Object.entries(r).map(([k, v]) => [
    k,
    v === null
      ? '—'
      : typeof v === 'object'
        ? `${v.format}, ${v.bytes} bytes, ${v.decoded ? 'decoded' : 'not decoded'}`
        : String(v),
  ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
