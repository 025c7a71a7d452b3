// 人脸核验: separate consent for biometrics (PIPL), then the camera with live guidance and a
// random liveness challenge, then the host's decision. Three attempts; after them, or when no
// comparison is possible here, the other ways: staff, 云窗口 video help, a counter. The item is
// never submitted without a passed check (the host refuses it too). The models load and warm
// while the consent text is read; the guidance is also spoken (host espeak-ng) unless muted.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Item } from '../../../catalog/schema.ts';
import {
  SPOKEN_PHRASES,
  type FaceChallenge,
  type KioskApi,
  type SpokenPhrase,
  type VerifyFaceResult,
} from '../../../contract/kiosk-api.ts';
import { DEFAULT_CAMERA, openCamera, stopCamera } from '../../face/camera.ts';
import { CHALLENGE_TEXT } from '../../face/challenge.ts';
import { captureFace } from '../../face/face-capture.ts';
import { forgetLastFace, loadFaceEngine, type FaceEngine } from '../../face/face-engine.ts';
import { recordConsent, recordDecision, recordLoad, recordSpoken } from '../../face/face-stats.ts';
import { GUIDANCE_TEXT, type Guidance } from '../../face/guidance.ts';
import { createGuideVoice } from '../../face/voice.ts';
import { citizenMessage } from '../errors.ts';
import { useFlow } from '../kiosk-context.ts';
import { CheckIcon, WarningIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';
import { Spinner } from '../parts/Spinner.tsx';

type Phase =
  | { kind: 'consent' }
  | { kind: 'starting'; challenge: FaceChallenge; mode: 'local' | 'remote' }
  | { kind: 'capturing'; challenge: FaceChallenge; mode: 'local' | 'remote' }
  | { kind: 'checking' }
  | { kind: 'no-face'; challenge: FaceChallenge; mode: 'local' | 'remote' }
  | { kind: 'failed'; result: VerifyFaceResult; mode: 'local' | 'remote' }
  | { kind: 'passed' }
  | { kind: 'fallback'; why: 'declined' | 'attempts' | 'unavailable' | 'error'; message?: string };

export function FaceScreen(props: { item: Item; sessionId: string; onVerified(): void }) {
  const { item, sessionId, onVerified } = props;
  const { api, status } = useFlow();
  const camera = status.face?.camera ?? DEFAULT_CAMERA;
  const voiceAvailable = status.face?.voice ?? false;
  const [muted, setMuted] = useState(false);
  const voice = useMemo(
    () =>
      createGuideVoice({
        speak: (phrase) => api['kiosk.speak']({ phrase }),
        onSpoken: recordSpoken,
      }),
    [api],
  );
  // Leaving the screen silences it (nothing queued is played afterwards).
  useEffect(() => {
    voice.setMuted(muted || !voiceAvailable);
    return () => voice.setMuted(true);
  }, [voice, muted, voiceAvailable]);
  // The host makes each phrase once (espeak-ng): ahead of the camera, not during the capture.
  useEffect(() => {
    if (voiceAvailable) voice.prefetch(FACE_PHRASES);
  }, [voice, voiceAvailable]);
  const [phase, setPhase] = useState<Phase>({ kind: 'consent' });
  const [guidance, setGuidance] = useState<Guidance>('no-face');
  const [challengeMet, setChallengeMet] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  /** One capture run per consent or retry; the camera effect follows it, not the phase. */
  const [run, setRun] = useState<{
    challenge: FaceChallenge;
    mode: 'local' | 'remote';
    n: number;
  } | null>(null);

  // Load and warm the models now, while the citizen reads the consent text (seconds on a cold
  // kiosk), so the camera's first frames are judged at full speed. A failure here is retried,
  // and reported, when the capture asks for the engine.
  useEffect(() => {
    loadFaceEngine().then(
      (engine) => recordLoad(engine.loadMs, engine.warmedOnFace),
      () => undefined,
    );
  }, []);

  const startRun = (challenge: FaceChallenge, mode: 'local' | 'remote') => {
    setGuidance('no-face');
    setChallengeMet(false);
    setPhase({ kind: 'starting', challenge, mode });
    setRun((r) => ({ challenge, mode, n: (r?.n ?? 0) + 1 }));
  };

  const consent = (agree: boolean) => {
    if (agree) recordConsent();
    api['session.faceConsent']({ sessionId, consent: agree }).then(
      (r) =>
        r.outcome === 'ready'
          ? startRun(r.challenge, r.mode)
          : setPhase({ kind: 'fallback', why: 'declined' }),
      (err: unknown) => setPhase({ kind: 'fallback', why: 'error', message: citizenMessage(err) }),
    );
  };

  // The camera runs only while capturing: started here, stopped (every track) when this phase
  // ends for any reason, the screen included.
  useEffect(() => {
    if (!run) return;
    const { challenge, mode } = run;
    const abort = new AbortController();
    let stream: MediaStream | null = null;
    let engine: FaceEngine | null = null;
    let captureStarted = false;
    const video = videoRef.current;
    void (async () => {
      try {
        const engineReady = loadFaceEngine();
        engineReady.catch(() => undefined);
        stream = await openCamera(camera).then(
          (s) => (reportCamera(api, s), s),
          (err: unknown) => {
            reportCamera(api, err);
            throw err;
          },
        );
        if (abort.signal.aborted || !video) return;
        video.srcObject = stream;
        await video.play();
        const cameraStarted = performance.now();
        engine = await engineReady;
        if (abort.signal.aborted) return;
        setPhase({ kind: 'capturing', challenge, mode });
        voice.reset();
        voice.say(`face.${challenge}`, { atOnce: true });
        captureStarted = true;
        const outcome = await captureFace({
          engine,
          video,
          challenge,
          signal: abort.signal,
          onGuidance: (g, met) => {
            setGuidance(g);
            setChallengeMet(met);
            if (g !== 'ok') voice.say(`face.${g}`);
          },
        });
        stopCamera(stream, video);
        stream = null;
        if (outcome.kind === 'aborted') return;
        if (outcome.kind === 'no-face') {
          setPhase({ kind: 'no-face', challenge, mode });
          return;
        }
        setPhase({ kind: 'checking' });
        const result = await api['session.verifyFace']({
          sessionId,
          descriptor: outcome.descriptor,
          liveness: outcome.liveness,
        }).finally(() => outcome.descriptor.fill(0));
        recordDecision(performance.now() - cameraStarted);
        if (abort.signal.aborted) return;
        if (result.outcome === 'match') setPhase({ kind: 'passed' });
        else if (result.outcome === 'unavailable')
          setPhase({ kind: 'fallback', why: 'unavailable' });
        else if (result.attemptsLeft === 0) setPhase({ kind: 'fallback', why: 'attempts' });
        else setPhase({ kind: 'failed', result, mode });
      } catch (err) {
        if (!abort.signal.aborted) {
          setPhase({ kind: 'fallback', why: 'error', message: cameraMessage(err) });
        }
      } finally {
        stopCamera(stream, video);
        // Off the decision's path: overwrite what the model kept of the citizen's last frame.
        if (engine && captureStarted) void forgetLastFace(engine);
      }
    })();
    return () => {
      abort.abort();
      stopCamera(stream, video);
    };
    // The camera settings come with the kiosk's status; a new status object alone restarts nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run, api, sessionId, voice]);

  const retry = startRun;

  const cameraOn = phase.kind === 'starting' || phase.kind === 'capturing';
  return (
    <ScreenFrame
      name="face"
      title={phase.kind === 'consent' ? '人脸识别授权' : '人脸核验'}
      subtitle={item.name}
      actions={
        phase.kind === 'passed' ? (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="face-continue"
            onClick={onVerified}
          >
            继续办理
          </button>
        ) : undefined
      }
    >
      {phase.kind === 'consent' && (
        <div className="face-consent" data-testid="face-consent">
          <p className="lead">办理本事项需要核验您是否为证件本人（实人核验）。</p>
          <ul className="bullets">
            <li>将使用摄像头采集您的人脸图像，与您证件中的照片比对。</li>
            <li>
              人脸信息属于敏感个人信息，仅用于本次身份核验，只在本机内存中处理，核验结束或退出后立即清除，不保存、不上传图像。
            </li>
            <li>记录和上报的只有核验结果（通过与否、相似度）和核验方式。</li>
            <li>您可以不同意：请联系工作人员、使用云窗口视频帮办，或到政务服务窗口办理。</li>
          </ul>
          <div className="notice-actions">
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="face-consent-decline"
              onClick={() => consent(false)}
            >
              不同意
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="face-consent-agree"
              onClick={() => consent(true)}
            >
              同意并开始核验
            </button>
          </div>
        </div>
      )}
      <div className={cameraOn ? 'face-camera' : 'face-camera face-camera--off'}>
        <video ref={videoRef} className="face-video" muted playsInline aria-hidden="true" />
      </div>
      {phase.kind === 'starting' && <Spinner label="正在启动摄像头，请稍候" />}
      {phase.kind === 'capturing' && (
        <div className="face-help">
          <p
            className="face-challenge"
            data-testid="face-challenge"
            data-challenge={phase.challenge}
          >
            {challengeMet ? '动作完成，请正视摄像头' : CHALLENGE_TEXT[phase.challenge]}
          </p>
          <p
            className="face-guidance"
            role="status"
            aria-live="polite"
            data-testid="face-guidance"
            data-guidance={guidance}
          >
            {GUIDANCE_TEXT[guidance]}
          </p>
          {voiceAvailable && (
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="face-voice-toggle"
              aria-pressed={!muted}
              onClick={() => setMuted((m) => !m)}
            >
              {muted ? '开启语音提示' : '关闭语音提示'}
            </button>
          )}
        </div>
      )}
      {phase.kind === 'checking' && <Spinner label="正在核验，请稍候" />}
      {phase.kind === 'no-face' && (
        <div
          className="notice notice--error"
          role="alert"
          data-testid="face-result"
          data-outcome="no-face"
        >
          <p className="notice-head">
            <WarningIcon />
            没有拍到清晰的人脸
          </p>
          <p>请摘下帽子和口罩，正对摄像头，保持光线充足后重试。</p>
          <div className="notice-actions">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="face-retry"
              onClick={() => retry(phase.challenge, phase.mode)}
            >
              重新核验
            </button>
          </div>
        </div>
      )}
      {phase.kind === 'failed' && (
        <div
          className="notice notice--error"
          role="alert"
          data-testid="face-result"
          data-outcome={phase.result.outcome}
        >
          <p className="notice-head">
            <WarningIcon />
            {phase.result.outcome === 'not-live' ? '未完成动作检测' : '核验未通过'}
          </p>
          <p>
            {phase.result.outcome === 'not-live'
              ? '请按屏幕提示做动作，并确保是本人在镜头前。'
              : '人脸与证件照片不一致。请确认使用的是本人证件。'}
            您还可以再试 {phase.result.attemptsLeft} 次。
          </p>
          <div className="notice-actions">
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="face-other-ways"
              onClick={() => setPhase({ kind: 'fallback', why: 'declined' })}
            >
              其他办理方式
            </button>
            {phase.result.nextChallenge && (
              <button
                type="button"
                className="btn btn-primary"
                data-testid="face-retry"
                onClick={() => retry(phase.result.nextChallenge!, phase.mode)}
              >
                重新核验
              </button>
            )}
          </div>
        </div>
      )}
      {phase.kind === 'passed' && (
        <div
          className="notice notice--ok"
          role="status"
          data-testid="face-result"
          data-outcome="match"
        >
          <p className="notice-head">
            <CheckIcon />
            核验通过：您是证件本人
          </p>
          <p>请点下方“继续办理”。</p>
        </div>
      )}
      {phase.kind === 'fallback' && <FaceFallback why={phase.why} message={phase.message} />}
    </ScreenFrame>
  );
}

function FaceFallback(props: {
  why: 'declined' | 'attempts' | 'unavailable' | 'error';
  message?: string;
}) {
  const [asked, setAsked] = useState<'staff' | 'video' | null>(null);
  const head = {
    declined: '您可以选择以下方式办理',
    attempts: '人脸核验已达三次未通过',
    unavailable: '本机暂时无法完成人脸核验',
    error: '摄像头暂时无法使用',
  }[props.why];
  return (
    <div
      className="notice notice--strong"
      role="alert"
      data-testid="face-fallback"
      data-why={props.why}
    >
      <p className="notice-head">
        <WarningIcon />
        {head}
      </p>
      {props.message && <p>{props.message}</p>}
      <p>本事项须核验本人身份后才能提交。请选择：</p>
      <div className="notice-actions">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="face-call-staff"
          onClick={() => setAsked('staff')}
        >
          呼叫工作人员
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="face-video-help"
          onClick={() => setAsked('video')}
        >
          云窗口视频帮办
        </button>
      </div>
      {asked === 'staff' && <p role="status">已通知工作人员，请在此稍候。</p>}
      {asked === 'video' && (
        <p role="status">正在为您接通云窗口，请稍候；工作人员将通过视频为您核验身份。</p>
      )}
      <p>也可以携带身份证到政务服务大厅窗口办理（点右上角“返回首页”结束本次办理）。</p>
    </div>
  );
}

/** Fleet monitoring: whether the camera opened (its label and size) or why not (the error's name). */
function reportCamera(api: KioskApi, outcome: MediaStream | unknown): void {
  const report =
    outcome instanceof MediaStream
      ? { state: 'ok' as const, detail: trackDetail(outcome) }
      : {
          state: 'fault' as const,
          detail: outcome instanceof DOMException ? outcome.name : 'camera error',
        };
  api['kiosk.reportCamera'](report).catch(() => undefined);
}

const FACE_PHRASES = (Object.keys(SPOKEN_PHRASES) as SpokenPhrase[]).filter((p) =>
  p.startsWith('face.'),
);

function trackDetail(stream: MediaStream): string {
  const track = stream.getVideoTracks()[0];
  const { width, height } = track?.getSettings() ?? {};
  return `${track?.label ?? 'camera'} ${width ?? '?'}x${height ?? '?'}`.slice(0, 200);
}

function cameraMessage(err: unknown): string {
  if (
    err instanceof DOMException &&
    (err.name === 'NotAllowedError' || err.name === 'NotFoundError')
  ) {
    return '未找到可用的摄像头';
  }
  return citizenMessage(err);
}
