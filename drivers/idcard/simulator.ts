// A reader module as a peer: it answers SAM frames over a ByteTransport exactly as the spec
// describes, so tests and the demo exercise the real driver. It speaks only when asked. Besides
// one-shot faults (`inject`) it has standing fault modes (sim-faults.ts) and can pace its
// writes like a real serial line.
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
import { encodeResponse, FrameParser, HEADER_BYTES, PREAMBLE, type RequestFrame } from './frame.ts';
import { WLT_BYTES } from './photo.ts';
import { encodeSamId } from './sam-id.ts';
import { encodeSimulatorPhoto, encodeSimulatorPhotoRef } from './sim-photo.ts';
import type { SimulatorFaultModes } from './sim-faults.ts';
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
    photo:
      fixture.photo === 'portrait'
        ? encodeSimulatorPhoto()
        : fixture.photo
          ? encodeSimulatorPhotoRef(fixture.photo)
          : new Uint8Array(WLT_BYTES),
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
  /** A card-read answer (subject to lift-mid-read). */
  cardRead?: boolean;
}

export interface IdCardSimulatorOptions {
  transport: ByteTransport;
  samId?: string;
  /** The card on the reader at start (none by default). */
  card?: CardFixture | null;
  /**
   * Cards laid on the reader in turn: once a card has been read, the next find finds nothing
   * (the citizen lifts it) and the one after finds the next card, round and round.
   */
  rotate?: CardFixture[];
  faults?: SimulatorFaultModes;
  /** Pace every answer as a serial line at this speed would (8N1: baud/10 bytes a second). */
  wireBaud?: number;
  /** A module without fingerprint support answers 30 10 with 21. Default true. */
  fingerprintSupported?: boolean;
  random?: () => number;
  /** Technician-facing lines about requests and faults (never card contents). */
  log?: (line: string) => void;
}

export interface SimulatorStats {
  answers: number;
  noisy: number;
  corrupted: number;
  cutOff: number;
  samFaults: number;
  cardsRead: number;
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

export class IdCardSimulator {
  /** Every request understood, in order (command codes only). */
  readonly received: { cmd: number; para: number }[] = [];
  readonly stats: SimulatorStats = {
    answers: 0,
    noisy: 0,
    corrupted: 0,
    cutOff: 0,
    samFaults: 0,
    cardsRead: 0,
  };
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
  private readonly modes: SimulatorFaultModes;
  private readonly wireBytesPerMs: number | null;
  private readonly fingerprintSupported: boolean;
  private readonly log: (line: string) => void;
  private readonly rotation: PreparedCard[];
  private rotationIndex = 0;
  /** With rotation: the card was lifted; the next find lays the next one. */
  private laysNextCard = false;
  private samStatusAsked = 0;
  private cardReads = 0;
  private output: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(opts: IdCardSimulatorOptions) {
    this.transport = opts.transport;
    this.samId = encodeSamId(opts.samId ?? DEFAULT_SAM_ID);
    this.random = opts.random ?? Math.random;
    this.modes = { ...opts.faults };
    this.wireBytesPerMs = opts.wireBaud ? opts.wireBaud / 10 / 1000 : null;
    this.fingerprintSupported = opts.fingerprintSupported ?? true;
    this.log = opts.log ?? (() => {});
    this.rotation = (opts.rotate ?? []).map(prepare);
    if (opts.card) this.placeCard(opts.card);
    else if (this.rotation.length > 0) this.layRotationCard();
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

  /** Resolves when every answer computed so far has been written out. */
  whenWritten(): Promise<void> {
    return this.output;
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
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
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

  private layRotationCard(): void {
    const at = this.rotationIndex % this.rotation.length;
    const next = this.rotation[at];
    this.rotationIndex++;
    if (!next) return;
    this.card = next;
    this.state = 'present';
    this.log(`card ${at + 1} of ${this.rotation.length} laid on the reader`);
  }

  private answer(req: RequestFrame): Answer {
    const { cmd, para } = req;
    const is = (c: { cmd: number; para: number }) => cmd === c.cmd && para === c.para;
    const card = this.card;
    if (is(COMMANDS.resetSam)) {
      return { sw3: SW3.OK, then: () => void (this.state = card ? 'present' : 'absent') };
    }
    if (is(COMMANDS.samStatus)) {
      if (this.samStatusAsked++ < (this.modes.samFaults ?? 0)) {
        this.stats.samFaults++;
        this.log('SAM status answered 60 (fault sam-fault)');
        return { sw3: SW3.SAM_SELF_TEST_FAILED };
      }
      return { sw3: SW3.OK };
    }
    if (is(COMMANDS.samId)) return { sw3: SW3.OK, data: this.samId };
    if (is(COMMANDS.findCard)) {
      if (this.rotation.length > 0) {
        if (card && this.state === 'read') {
          return {
            sw3: SW3.FIND_FAILED,
            then: () => {
              this.liftCard();
              this.laysNextCard = true;
            },
          };
        }
        if (!card && this.laysNextCard) {
          this.laysNextCard = false;
          this.layRotationCard();
          return this.answer(req);
        }
      }
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
    if (is(COMMANDS.readBaseWithFingerprint) && !this.fingerprintSupported) {
      return { sw3: SW3.COMMAND_ERROR };
    }
    if (is(COMMANDS.readBase) || is(COMMANDS.readBaseWithFingerprint)) {
      if (!readable) return { sw3: SW3.READ_FAILED };
      const fingerprint = is(COMMANDS.readBaseWithFingerprint) ? card.fingerprint : null;
      const data = encodeBaseInfo({ text: card.text, photo: card.photo, fingerprint });
      return {
        sw3: SW3.OK,
        data,
        cardRead: true,
        then: () => {
          this.state = 'read';
          this.stats.cardsRead++;
        },
      };
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
    const what = req ? `${hex(req.cmd)} ${hex(req.para)}` : 'corrupted request';
    const fault = this.takeFault(req);
    if (fault === 'silence') return;
    this.stats.answers++;
    if (fault?.startsWith('sw3:')) {
      this.emit(encodeResponse(0, 0, parseInt(fault.slice(6), 16)));
      return;
    }
    let bytes = encodeResponse(0, 0, answer.sw3, answer.data);
    let cutAt: number | null = null;
    if (fault === 'bad-checksum') {
      bytes = bytes.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x5a;
    } else if (this.modes.corruptEvery && this.stats.answers % this.modes.corruptEvery === 0) {
      // A flipped byte after LEN: the frame arrives whole and fails its checksum.
      bytes = bytes.slice();
      const at = HEADER_BYTES + Math.floor(this.random() * (bytes.length - HEADER_BYTES - 1));
      bytes[at] = (bytes[at] ?? 0) ^ 0x5a;
      this.stats.corrupted++;
      this.log(`answer to ${what} corrupted (fault corrupt)`);
    }
    if (
      answer.cardRead &&
      this.modes.liftMidReadEvery &&
      ++this.cardReads % this.modes.liftMidReadEvery === 0
    ) {
      // The card leaves the field part-way through the transfer: the rest never comes.
      cutAt = HEADER_BYTES + Math.floor(this.random() * (bytes.length - HEADER_BYTES - 1));
      this.stats.cutOff++;
      this.log(`answer to ${what} cut off at byte ${cutAt}: card lifted (fault lift-mid-read)`);
      const lifted = this.card?.fixture;
      this.liftCard();
      if (lifted) {
        const back = setTimeout(() => {
          this.timers.delete(back);
          if (!this.closed && !this.card) {
            this.placeCard(lifted);
            this.log('card laid back on the reader');
          }
        }, this.modes.liftMs ?? 500);
        this.timers.add(back);
      }
    } else {
      answer.then?.();
    }
    const noisy =
      fault === 'noise' || (this.modes.noise !== undefined && this.random() < this.modes.noise);
    if (noisy) {
      const noise = this.noise();
      const joined = new Uint8Array(noise.length + bytes.length);
      joined.set(noise);
      joined.set(bytes, noise.length);
      bytes = joined;
      if (cutAt !== null) cutAt += noise.length;
      this.stats.noisy++;
    }
    this.emit(cutAt === null ? bytes : bytes.subarray(0, cutAt));
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

  /** Answers go out one after another, each in its pieces and at its pace. */
  private emit(bytes: Uint8Array): void {
    const slow = this.modes.slowMs ?? 0;
    const chunked = this.modes.chunkedPauseMs;
    if (!slow && chunked === undefined && this.wireBytesPerMs === null) {
      // The plain case writes at once, keeping answers in step with requests.
      this.output = this.output.then(() => this.write(bytes));
      return;
    }
    this.output = this.output.then(async () => {
      if (slow) await this.sleep(slow);
      const pieces: Uint8Array[] = [];
      if (chunked !== undefined) {
        for (let at = 0; at < bytes.length;) {
          const n = 1 + Math.floor(this.random() * Math.min(64, bytes.length - at));
          pieces.push(bytes.subarray(at, at + n));
          at += n;
        }
      } else if (this.wireBytesPerMs !== null) {
        // About a millisecond of line time per piece: fine enough for a parser to see pieces.
        const size = Math.max(1, Math.round(this.wireBytesPerMs));
        for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
      } else {
        pieces.push(bytes);
      }
      const started = performance.now();
      let sent = 0;
      for (const [i, piece] of pieces.entries()) {
        if (this.closed) return;
        if (chunked && i > 0) await this.sleep(Math.floor(this.random() * (chunked + 1)));
        if (this.wireBytesPerMs !== null) {
          // A piece is on the wire until its last bit has gone: write it when that time comes.
          const due = started + (sent + piece.length) / this.wireBytesPerMs;
          const wait = due - performance.now();
          if (wait >= 1) await this.sleep(wait);
        }
        await this.write(piece);
        sent += piece.length;
      }
    });
  }

  /** Ends early when the simulator closes, so queued output never hangs. */
  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.timers.delete(t);
        this.sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.timers.add(t);
      this.sleepers.add(done);
    });
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return;
    try {
      await this.transport.write(bytes);
    } catch {
      // The host end went away; the next request (if any) will tell.
    }
  }
}
