// A modal question with two large answers (used before leaving a half-done form).
import { useEffect, useRef } from 'react';

export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-dialog-title"
        aria-describedby="confirm-dialog-text"
      >
        <h2 id="confirm-dialog-title" className="modal-title">
          {props.title}
        </h2>
        <p id="confirm-dialog-text" className="modal-text">
          {props.message}
        </p>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
          <button
            ref={cancelRef}
            type="button"
            className="btn btn-primary"
            onClick={props.onCancel}
          >
            {props.cancelLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
