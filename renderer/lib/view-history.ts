/**
 * Where Back/Forward live: the browser's history in web mode (the page URL is the link), an in-app
 * list in the desktop app (its page is a file:// that must stay the same). Entries are view query strings.
 */
export interface ViewHistory {
  current(): string;
  push(query: string): void;
  replace(query: string): void;
  back(): void;
  forward(): void;
  canBack(): boolean;
  canForward(): boolean;
  /** Called with the entry moved to by back/forward (or the browser's buttons). */
  onMove(listener: (query: string) => void): () => void;
}

export function browserHistory(win: Window = window): ViewHistory {
  const urlFor = (query: string) => `${win.location.pathname}${query ? `?${query}` : ''}${win.location.hash}`;
  return {
    current: () => win.location.search.replace(/^\?/, ''),
    push: (query) => {
      win.history.pushState(null, '', urlFor(query));
    },
    replace: (query) => win.history.replaceState(win.history.state, '', urlFor(query)),
    back: () => win.history.back(),
    forward: () => win.history.forward(),
    // The browser's own buttons know; the page shows none in web mode.
    canBack: () => true,
    canForward: () => true,
    onMove: (listener) => {
      const handler = () => listener(win.location.search.replace(/^\?/, ''));
      win.addEventListener('popstate', handler);
      return () => win.removeEventListener('popstate', handler);
    },
  };
}

export function memoryHistory(initial = '', max = 100): ViewHistory {
  let entries = [initial];
  let index = 0;
  const listeners = new Set<(query: string) => void>();
  const move = (to: number) => {
    if (to < 0 || to >= entries.length) return;
    index = to;
    for (const listener of listeners) listener(entries[index]!);
  };
  return {
    current: () => entries[index]!,
    push: (query) => {
      entries = [...entries.slice(0, index + 1), query].slice(-max);
      index = entries.length - 1;
    },
    replace: (query) => void (entries[index] = query),
    back: () => move(index - 1),
    forward: () => move(index + 1),
    canBack: () => index > 0,
    canForward: () => index < entries.length - 1,
    onMove: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
