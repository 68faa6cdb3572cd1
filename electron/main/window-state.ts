import { z } from 'zod';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 920, maximized: false };

/** Reads a saved state; anything damaged or foreign gives the default size. */
export function parseWindowState(text: string | null): WindowState {
  if (!text) return DEFAULT_WINDOW;
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_WINDOW;
  } catch {
    return DEFAULT_WINDOW;
  }
}

/**
 * Keeps a restored window reachable: if its title bar is on no display any more (a monitor was
 * unplugged), it is centred on the primary display instead, shrunk to fit.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const visible =
    state.x !== undefined &&
    state.y !== undefined &&
    workAreas.some(
      (a) =>
        state.x! + 80 < a.x + a.width &&
        state.x! + state.width - 80 > a.x &&
        state.y! >= a.y &&
        state.y! + 40 <= a.y + a.height,
    );
  if (visible) return state;
  const width = Math.min(state.width, primary.width);
  const height = Math.min(state.height, primary.height);
  return {
    ...state,
    width,
    height,
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
  };
}
