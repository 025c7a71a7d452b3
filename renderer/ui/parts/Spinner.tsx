// A waiting indicator with words: motion alone says nothing to someone who cannot see it.
export function Spinner({ label }: { label: string }) {
  return (
    <div className="busy" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span className="busy-label">{label}</span>
    </div>
  );
}

/** The full-screen version, for a wait the citizen must not interrupt (submitting). */
export function BusyOverlay({ label, detail }: { label: string; detail?: string }) {
  return (
    <div className="modal-backdrop">
      <div
        className="modal modal--busy"
        role="alertdialog"
        aria-modal="true"
        aria-busy="true"
        aria-label={label}
      >
        <span className="spinner spinner--large" aria-hidden="true" />
        <p className="modal-title">{label}</p>
        {detail && <p className="modal-text">{detail}</p>}
      </div>
    </div>
  );
}
