import { useEffect, useRef, useState } from 'react';

/** The width of an element, kept current as the layout changes (the detail panel opening, a resize). */
export function useElementWidth<T extends HTMLElement>(initial = 400) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.round(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
