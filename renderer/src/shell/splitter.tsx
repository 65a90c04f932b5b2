import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/** Props of `Splitter`. */
export interface SplitterProps {
  /** Current size of the panel before the splitter, px. */
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly label: string;
  /** Live size while dragging. */
  onResize(px: number): void;
  /** Final size when the drag or key press ends (persist it). */
  onCommit(px: number): void;
}

/** A vertical splitter between two panels: drag it, or focus it and use ←/→ (Shift for bigger steps). */
export function Splitter({ size, min, max, label, onResize, onCommit }: SplitterProps) {
  const drag = useRef<{ x: number; size: number } | null>(null);
  const clamp = (v: number) => Math.min(max, Math.max(min, v));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, size };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onResize(clamp(drag.current.size + e.clientX - drag.current.x));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const v = clamp(drag.current.size + e.clientX - drag.current.x);
    drag.current = null;
    onCommit(v);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const v = clamp(size + (e.key === 'ArrowLeft' ? -step : step));
      onResize(v);
      onCommit(v);
    }
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={Math.round(size)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      data-keys-own=""
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
