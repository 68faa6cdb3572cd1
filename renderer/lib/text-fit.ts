/** Pixel widths of label text, measured with the font the charts draw in (not a guess per character). */

let context: CanvasRenderingContext2D | null | undefined;
let pageFont: string | undefined;
/** 12px in the page's own font family: the labels' font. */
const labelFont = () => (pageFont ??= `12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`);

export function textWidth(text: string, font = labelFont()): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * 7.5;
  context.font = font;
  return context.measureText(text).width;
}

/** The text, or its longest prefix + "…" that fits in `maxPx`. */
export function fitText(text: string, maxPx: number, font = labelFont()): string {
  if (textWidth(text, font) <= maxPx) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${text.slice(0, mid)}…`, font) <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, Math.max(1, lo))}…`;
}
