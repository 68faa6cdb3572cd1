import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import { Filters } from '../../shared/filters.ts';
import {
  decodeView,
  namesAView,
  type DecodedView,
  type LinkedView,
  type ViewTab,
} from '../../shared/view-link.ts';
import { bridge } from '../bridge/bridge.ts';
import type { InvestigationRequest } from './use-investigation.ts';
import { useLinkedView } from './use-linked-view.ts';
import type { OpenErrorStore } from './use-open-error.ts';
import { useFreshRows, useLiveRefresh } from './use-live-refresh.ts';

/**
 * What ties the view on screen to the world outside the page: its link and history, the source the
 * app opens on, live refresh and the rows it brought. App.tsx hands in its state and setters.
 */
export function useViewSession(app: {
  request: InvestigationRequest | null;
  tab: ViewTab;
  openError: OpenErrorStore;
  result: InvestigationResult | null;
  investigation: { settledRun: number; running: boolean; stopped: boolean; largeScan: unknown };
  baseFilters: () => Filters;
  /** Shows a source and filters and runs them. */
  open: (source: Source, filters: Filters) => void;
  setFilters: (filters: Filters) => void;
  setTab: (tab: ViewTab) => void;
  refresh: (request: InvestigationRequest) => void;
}) {
  const appRef = useRef(app);
  appRef.current = app;
  /** A link's open error, shown once its query's rows are in. */
  const pendingError = useRef<string | null>(null);

  const openLinked = useCallback(async (decoded: DecodedView) => {
    const { open, setFilters, setTab, baseFilters, request } = appRef.current;
    const filters = Filters.parse({ ...baseFilters(), ...decoded.filters });
    setTab(decoded.tab ?? 'errors');
    pendingError.current = decoded.error ?? null;
    const source = decoded.source ?? request?.source ?? (await bridge().call('view.lastSource', {})).source;
    if (source) open(source, filters);
    else setFilters(filters);
  }, []);

  const current: Omit<LinkedView, 'error'> | null = useMemo(
    () => app.request && { source: app.request.source, filters: app.request.filters, tab: app.tab },
    [app.request, app.tab],
  );
  const linked = useLinkedView(current, app.openError, (decoded) => void openLinked(decoded));

  // Opened without a link: the last source, queried at once.
  useEffect(() => {
    if (linked.web && namesAView(decodeView(window.location.search))) return;
    void bridge()
      .call('view.lastSource', {})
      .then(({ source, timeRange }) => {
        if (!source || appRef.current.request) return;
        const base = appRef.current.baseFilters();
        appRef.current.open(source, timeRange ? { ...base, timeRange } : base);
      })
      .catch(() => undefined);
  }, [linked.web]);

  const remembered = useRef('');
  useEffect(() => {
    const key = app.request ? JSON.stringify([app.request.source, app.request.filters.timeRange]) : '';
    if (!app.request || key === remembered.current) return;
    remembered.current = key;
    void bridge()
      .call('view.rememberSource', { source: app.request.source, timeRange: app.request.filters.timeRange })
      .catch(() => undefined);
  }, [app.request]);

  useEffect(() => {
    const id = pendingError.current;
    if (!id || !app.result) return;
    pendingError.current = null;
    const row = app.result.errors.find((r) => r.requestId === id);
    if (row) appRef.current.openError.open(row);
    else
      linked.addProblem(
        `error “${id.slice(0, 60)}”: not among the ${app.result.errors.length.toLocaleString('en-US')} errors loaded for this view.`,
      );
  }, [app.result, linked.addProblem]);

  const live = useLiveRefresh({
    request: app.request,
    settledRun: app.investigation.settledRun,
    running: app.investigation.running,
    halted: app.investigation.stopped || app.investigation.largeScan !== null,
    refresh: () => appRef.current.request && appRef.current.refresh(appRef.current.request),
  });
  const fresh = useFreshRows(app.result, app.request);
  return { linked, live, fresh };
}
