// Binds the ID-card driver to the service's CardReaderPort, and for the demo wires the driver
// to an in-process simulator over a byte stream, so even the demo exercises the real protocol.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdReaderConfig } from '../../config/kiosk-config.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import {
  chainPhotoDecoders,
  createFfiPhotoDecoder,
  createInProcessPair,
  FrameParser,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  openReopeningHidTransport,
  openReopeningSerialTransport,
  parseHidFraming,
  simulatorPhotoDecoder,
  type ByteTransport,
  type PhotoDecoder,
  type CardFixture,
} from '../../drivers/idcard/index.ts';
import { errorText, type Logger } from '../log.ts';
import type { CardReaderPort, CardReadOutcome } from '../ports.ts';

export interface CardReaderAdapter extends CardReaderPort {
  close(): Promise<void>;
}

/** A card JSON file (absolute or ./relative path), or a bundled fixture name like `face/resident-face`. */
export function fixturePath(name: string): string {
  if (path.isAbsolute(name) || name.startsWith('./') || name.startsWith('../')) return name;
  const file = name.endsWith('.json') ? name : `${name}.json`;
  return fileURLToPath(new URL(`../../drivers/idcard/fixtures/${file}`, import.meta.url));
}

export async function openCardReader(
  config: IdReaderConfig,
  log: Logger,
): Promise<CardReaderAdapter> {
  let transport: ByteTransport;
  let demo: { close(): void } | null = null;
  let vendorDecoder: ReturnType<typeof createFfiPhotoDecoder> | null = null;
  // Transports below reopen with backoff after an unplug (and wait for a reader absent at start).
  if (config.transport === 'serial') {
    transport = await openReopeningSerialTransport({
      path: config.path,
      baudRate: config.baudRate,
    });
  } else if (config.transport === 'hid') {
    transport = await openReopeningHidTransport({
      vendorId: config.vendorId,
      productId: config.productId,
      ...(config.path ? { path: config.path } : {}),
      framing: parseHidFraming(config.reportSize, config.framing),
    });
  } else {
    const [hostSide, deviceSide] = createInProcessPair();
    const card = await loadCardFixture(fixturePath(config.card));
    demo = presentCardWhenAsked(deviceSide, card);
    transport = hostSide;
  }
  let photoDecoder: PhotoDecoder = simulatorPhotoDecoder;
  if (config.transport !== 'in-process-simulator' && config.photoDecoder) {
    vendorDecoder = createFfiPhotoDecoder({
      ...config.photoDecoder,
      log: (event, detail) => log.warn(`photo.${event}`, detail),
    });
    photoDecoder = chainPhotoDecoders(vendorDecoder, simulatorPhotoDecoder);
  }
  const reader = new IdCardReader({ transport, photoDecoder });
  try {
    const { samId } = await reader.start();
    log.info('idreader.ready', { samId, transport: transport.description });
  } catch (err) {
    // A reader that fails its start-up check is reported in health; the kiosk still serves
    // items that need no card and tells technicians what is wrong.
    log.error('idreader.start_failed', { reason: errorText(err) });
  }
  return {
    async readCard({ timeoutMs }): Promise<CardReadOutcome> {
      const outcome = await reader.readCard({ timeoutMs });
      if (outcome.kind === 'card') {
        return { kind: 'card', person: outcome.person, photo: outcome.photo.decoded };
      }
      if (outcome.kind === 'timeout') return { kind: 'timeout' };
      return { kind: 'error', citizenMessage: outcome.error.citizenMessage };
    },
    health(): DeviceHealth {
      return reader.health();
    },
    async close() {
      demo?.close();
      await reader.close();
      await vendorDecoder?.close();
    },
  };
}

/**
 * The demo citizen: places the card after the reader has looked for one for a moment, and takes
 * it away once it has been read, so that every demo session reads a fresh card.
 */
function presentCardWhenAsked(deviceSide: ByteTransport, card: CardFixture): { close(): void } {
  const requests = new FrameParser('request');
  let findsWithoutCard = 0;
  let placed = false;
  let read = false;
  // Registered before the simulator's own listener, so a lift or a placement takes effect for
  // the very request that caused it.
  const stop = deviceSide.onData((chunk) => {
    for (const frame of requests.push(chunk)) {
      if (frame.cmd === 0x20 && frame.para === 0x01) {
        if (placed && read) {
          simulator.liftCard();
          placed = false;
          read = false;
          findsWithoutCard = 0;
        } else if (!placed && ++findsWithoutCard >= 4) {
          simulator.placeCard(card);
          placed = true;
        }
      } else if (frame.cmd === 0x30 && placed) {
        read = true;
      }
    }
  });
  const simulator = new IdCardSimulator({ transport: deviceSide, card: null });
  return {
    close: () => {
      stop();
      void simulator.close();
    },
  };
}
