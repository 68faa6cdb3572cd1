import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element, kept current as the layout changes (the detail panel opening, a resize).
 * A callback ref: the element may mount later (after an empty result) or be replaced, and each new
 * one is observed; a detached element's 0 width is ignored.
 */
export function useElementWidth<T extends HTMLElement>(initial = 400) {
  const [width, setWidth] = useState(initial);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measured = Math.round(el.getBoundingClientRect().width);
    if (measured > 0) setWidth(measured);
    observer.current = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.current.observe(el);
  }, []);
  return [ref, width] as const;
}
