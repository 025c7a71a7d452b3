// 大字模式: larger text and controls for older citizens; a switch, with its state in words.
export function ElderToggle({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  return (
    <button
      type="button"
      className={on ? 'btn btn-toggle btn-toggle--on' : 'btn btn-toggle'}
      aria-pressed={on}
      data-testid="elder-toggle"
      onClick={() => onChange(!on)}
    >
      <span className="toggle-glyph" aria-hidden="true">
        {on ? '✓' : '大'}
      </span>
      大字模式{on ? '（已开启）' : ''}
    </button>
  );
}
