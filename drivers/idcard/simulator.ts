// A reader module as a peer: it answers SAM frames over a ByteTransport exactly as the spec
// describes, so tests and the demo exercise the real driver. It speaks only when asked.
import { encodeCardText } from './card-text.ts';
import {
  BAUD_RATES,
  COMMANDS,
  encodeBaseInfo,
  FIND_DATA_BYTES,
  NEWEST_ADDRESS_BYTES,
  SELECT_DATA_BYTES,
  SET_BAUD_CMD,
} from './commands.ts';
import { fixtureToCardText, type CardFixture } from './fixture.ts';
import { encodeResponse, FrameParser, PREAMBLE, type RequestFrame } from './frame.ts';
import { WLT_BYTES } from './photo.ts';
import { encodeSamId } from './sam-id.ts';
import { encodeSimulatorPhoto } from './sim-photo.ts';
import { SW3 } from './status.ts';
import type { ByteTransport } from './transport.ts';

export const DEFAULT_SAM_ID = '05.01-20101129-0001228293-0296863149';

/**
 * Faults for the next response: `noise` (garbage before it), `bad-checksum`, `silence` (no
 * answer), `sw3:0xNN` (answer with that status and no data instead).
 */
export type SimulatorFault = 'noise' | 'bad-checksum' | 'silence' | `sw3:0x${string}`;

/** absent → present → found (20 01) → selected (20 02) → read (30 01/10): find then says 80. */
export type SimulatedCardState = 'absent' | 'present' | 'found' | 'selected' | 'read';

interface PreparedCard {
  fixture: CardFixture;
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint: Uint8Array;
}

function prepare(fixture: CardFixture): PreparedCard {
  const fingerprint = new Uint8Array(fixture.fingerprint ? 1024 : 0);
  // Filler, not a fingerprint template: only its length matters to the driver.
  for (let i = 0; i < fingerprint.length; i++) fingerprint[i] = (i * 31 + 7) & 0xff;
  return {
    fixture,
    text: encodeCardText(fixtureToCardText(fixture)),
    photo: fixture.photo === 'portrait' ? encodeSimulatorPhoto() : new Uint8Array(WLT_BYTES),
    fingerprint,
  };
}

function ucs2Field(text: string, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 2) {
    const code = i / 2 < text.length ? text.charCodeAt(i / 2) : 0x20;
    out[i] = code & 0xff;
    out[i + 1] = code >> 8;
  }
  return out;
}

interface Answer {
  sw3: number;
  data?: Uint8Array;
  /** Applied only when the answer goes out as computed. */
  then?: () => void;
}

export class IdCardSimulator {
  /** Every request understood, in order (command codes only). */
  readonly received: { cmd: number; para: number }[] = [];
  private card: PreparedCard | null = null;
  private state: SimulatedCardState = 'absent';
  private readonly faults: {
    fault: SimulatorFault;
    on: { cmd: number; para?: number } | undefined;
  }[] = [];
  private readonly parser = new FrameParser('request');
  private readonly samId: Uint8Array;
  private readonly random: () => number;
  private readonly unsubscribe: () => void;
  private readonly transport: ByteTransport;

  constructor(opts: {
    transport: ByteTransport;
    samId?: string;
    card?: CardFixture | null;
    random?: () => number;
  }) {
    this.transport = opts.transport;
    this.samId = encodeSamId(opts.samId ?? DEFAULT_SAM_ID);
    this.random = opts.random ?? Math.random;
    if (opts.card) this.placeCard(opts.card);
    this.unsubscribe = this.transport.onData((chunk) => this.onData(chunk));
  }

  get cardState(): SimulatedCardState {
    return this.state;
  }

  placeCard(fixture: CardFixture): void {
    this.card = prepare(fixture);
    this.state = 'present';
  }

  liftCard(): void {
    this.card = null;
    this.state = 'absent';
  }

  /**
   * Queues a fault for the next response, or with `on` for the next response to that command
   * (e.g. `COMMANDS.readBase`). Faults apply in the order queued, one per response.
   */
  inject(fault: SimulatorFault, on?: { cmd: number; para?: number }): void {
    if (!/^(noise|bad-checksum|silence|sw3:0x[0-9a-f]{2})$/i.test(fault))
      throw new RangeError(`unknown fault ${fault}`);
    this.faults.push({ fault, on: on && { cmd: on.cmd, para: on.para } });
  }

  /** Faults injected but not yet used. */
  get pendingFaults(): number {
    return this.faults.length;
  }

  private takeFault(req: { cmd: number; para: number } | null): SimulatorFault | undefined {
    const i = this.faults.findIndex(
      ({ on }) =>
        on === undefined ||
        (req !== null && on.cmd === req.cmd && (on.para === undefined || on.para === req.para)),
    );
    return i < 0 ? undefined : this.faults.splice(i, 1)[0]?.fault;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.transport.close();
  }

  private onData(chunk: Uint8Array): void {
    const before = this.parser.stats.checksumErrors;
    const frames = this.parser.push(chunk);
    // A request that arrived corrupted gets the documented answer.
    for (let n = this.parser.stats.checksumErrors - before; n > 0; n--)
      this.send(null, { sw3: SW3.REQUEST_CHECKSUM });
    for (const frame of frames) {
      if (this.received.length >= 10_000) this.received.shift();
      this.received.push({ cmd: frame.cmd, para: frame.para });
      this.send(frame, this.answer(frame));
    }
  }

  private answer(req: RequestFrame): Answer {
    const { cmd, para } = req;
    const is = (c: { cmd: number; para: number }) => cmd === c.cmd && para === c.para;
    const card = this.card;
    if (is(COMMANDS.resetSam)) {
      return { sw3: SW3.OK, then: () => void (this.state = card ? 'present' : 'absent') };
    }
    if (is(COMMANDS.samStatus)) return { sw3: SW3.OK };
    if (is(COMMANDS.samId)) return { sw3: SW3.OK, data: this.samId };
    if (is(COMMANDS.findCard)) {
      if (!card || this.state === 'read') return { sw3: SW3.FIND_FAILED };
      return {
        sw3: SW3.FIND_OK,
        data: new Uint8Array(FIND_DATA_BYTES),
        then: () => void (this.state = 'found'),
      };
    }
    if (is(COMMANDS.selectCard)) {
      if (!card || (this.state !== 'found' && this.state !== 'selected'))
        return { sw3: SW3.SELECT_FAILED };
      return {
        sw3: SW3.OK,
        data: new Uint8Array(SELECT_DATA_BYTES),
        then: () => void (this.state = 'selected'),
      };
    }
    const readable = card && (this.state === 'selected' || this.state === 'read');
    if (is(COMMANDS.readBase) || is(COMMANDS.readBaseWithFingerprint)) {
      if (!readable) return { sw3: SW3.READ_FAILED };
      const fingerprint = is(COMMANDS.readBaseWithFingerprint) ? card.fingerprint : null;
      const data = encodeBaseInfo({ text: card.text, photo: card.photo, fingerprint });
      return { sw3: SW3.OK, data, then: () => void (this.state = 'read') };
    }
    if (is(COMMANDS.readNewestAddress)) {
      if (!readable) return { sw3: SW3.READ_FAILED };
      const address = card.fixture.newestAddress;
      return address === undefined
        ? { sw3: SW3.NO_CONTENT }
        : { sw3: SW3.OK, data: ucs2Field(address, NEWEST_ADDRESS_BYTES) };
    }
    // The line speed itself is the transport's business; the simulator only acknowledges.
    if (cmd === SET_BAUD_CMD) return { sw3: para < BAUD_RATES.length ? SW3.OK : SW3.COMMAND_ERROR };
    if (is(COMMANDS.setMaxRfFrame))
      return { sw3: req.data.length === 1 ? SW3.OK : SW3.REQUEST_LENGTH };
    return { sw3: SW3.COMMAND_ERROR };
  }

  private send(req: RequestFrame | null, answer: Answer): void {
    const fault = this.takeFault(req);
    if (fault === 'silence') return;
    if (fault?.startsWith('sw3:')) {
      void this.write(encodeResponse(0, 0, parseInt(fault.slice(6), 16)));
      return;
    }
    let bytes = encodeResponse(0, 0, answer.sw3, answer.data);
    if (fault === 'bad-checksum') {
      bytes = bytes.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x5a;
    } else if (fault === 'noise') {
      const noise = this.noise();
      const joined = new Uint8Array(noise.length + bytes.length);
      joined.set(noise);
      joined.set(bytes, noise.length);
      bytes = joined;
    }
    answer.then?.();
    void this.write(bytes);
  }

  /**
   * Garbage a line might carry: random bytes that never complete a preamble, a preamble with an
   * impossible length, and a dangling preamble start right before the real frame.
   */
  private noise(): Uint8Array {
    const out: number[] = [];
    const n = 5 + Math.floor(this.random() * 40);
    for (let i = 0; i < n; i++) {
      const b = Math.floor(this.random() * 256);
      out.push(b === PREAMBLE[3] ? 0x00 : b);
    }
    out.push(...PREAMBLE, 0xff, 0xff, 0x13);
    out.push(0xaa, 0xaa);
    return Uint8Array.from(out);
  }

  private async write(bytes: Uint8Array): Promise<void> {
    try {
      await this.transport.write(bytes);
    } catch {
      // The host end went away; the next request (if any) will tell.
    }
  }
}
