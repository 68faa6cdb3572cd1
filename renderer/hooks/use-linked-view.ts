import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { decodeView, encodeView, namesAView, sourceInLink, type DecodedView, type LinkedView } from '../../shared/view-link.ts';
import { bridge } from '../bridge/bridge.ts';
import { browserHistory, memoryHistory, type ViewHistory } from '../lib/view-history.ts';

const sameQuery = (a: LinkedView, b: LinkedView) =>
  JSON.stringify([a.source, a.filters]) === JSON.stringify([b.source, b.filters]);

/**
 * The view on screen as a link and a history: each new query is an entry (Back undoes a filter,
 * range or zoom), a tab or the open error only updates the entry. A link opened (the page URL, a
 * `logdesk://` link) or an entry moved to is handed to `open`; what was wrong in it is in `problems`.
 */
export function useLinkedView(current: LinkedView | null, open: (view: DecodedView) => void) {
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
    const unHistory = bridge().listen('view.history', ({ direction }) => (direction === 'back' ? history.back() : history.forward()));
    return () => {
      unMove();
      unOpen();
      unHistory();
    };
  }, [web, history, arrive]);

  const query = current ? encodeView(current) : null;
  useEffect(() => {
    if (!current || query === null) return;
    const previous = shown.current;
    shown.current = current;
    const fromLink = arriving.current;
    arriving.current = false;
    if (query === history.current()) return;
    if (previous === null || fromLink || sameQuery(previous, current)) history.replace(query);
    else history.push(query);
    setMoves((n) => n + 1);
  }, [query, history]);

  const link = query === null ? null : web ? `${window.location.origin}${window.location.pathname}?${query}` : `logdesk://open?${query}`;
  return {
    link,
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
