import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  decodeView,
  encodeView,
  namesAView,
  sourceInLink,
  type DecodedView,
  type LinkedView,
} from '../../shared/view-link.ts';
import { bridge } from '../bridge/bridge.ts';
import { browserHistory, memoryHistory, type ViewHistory } from '../lib/view-history.ts';
import type { OpenErrorStore } from './use-open-error.ts';

const sameQuery = (a: LinkedView, b: LinkedView) =>
  JSON.stringify([a.source, a.filters]) === JSON.stringify([b.source, b.filters]);

/**
 * The view on screen as a link and a history: each new query is an entry (Back undoes a filter,
 * range or zoom), a tab or the open error only updates the entry. A link opened (the page URL, a
 * `logdesk://` link) or an entry moved to is handed to `open`; what was wrong in it is in `problems`.
 * The open error is read from its store, so opening one re-renders no more than before.
 */
export function useLinkedView(
  current: Omit<LinkedView, 'error'> | null,
  errors: OpenErrorStore,
  open: (view: DecodedView) => void,
) {
  const web = bridge().kind === 'web';
  const history: ViewHistory = useMemo(() => (web ? browserHistory() : memoryHistory()), [web]);
  const [problems, setProblems] = useState<string[]>([]);
  const [, setMoves] = useState(0);
  const shown = useRef<LinkedView | null>(null);
  /** The next view comes from a link or a history move: it takes the entry's place, never pushes. */
  const arriving = useRef(false);
  const openRef = useRef(open);
  openRef.current = open;

  const arrive = useCallback((query: string) => {
    const decoded = decodeView(query);
    setProblems(decoded.problems);
    if (!namesAView(decoded)) return;
    arriving.current = true;
    openRef.current(decoded);
  }, []);

  useEffect(() => {
    if (web) arrive(history.current());
    const unMove = history.onMove((query) => {
      setMoves((n) => n + 1);
      arrive(query);
    });
    const unOpen = bridge().listen('view.open', ({ query }) => {
      history.push(query);
      setMoves((n) => n + 1);
      arrive(query);
    });
    const unHistory = bridge().listen('view.history', ({ direction }) =>
      direction === 'back' ? history.back() : history.forward(),
    );
    return () => {
      unMove();
      unOpen();
      unHistory();
    };
  }, [web, history, arrive]);

  const withError = useCallback(
    (view: Omit<LinkedView, 'error'>, error = errors.get()?.row.requestId): LinkedView => ({
      ...view,
      ...(error ? { error } : {}),
    }),
    [errors],
  );
  const query = current ? encodeView(withError(current)) : null;
  useEffect(() => {
    if (!current || query === null) return;
    const previous = shown.current;
    const next = withError(current);
    shown.current = next;
    const fromLink = arriving.current;
    arriving.current = false;
    if (query === history.current()) return;
    if (previous === null || fromLink || sameQuery(previous, next)) history.replace(query);
    else history.push(query);
    setMoves((n) => n + 1);
  }, [query, history]);

  // Opening or closing an error updates the entry, without a render of the page.
  useEffect(
    () =>
      errors.subscribe(() => {
        // Arriving views close the open error first: the entry is already the new one's.
        if (!shown.current || arriving.current) return;
        const next = withError(shown.current, errors.get()?.row.requestId);
        shown.current = next;
        const q = encodeView(next);
        if (q !== history.current()) history.replace(q);
      }),
    [errors, history, withError],
  );

  const toLink = (q: string) =>
    web ? `${window.location.origin}${window.location.pathname}?${q}` : `logdesk://open?${q}`;
  const linkFor = useCallback(
    (error: string) => (current ? toLink(encodeView(withError(current, error))) : null),
    [query],
  );
  return {
    /** The link of the view on screen, the open error included when `error` is given. */
    linkFor,
    link: current ? toLink(encodeView({ ...current })) : null,
    /** The source cannot travel in a link (a URL with a password): the link says so. */
    sourceLeftOut: current !== null && !sourceInLink(current.source),
    problems,
    addProblem: useCallback((problem: string) => setProblems((list) => [...list, problem]), []),
    dismissProblems: () => setProblems([]),
    web,
    back: () => history.back(),
    forward: () => history.forward(),
    canBack: history.canBack(),
    canForward: history.canForward(),
  };
}
