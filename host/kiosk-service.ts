// The KioskApi as the host implements it: one citizen's journey through a catalog item.
import type { Item } from '../catalog/schema.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import { applicantOf, type Applicant, type SubmissionRequest } from '../contract/central-api.ts';
import { validateForm } from '../contract/form-rules.ts';
import { GENDER_LABEL, type CardPerson } from '../contract/identity.ts';
import type {
  CameraReport,
  FaceChallenge,
  FaceLiveness,
  KioskApi,
  KioskOutput,
  OutputResult,
} from '../contract/kiosk-api.ts';
import { errorText, type Logger } from './log.ts';
import { maskIdNumber, maskName } from '../contract/masking.ts';
import {
  OutputUnavailable,
  type CardReaderPort,
  type CatalogPort,
  type DocumentPrinterPort,
  type ReceiptPrinterPort,
  type SubmissionQueuePort,
} from './ports.ts';
import type { RemoteFaceVerifier } from './adapters/central-face-verifier.ts';
import type { FaceEngine } from './face/face-engine.ts';
import {
  decideLocally,
  FACE_ATTEMPTS,
  faceThreshold,
  livenessProblem,
  needsFace,
  newFaceState,
  pickChallenge,
  type FaceSessionState,
} from './face/face-check.ts';
import { SessionStore } from './session-store.ts';
import type { VoiceGuide } from './voice/voice-guide.ts';
import { newIdempotencyKey, newTrackingCode } from './tracking-code.ts';

export interface KioskServiceDeps {
  config: KioskConfig;
  softwareVersion: string;
  catalog: CatalogPort;
  reader: CardReaderPort;
  receipt: ReceiptPrinterPort;
  documents: DocumentPrinterPort;
  queue: SubmissionQueuePort;
  log: Logger;
  now?: () => Date;
  /** How long the screen waits for the central platform before saying "saved, sent later". */
  deliveryDeadlineMs?: number;
  /** The card-photo face model, started on first use (absent: face items go to the fallback). */
  faceEngine?: () => FaceEngine;
  /** The centre's verification provider, for cards without a decoded photo. */
  remoteFace?: RemoteFaceVerifier;
  /** Challenge picker (tests pin it; the kiosk picks at random). */
  faceChallenge?: () => FaceChallenge;
  /** Where the screen's camera reports go (fleet monitoring, host/heartbeat/camera-state.ts). */
  reportCamera?: (report: CameraReport) => void;
  /** Spoken guidance (host/voice/); absent: the kiosk is silent and says so with a null WAV. */
  voice?: VoiceGuide;
}

const CARD_LABEL: Record<CardPerson['cardType'], string> = {
  resident: '居民身份证',
  'hk-macau-taiwan': '港澳台居民居住证',
  'foreign-permanent-2017': '外国人永久居留身份证',
  'foreign-permanent-2023': '外国人永久居留身份证',
};

export function createKioskService(deps: KioskServiceDeps): KioskApi & { close(): void } {
  const now = deps.now ?? (() => new Date());
  const { config, log } = deps;
  // Renderer idle limit + countdown + a margin: after that nobody is at the screen any more.
  const sessions = new SessionStore(
    (config.session.idleSeconds + config.session.countdownSeconds + 30) * 1000,
    () => now().getTime(),
  );
  // A catalog update from the centre waits for the screen to be free of citizens.
  const settle = () => deps.catalog.sessionActivity?.(sessions.size > 0);
  const sweeper = setInterval(() => (sessions.sweep(), settle()), 10_000);
  sweeper.unref();
  let readerBusy: Promise<unknown> = Promise.resolve();
  const pickFaceChallenge = deps.faceChallenge ?? pickChallenge;

  const item = (code: string): Item => {
    const found = deps.catalog.current().items.find((i) => i.code === code);
    if (!found) throw new Error(`事项 ${code} 不在当前事项目录中`);
    return found;
  };
  const localDate = (d: Date) => {
    const shifted = new Date(d.getTime() + 8 * 3600_000); // Asia/Shanghai, no DST
    return shifted.toISOString().slice(0, 10);
  };

  function refusal(it: Item, card: CardPerson): string | null {
    if (!it.identity.acceptedCardTypes.includes(card.cardType)) {
      return `本事项暂不支持使用${CARD_LABEL[card.cardType]}办理，请到政务服务窗口咨询`;
    }
    if (!card.idNumberValid) return '证件号码校验未通过，请联系工作人员或到窗口办理';
    if (card.expired) return '您的证件已超过有效期，请使用有效证件办理';
    const min = it.identity.minimumAge;
    if (min !== undefined && ageOn(card.birthDate, localDate(now())) < min) {
      return `本事项申请人须年满${min}周岁`;
    }
    return null;
  }

  async function printReceipt(
    it: Item,
    trackingCode: string,
    applicant: Applicant,
    delivery: string,
  ) {
    if (!it.outputs.receipt) return none();
    try {
      await deps.receipt.print({
        title: '广州市政务服务 自助终端回执',
        lines: [
          { label: '事项', value: it.name },
          {
            label: '办理结果',
            value: delivery === 'acknowledged' ? '已提交' : '已保存，联网后自动提交',
          },
          { label: '申请人', value: maskName(applicant.name) },
          { label: '证件号码', value: maskIdNumber(applicant.idNumber) },
          { label: '受理编号', value: trackingCode },
          { label: '时间', value: `${localDate(now())} ${localTime(now())}` },
          { label: '终端', value: `${config.kioskId} ${config.servicePoint.name}` },
        ],
        qr: trackingCode,
        footer: ['凭受理编号可在任一政务服务窗口或自助终端查询办理进度'],
      });
      return { status: 'printed', message: null } satisfies OutputResult;
    } catch (err) {
      log.warn('receipt.failed', { reason: errorText(err) });
      const keep = '请记下屏幕上的受理编号，凭编号可在任一窗口查询';
      // The printer's adapter says why no receipt comes now and whether it is kept for later.
      if (err instanceof OutputUnavailable) {
        return {
          status: 'failed',
          message: `${err.citizenMessage}。${keep}`,
        } satisfies OutputResult;
      }
      return failed(err, `回执打印失败，${keep}`);
    }
  }

  async function printDocument(it: Item, data: Record<string, unknown>, trackingCode: string) {
    const templateId = it.outputs.document;
    if (!templateId) return none();
    const template = deps.catalog.current().templates.find((t) => t.id === templateId);
    if (!template) return failed(new Error(`missing template ${templateId}`), '证明暂时无法打印');
    try {
      const { destination } = await deps.documents.print(template, data, trackingCode);
      return destination === 'printer'
        ? ({ status: 'printed', message: null } satisfies OutputResult)
        : ({
            status: 'spooled',
            message: `${template.title}已生成，请到服务台领取，或凭受理编号在任一窗口打印`,
          } satisfies OutputResult);
    } catch (err) {
      log.warn('document.failed', { template: templateId, reason: errorText(err) });
      return failed(err, `${template.title}暂时无法打印，凭受理编号可在任一政务服务窗口打印`);
    }
  }

  async function verifyRemotely(
    face: FaceSessionState,
    it: Item,
    card: CardPerson,
    descriptor: number[],
    liveness: FaceLiveness,
    liveImage: string | undefined,
  ): Promise<KioskOutput<'session.verifyFace'>> {
    const unavailable = {
      outcome: 'unavailable',
      score: null,
      attemptsLeft: FACE_ATTEMPTS - face.attemptsUsed,
      nextChallenge: null,
    } as const;
    if (!deps.remoteFace) return unavailable;
    if (livenessProblem(liveness, face.challenge)) {
      face.attemptsUsed += 1;
      const attemptsLeft = FACE_ATTEMPTS - face.attemptsUsed;
      face.challenge = pickFaceChallenge();
      return {
        outcome: 'not-live',
        score: null,
        attemptsLeft,
        nextChallenge: attemptsLeft ? face.challenge : null,
      };
    }
    let answer;
    try {
      answer = await deps.remoteFace.verify({
        kioskId: config.kioskId,
        itemCode: it.code,
        cardType: card.cardType,
        idNumber: card.idNumber,
        name: card.name,
        descriptor,
        ...(liveImage ? { liveImage } : {}),
      });
    } catch (err) {
      log.warn('face.remote_failed', { reason: errorText(err) });
      return unavailable;
    }
    if (answer.outcome === 'not-configured') return unavailable;
    face.attemptsUsed += 1;
    const attemptsLeft = FACE_ATTEMPTS - face.attemptsUsed;
    if (answer.outcome === 'match') {
      face.passed = {
        score: answer.score ?? 1,
        method: 'central-provider',
        challenge: liveness.challenge,
      };
      return { outcome: 'match', score: answer.score, attemptsLeft, nextChallenge: null };
    }
    face.challenge = pickFaceChallenge();
    return {
      outcome: 'no-match',
      score: answer.score,
      attemptsLeft,
      nextChallenge: attemptsLeft ? face.challenge : null,
    };
  }

  const api: KioskApi = {
    async 'kiosk.status'(): Promise<KioskOutput<'kiosk.status'>> {
      const [receipt, a4] = await Promise.all([deps.receipt.health(), deps.documents.health()]);
      const central = deps.queue.health();
      return {
        kioskId: config.kioskId,
        softwareVersion: deps.softwareVersion,
        catalogVersion: deps.catalog.current().version,
        servicePoint: config.servicePoint,
        online: central.state === 'ok',
        pendingSubmissions: deps.queue.pending(),
        devices: [deps.reader.health(), receipt, a4, central],
        session: {
          idleSeconds: config.session.idleSeconds,
          countdownSeconds: config.session.countdownSeconds,
        },
        face: { camera: config.face.camera, voice: Boolean(deps.voice) },
      };
    },

    async 'catalog.current'() {
      return deps.catalog.current();
    },

    async 'kiosk.reportCamera'(report) {
      deps.reportCamera?.(report);
      return { ok: true };
    },

    async 'kiosk.speak'({ phrase }) {
      const wav = (await deps.voice?.speak(phrase)) ?? null;
      return { wav: wav ? Buffer.from(wav).toString('base64') : null };
    },

    async 'session.begin'({ itemCode }) {
      item(itemCode);
      const session = sessions.begin(itemCode);
      deps.catalog.sessionActivity?.(true);
      log.info('session.begin', { item: itemCode });
      return { sessionId: session.id };
    },

    async 'session.readCard'({ sessionId, waitMs }) {
      const session = sessions.get(sessionId);
      const it = item(session.itemCode);
      // The reader serves one caller at a time; a second poll waits for the first.
      const read = readerBusy.then(() => deps.reader.readCard({ timeoutMs: waitMs }));
      readerBusy = read.catch(() => undefined);
      let outcome;
      try {
        outcome = await read;
      } catch (err) {
        log.warn('reader.failed', { reason: errorText(err) });
        return { outcome: 'error', message: '读卡器故障，请联系工作人员' };
      }
      if (outcome.kind === 'timeout') return { outcome: 'no-card' };
      if (outcome.kind === 'error') return { outcome: 'error', message: outcome.citizenMessage };
      // The session may have ended while the card was being read.
      if (sessions.get(sessionId) !== session) return { outcome: 'no-card' };
      const reason = refusal(it, outcome.person);
      if (reason) {
        log.info('card.refused', { item: it.code, cardType: outcome.person.cardType });
        return { outcome: 'refused', message: reason, card: null };
      }
      session.card = outcome.person;
      if (needsFace(it)) {
        // The spoken guidance is made now (once per process), not during the capture.
        void deps.voice?.prepare();
        // The card photo is described now, while the citizen reads the consent screen; the
        // photo itself is dropped as soon as that is done.
        const photo = outcome.photo ?? null;
        const engine = photo && deps.faceEngine ? deps.faceEngine() : null;
        session.cardPhoto = photo;
        session.face = newFaceState(engine && photo ? engine.describe(photo) : null);
        void session.face.cardReady.then(() => {
          session.cardPhoto?.bytes.fill(0);
          session.cardPhoto = null;
        });
      }
      log.info('card.accepted', { item: it.code, cardType: outcome.person.cardType });
      return { outcome: 'card', card: outcome.person };
    },

    async 'session.faceConsent'({ sessionId, consent }) {
      const session = sessions.get(sessionId);
      const it = item(session.itemCode);
      const face = session.face;
      if (!session.card || !face || !needsFace(it)) throw new Error('本事项无需人脸核验');
      if (!consent || face.attemptsUsed >= FACE_ATTEMPTS) {
        face.consent = false;
        log.info('face.declined', { item: it.code });
        return { outcome: 'declined' };
      }
      face.consent = true;
      face.challenge = pickFaceChallenge();
      await face.cardReady;
      const mode = face.cardPhotoState === 'ready' ? 'local' : 'remote';
      log.info('face.consent', { item: it.code, mode });
      return {
        outcome: 'ready',
        challenge: face.challenge,
        mode,
        attemptsLeft: FACE_ATTEMPTS - face.attemptsUsed,
      };
    },

    async 'session.verifyFace'({ sessionId, descriptor, liveness, liveImage }) {
      const session = sessions.get(sessionId);
      const it = item(session.itemCode);
      const face = session.face;
      const card = session.card;
      if (!card || !face || !needsFace(it)) throw new Error('本事项无需人脸核验');
      if (!face.consent) throw new Error('请先同意采集人脸信息');
      if (face.passed) {
        return { outcome: 'match', score: face.passed.score, attemptsLeft: 0, nextChallenge: null };
      }
      if (face.attemptsUsed >= FACE_ATTEMPTS) {
        return { outcome: 'no-match', score: null, attemptsLeft: 0, nextChallenge: null };
      }
      await face.cardReady;
      const livenessNote = livenessProblem(liveness, face.challenge) ?? 'ok';
      let result;
      if (face.cardPhotoState === 'ready') {
        result = decideLocally(face, descriptor, liveness, faceThreshold(it), pickFaceChallenge);
      } else {
        result = await verifyRemotely(face, it, card, descriptor, liveness, liveImage);
      }
      // The decision and the score only: never the descriptor or the picture.
      log.info('face.attempt', {
        item: it.code,
        outcome: result.outcome,
        score: result.score,
        liveness: livenessNote,
      });
      return result;
    },

    async 'session.submit'({ sessionId, form }) {
      const session = sessions.get(sessionId);
      const it = item(session.itemCode);
      const card = session.card;
      if (!card) throw new Error('请先读取身份证');
      if (session.submitted) throw new Error('本次申请已提交，请勿重复提交');
      const today = localDate(now());
      const { values, errors } = validateForm(it, form, card, config.servicePoint, today);
      const firstError = Object.entries(errors)[0];
      if (firstError) throw new Error(`${firstError[1]}（${firstError[0]}）`);
      if (it.offline.policy === 'online-only' && !(await deps.queue.reachable(2000))) {
        throw new Error('本事项需要联网办理，当前网络中断。请稍后再试，或到政务服务窗口办理');
      }

      // 实人核验: an item that needs it is never submitted without the host's own "match".
      const faceCheck = session.face?.passed ?? null;
      if (needsFace(it) && !faceCheck) {
        throw new Error(
          '本事项须先通过人脸核验。您可以联系工作人员、使用云窗口视频帮办或到窗口办理',
        );
      }

      const trackingCode = newTrackingCode();
      const idempotencyKey = newIdempotencyKey();
      session.submitted = { trackingCode, idempotencyKey };
      const applicant = applicantOf(card);
      const request: SubmissionRequest = {
        idempotencyKey,
        trackingCode,
        kioskId: config.kioskId,
        itemCode: it.code,
        catalogVersion: deps.catalog.current().version,
        submittedAt: now().toISOString(),
        identityMethod: faceCheck ? 'id-card-and-face' : 'id-card',
        ...(faceCheck ? { faceCheck: { decision: 'match' as const, ...faceCheck } } : {}),
        applicant,
        form: values,
      };
      const delivery = await deps.queue.submit(request, deps.deliveryDeadlineMs ?? 4000);
      log.info('submission.saved', { item: it.code, delivery });

      const receipt = await printReceipt(it, trackingCode, applicant, delivery);
      const document = await printDocument(
        it,
        {
          applicant: { ...applicant, genderLabel: GENDER_LABEL[card.gender] },
          form: values,
          trackingCode,
          issuedOn: today,
          itemName: it.name,
          servicePoint: config.servicePoint,
          kioskId: config.kioskId,
          promisedBy: addDays(today, it.promisedTimeLimitDays),
        },
        trackingCode,
      );
      return { trackingCode, delivery, receipt, document };
    },

    async 'session.rate'({ sessionId, level, reasons, comment }) {
      const session = sessions.get(sessionId);
      if (!session.submitted) throw new Error('请在办理完成后评价');
      if (session.rated) return { ok: true };
      session.rated = true;
      await deps.queue.rate({
        idempotencyKey: newIdempotencyKey(),
        trackingCode: session.submitted.trackingCode,
        kioskId: config.kioskId,
        itemCode: session.itemCode,
        level,
        reasons,
        comment,
        ratedAt: now().toISOString(),
      });
      log.info('rating.saved', { item: session.itemCode, level });
      return { ok: true };
    },

    async 'session.touch'({ sessionId }) {
      sessions.get(sessionId);
      return { ok: true };
    },

    async 'session.end'({ sessionId, reason }) {
      sessions.end(sessionId);
      settle();
      log.info('session.end', { reason });
      return { ok: true };
    },
  };
  return { ...api, close: () => (clearInterval(sweeper), sessions.clear()) };
}

function none(): OutputResult {
  return { status: 'none', message: null };
}

function failed(err: unknown, fallback: string): OutputResult {
  // The cause (e.g. out of paper) and then what the citizen can do about it.
  const cause = err instanceof OutputUnavailable ? `${err.citizenMessage}。` : '';
  return { status: 'failed', message: `${cause}${fallback}` };
}

function localTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
