// The host's memory of citizens currently at the screen. Personal data lives here only between
// reading the card and the end of the session; `end` and the expiry sweep drop it.
import type { CardPerson } from '../contract/identity.ts';
import type { FaceSessionState } from './face/face-check.ts';
import { newSessionId } from './tracking-code.ts';

export interface KioskSession {
  readonly id: string;
  readonly itemCode: string;
  readonly startedAt: number;
  lastActivityAt: number;
  card: CardPerson | null;
  /** The decoded card photo, only until its face descriptor is made (then dropped). */
  cardPhoto: { format: 'png' | 'bmp'; bytes: Uint8Array } | null;
  /** Face verification (consent, challenge, attempts, the card's descriptor, the decision). */
  face: FaceSessionState | null;
  submitted: { trackingCode: string; idempotencyKey: string } | null;
  rated: boolean;
}

export class SessionStore {
  private readonly sessions = new Map<string, KioskSession>();

  constructor(
    /** A session the renderer abandoned (crash, power cut of the screen) dies after this. */
    private readonly maxIdleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  begin(itemCode: string): KioskSession {
    // One citizen at a time: a new session ends whatever was left behind.
    this.clear();
    const session: KioskSession = {
      id: newSessionId(),
      itemCode,
      startedAt: this.now(),
      lastActivityAt: this.now(),
      card: null,
      cardPhoto: null,
      face: null,
      submitted: null,
      rated: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session, touched; throws a clear error for an unknown or expired id. */
  get(id: string): KioskSession {
    this.sweep();
    const session = this.sessions.get(id);
    if (!session) throw new Error('会话已结束，请重新开始办理');
    session.lastActivityAt = this.now();
    return session;
  }

  end(id: string): void {
    const session = this.sessions.get(id);
    if (session) wipe(session);
    this.sessions.delete(id);
  }

  clear(): void {
    for (const session of this.sessions.values()) wipe(session);
    this.sessions.clear();
  }

  sweep(): void {
    const limit = this.now() - this.maxIdleMs;
    for (const [id, session] of this.sessions) {
      if (session.lastActivityAt < limit) this.end(id);
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}

function wipe(session: KioskSession): void {
  session.card = null;
  session.cardPhoto?.bytes.fill(0);
  session.cardPhoto = null;
  session.face?.cardDescriptor?.fill(0);
  session.face = null;
  session.submitted = null;
}
