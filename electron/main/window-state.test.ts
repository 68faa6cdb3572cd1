import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, fitToDisplays, parseWindowState } from './window-state.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const external = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('window state', () => {
  it('reads a saved state and falls back to the default for damaged files', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1200,"height":800,"maximized":true}')).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: true,
    });
    expect(parseWindowState('{"width":"wide"}')).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState('{')).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW);
  });

  it('keeps a window that is still on a display where it was', () => {
    const onExternal = { x: 2000, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitToDisplays(onExternal, [laptop, external])).toEqual(onExternal);
  });

  it('brings back a window whose display is gone, centred and shrunk to fit', () => {
    const onExternal = { x: 2000, y: 100, width: 2400, height: 1300, maximized: false };
    expect(fitToDisplays(onExternal, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1080,
      maximized: false,
    });
    expect(fitToDisplays({ width: 1000, height: 700, maximized: false }, [laptop])).toMatchObject({
      x: 460,
      y: 190,
    });
  });
});
