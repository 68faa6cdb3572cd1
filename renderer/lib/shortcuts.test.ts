import { describe, expect, it } from 'vitest';
import { shortcutOf } from './shortcuts.ts';

const key = (
  k: string,
  target: unknown = { tagName: 'BODY' },
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) =>
  shortcutOf({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
    target: target as EventTarget,
  });

describe('shortcutOf', () => {
  it('maps / and ? outside fields, and Ctrl or Cmd+Enter anywhere', () => {
    expect(key('/')).toBe('focus-filters');
    expect(key('?')).toBe('help');
    expect(key('Enter', { tagName: 'INPUT', type: 'search' }, { ctrlKey: true })).toBe('run');
    expect(key('Enter', { tagName: 'TEXTAREA' }, { metaKey: true })).toBe('run');
    expect(key('Enter')).toBeNull();
  });

  it('leaves single keys to whatever is being typed in', () => {
    for (const target of [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(key('/', target)).toBeNull();
      expect(key('?', target)).toBeNull();
    }
    // A checkbox or button takes no text: the shortcut still works there.
    expect(key('/', { tagName: 'INPUT', type: 'checkbox' })).toBe('focus-filters');
    expect(key('?', { tagName: 'BUTTON' })).toBe('help');
    expect(key('/', { tagName: 'BODY' }, { ctrlKey: true })).toBeNull();
  });
});
