// Small shared pieces: notices, a labelled input, a bar table, a refresh button, a
// disabled-with-reason button, a modal dialog.
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { bars } from '../state/format.ts';

export function ErrorNote(props: { error: string | null }) {
  if (!props.error) return null;
  return (
    <p className="note note--error" role="alert">
      {props.error}
    </p>
  );
}

export function DoneNote(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <p className="note note--ok" role="status">
      {props.text}
    </p>
  );
}

export function Loading(props: { loading: boolean }) {
  return props.loading ? (
    <p className="muted" role="status">
      正在加载…
    </p>
  ) : null;
}

export function ScreenHead(props: { title: string; children?: ReactNode; onRefresh?(): void }) {
  return (
    <div className="screen-head">
      <h1>{props.title}</h1>
      <div className="screen-head-tools">
        {props.children}
        {props.onRefresh && (
          <button type="button" className="btn" onClick={props.onRefresh}>
            刷新
          </button>
        )}
      </div>
    </div>
  );
}

/** A table of counts with a bar each; the bar is decoration, the number is the content. */
export function BarTable(props: {
  caption: string;
  labelHeading: string;
  rows: readonly { label: string; count: number }[];
}) {
  const rows = bars(props.rows);
  return (
    <table className="table bar-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.labelHeading}</th>
          <th scope="col">数量</th>
          <th scope="col">占比</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              暂无数据
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="num">{row.count}</td>
            <td className="bar-cell">
              <meter className="bar" min={0} max={100} value={row.width} aria-hidden="true" />
              <span className="bar-percent">{row.percent}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A modal dialog (the browser's own <dialog>: focus kept inside, Esc closes). Used for what is
 * shown once, such as a generated password; closing it is the only way on.
 */
export function Dialog(props: {
  title: string;
  children: ReactNode;
  closeText: string;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
      <button type="button" className="btn btn-primary" onClick={onClose}>
        {props.closeText}
      </button>
    </dialog>
  );
}

/** A labelled single-line input of the console's forms; the wrapping label is its name. */
export function Field(
  props: { label: ReactNode; value: string; onChange(value: string): void } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange'
  >,
) {
  const { label, onChange, ...input } = props;
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
