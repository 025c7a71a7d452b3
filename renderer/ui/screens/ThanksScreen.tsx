// A short thank-you; by now nothing personal is left in the session, and the screen goes back
// to the attract screen by itself.
import { useEffect, useRef } from 'react';

const SHOW_MS = 4000;

export function ThanksScreen({ onDone }: { onDone(): void }) {
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  }, [onDone]);
  useEffect(() => {
    const timer = setTimeout(() => onDoneRef.current(), SHOW_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <section className="screen screen--thanks" data-screen="thanks" aria-labelledby="thanks-title">
      <main className="thanks-body">
        <h1 id="thanks-title" className="thanks-title">
          感谢您的使用！
        </h1>
        <p className="thanks-text">请带好您的身份证和打印的材料。</p>
        <p className="muted">您的信息已从本机清除。</p>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          返回首页
        </button>
      </main>
    </section>
  );
}
