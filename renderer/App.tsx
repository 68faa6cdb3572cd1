import { useCallback, useMemo, useRef, useState } from 'react';
import type { Source } from '../shared/connection.ts';
import type { Preset } from '../shared/contract/presets.ts';
import { sourceUrlProblem } from '../shared/source-url.ts';
import { Filters, withFilterValue, type FilterField } from '../shared/filters.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { ErrorsResults } from './components/ErrorsResults.tsx';
import { HeaderActions } from './components/HeaderActions.tsx';
import { FirstRowsView } from './components/FirstRowsView.tsx';
import { OpenErrorPanel } from './components/ErrorDetailPanel.tsx';
import { EmptyState, ErrorNotice, Spinner } from './components/Feedback.tsx';
import { AskBox } from './components/AskBox.tsx';
import { useWatchOpen, WatchSwitch } from './components/WatchSwitch.tsx';
import { FilterBar, filtersProblem } from './components/FilterBar.tsx';
import { withDrafts, type FilterDrafts } from './lib/filter-drafts.ts';
import { ConnectionManager } from './components/ConnectionManager.tsx';
import { ExportReportDialog } from './components/ExportReportDialog.tsx';
import { PlugIcon, SearchIcon } from './components/Icons.tsx';
import { LlmSettingsDialog } from './components/LlmSettingsDialog.tsx';
import { ShortcutsDialog } from './components/ShortcutsDialog.tsx';
import { useShortcuts } from './hooks/use-shortcuts.ts';
import { useFiltersOpen } from './hooks/use-filters-open.ts';
import { SavePresetDialog } from './components/SavePresetDialog.tsx';
import { TrafficView } from './components/TrafficView.tsx';
import { HealthView } from './components/HealthView.tsx';
import { filtersForLink } from './lib/health-shaping.ts';
import { ViewTabs, type View } from './components/ViewTabs.tsx';
import { trafficRequest, useTraffic } from './hooks/use-traffic.ts';
import { rateBaseFilters, rateWords } from '../shared/rate-basis.ts';
import type { BreakdownField } from '../shared/chart-shaping.ts';
import { useAnalysis } from './hooks/use-analysis.ts';
import { createOpenErrorStore, OpenErrorContext } from './hooks/use-open-error.ts';
import { useInsights } from './hooks/use-insights.ts';
import { useInvestigation, type InvestigationRequest } from './hooks/use-investigation.ts';
import { LargeScanNotice } from './components/LargeScanNotice.tsx';
import { usePresets } from './hooks/use-presets.ts';
import { useProfiles } from './hooks/use-profiles.ts';
import { useDisplayZone } from './lib/display-zone.ts';
import { sourceLabel } from './lib/source-label.ts';
import { relatedFilters } from './lib/related-requests.ts';
import { useViewSession } from './hooks/use-view-session.ts';
import { LinkNotice, ViewBarControls } from './components/ViewControls.tsx';

const FIELD_OF: Record<BreakdownField, FilterField> = {
  model: 'models',
  errorType: 'errorTypes',
  keyAlias: 'keyAliases',
};

export const initialFilters = (): Filters =>
  Filters.parse({ timeRange: { kind: 'relative', last: '24h' }, limit: 1000 });

/** The engine's own parser judges a typed URL: what it refuses shows its reason, what it takes runs. */
function sourceProblem(source: Source): string | null {
  return source.kind === 'url' ? sourceUrlProblem(source.url, 'Database URL') : null;
}

export function App() {
  // Every time shown follows the UTC/local switch: re-render the window when it flips.
  useDisplayZone();
  const [source, setSource] = useState<Source>({ kind: 'demo' });
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [request, setRequest] = useState<InvestigationRequest | null>(null);
  const [openError] = useState(createOpenErrorStore);
  const [savingPreset, setSavingPreset] = useState(false);
  const [managing, setManaging] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [llmSettings, setLlmSettings] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  const [filtersOpen, setFiltersOpen] = useFiltersOpen();
  const analysis = useAnalysis();
  const profiles = useProfiles();
  const profileOptions = useMemo(
    () =>
      (profiles.data ?? []).map((p) => ({
        source: { kind: 'profile' as const, name: p.profile.name },
        label: p.profile.name,
        detail: p.description,
      })),
    [profiles.data],
  );
  const investigation = useInvestigation(request);
  const presets = usePresets();
  const result = investigation.shown;
  const insights = useInsights(result?.id ?? null);
  const [view, setView] = useState<View>('errors');
  // The same request the Traffic view starts from: one read serves the share here and the view there.
  // Beside the errors it waits for the investigation: a stopped or refused query starts no second read.
  const rateReady =
    view === 'traffic' ||
    (!investigation.running &&
      !investigation.stopped &&
      !investigation.error &&
      !investigation.largeScan &&
      result !== null);
  // The rate's denominator: all requests of the filters but the error-only ones (shared/rate-basis.ts).
  const traffic = useTraffic(
    request && rateReady
      ? trafficRequest(request.source, rateBaseFilters(request.filters), request.run)
      : null,
  );
  const share =
    traffic.data && result && request && !traffic.running
      ? rateWords(result.total, traffic.data.summary.requests, request.filters)
      : null;

  const run = useCallback((nextSource: Source, nextFilters: Filters) => {
    setRequest((prev) => ({ source: nextSource, filters: nextFilters, run: (prev?.run ?? 0) + 1 }));
  }, []);
  const srcProblem = sourceProblem(source);
  const problem = srcProblem ?? filtersProblem(filters);
  /** Text typed into a filter and not yet a chip: what the form shows is what runs. */
  const drafts = useRef<FilterDrafts>({});
  const runCurrent = () => {
    if (problem) return;
    const shown = withDrafts(filters, drafts.current);
    if (shown !== filters) setFilters(shown);
    run(source, shown);
  };
  useShortcuts({
    onRun: runCurrent,
    onHelp: () => setShortcuts(true),
    onFocusFilters: () => setFiltersOpen(true),
  });

  const pick = (field: BreakdownField, value: string) => {
    const next = withFilterValue(filters, FIELD_OF[field], value);
    setFilters(next);
    run(source, next);
  };
  const applyFilters = (next: Filters) => {
    setFilters(next);
    run(source, next);
  };
  /** An analysis belongs to the source it read: another source clears it (issue 24 item 9). */
  const analysisOwner = useRef({ source: request?.source ?? source, reset: analysis.reset });
  analysisOwner.current = { source: request?.source ?? source, reset: analysis.reset };
  const leaveAnalysisOf = useCallback((next: Source) => {
    const owner = analysisOwner.current;
    if (JSON.stringify(next) !== JSON.stringify(owner.source)) owner.reset();
  }, []);
  const applyPreset = (preset: Preset) => {
    leaveAnalysisOf(preset.source);
    setSource(preset.source);
    setFilters(preset.filters);
    openError.close();
    run(preset.source, preset.filters);
  };
  const openIncident = useCallback(
    (nextSource: Source, view: Filters) => {
      leaveAnalysisOf(nextSource);
      setSource(nextSource);
      setFilters(view);
      openError.close();
      run(nextSource, view);
    },
    [run, openError, leaveAnalysisOf],
  );
  useWatchOpen(openIncident, source);
  const session = useViewSession({
    request,
    tab: view,
    openError,
    result,
    investigation,
    baseFilters: initialFilters,
    open: openIncident,
    setFilters,
    setTab: setView,
    refresh: (r) => run(r.source, r.filters),
  });
  /** Switching to a profile starts from its default filters, when it has any. */
  const chooseSource = (next: Source) => {
    leaveAnalysisOf(next);
    setSource(next);
    if (next.kind !== 'profile') return;
    const defaults = profiles.data?.find((p) => p.profile.name === next.name)?.profile.defaultFilters;
    if (
      defaults &&
      Object.values(defaults).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0))
    ) {
      setFilters(Filters.parse({ ...defaults, limit: filters.limit }));
    }
  };
  const stale = useMemo(
    () =>
      request !== null &&
      JSON.stringify([request.source, request.filters]) !== JSON.stringify([source, filters]),
    [request, source, filters],
  );

  // An error belongs to the source it came from: picking another source clears it.
  const shownError =
    investigation.error && request && JSON.stringify(request.source) === JSON.stringify(source)
      ? investigation.error
      : null;

  return (
    <OpenErrorContext.Provider value={openError}>
      <div className="app">
        <AppHeader
          source={source}
          sourceHint={srcProblem}
          profiles={profileOptions}
          onSourceChange={chooseSource}
          onSourceSubmit={runCurrent}
          sourceActions={
            <>
              <WatchSwitch source={source} filters={filters} disabled={srcProblem !== null} />
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => setManaging(true)}
                title="Create, edit and test connections"
              >
                <PlugIcon size={14} />
                <span className="btn-label btn-label-secondary">Connections</span>
              </button>
            </>
          }
          actions={
            <HeaderActions
              onApplyPreset={applyPreset}
              problem={problem}
              onSavePreset={() => setSavingPreset(true)}
              hasResult={result !== null}
              analyzing={analysis.state.status === 'running'}
              onAnalyze={() => result && void analysis.start(result.id)}
              onExport={() => setExporting(true)}
              onShortcuts={() => setShortcuts(true)}
              onLlmSettings={() => setLlmSettings(true)}
            />
          }
        />
        <main
          className="workspace"
          aria-busy={investigation.running}
          data-run={request?.run ?? 0}
          data-settled-run={investigation.settledRun}
        >
          <div className="ask-fold" hidden={!filtersOpen}>
            <AskBox
              source={source}
              limit={filters.limit}
              timeRange={filters.timeRange}
              onApply={applyFilters}
              onOpenSettings={() => setLlmSettings(true)}
            />
          </div>
          <FilterBar
            source={source}
            filters={filters}
            onChange={setFilters}
            onRun={runCurrent}
            running={investigation.running}
            onStop={investigation.stop}
            blocked={srcProblem}
            onDraft={(field, text) => {
              drafts.current = { ...drafts.current, [field]: text };
            }}
            open={filtersOpen}
            onOpenChange={setFiltersOpen}
          />
          {investigation.largeScan && request && (
            <LargeScanNotice
              error={investigation.largeScan}
              onRunAnyway={() => setRequest({ ...request, run: request.run + 1, runAnyway: true })}
              onNarrow={() =>
                document.querySelector<HTMLElement>('.filter-bar .time-range-field select')?.focus()
              }
            />
          )}
          {investigation.stopped && !investigation.running && (
            <p className="field-hint inline-hint">Query stopped.</p>
          )}
          <LinkNotice problems={session.linked.problems} onDismiss={session.linked.dismissProblems} />
          {request && (
            <div className="view-bar">
              <ViewTabs view={view} onChange={setView} />
              <ViewBarControls session={session} />
            </div>
          )}
          {shownError && (
            <ErrorNotice
              title={result ? 'The query failed — showing the previous results' : 'The query failed'}
              error={shownError}
              onRetry={() => request && run(request.source, request.filters)}
            />
          )}
          {view === 'health' && request ? (
            <HealthView
              source={request.source}
              filters={request.filters}
              run={request.run}
              onLook={(where) => {
                applyFilters(filtersForLink(where, filters));
                setView(where.tab);
              }}
            />
          ) : view === 'traffic' && request ? (
            <TrafficView
              source={request.source}
              filters={request.filters}
              run={request.run}
              onPickFilter={(field, value) => applyFilters(withFilterValue(filters, field, value))}
            />
          ) : investigation.firstRows ? (
            <FirstRowsView rows={investigation.firstRows} freshIds={session.fresh} onOpen={openError.open} />
          ) : result ? (
            <ErrorsResults
              result={result}
              stale={stale}
              running={investigation.running}
              problem={problem}
              onRun={runCurrent}
              share={share}
              analysis={analysis}
              insights={insights}
              filters={filters}
              onApply={applyFilters}
              onPick={pick}
              openError={openError}
              freshIds={session.fresh}
              onConfigureLlm={() => setLlmSettings(true)}
            />
          ) : investigation.running ? (
            <div className="loading-state">
              <Spinner
                label={
                  source.kind === 'demo'
                    ? 'Preparing the demo database and running the query…'
                    : 'Running the query…'
                }
              />
            </div>
          ) : (
            !shownError && (
              <EmptyState title="Investigate failed LLM requests" icon={<SearchIcon size={28} />}>
                Pick a source, set the filters, then press <kbd>Enter</kbd> or <strong>Run query</strong>. The
                demo database holds a week of LiteLLM traffic with an incident to find.
              </EmptyState>
            )
          )}
        </main>
        {request && (
          <OpenErrorPanel
            store={openError}
            source={request.source}
            linkFor={session.linked.linkFor}
            onRelated={(row, kind, sessionId) => {
              const next = relatedFilters(filters, row, kind, sessionId);
              if (next) applyFilters(next);
            }}
          />
        )}
        {managing && (
          <ConnectionManager
            onClose={() => setManaging(false)}
            onUse={(next) => {
              chooseSource(next);
              setManaging(false);
            }}
          />
        )}
        {llmSettings && <LlmSettingsDialog onClose={() => setLlmSettings(false)} />}
        {shortcuts && <ShortcutsDialog onClose={() => setShortcuts(false)} />}
        {exporting && result && (
          <ExportReportDialog investigationId={result.id} onClose={() => setExporting(false)} />
        )}
        {savingPreset && (
          <SavePresetDialog
            source={source}
            sourceLabel={sourceLabel(source)}
            filters={filters}
            existing={presets.data ?? []}
            onClose={() => setSavingPreset(false)}
            onSaved={() => setSavingPreset(false)}
          />
        )}
      </div>
    </OpenErrorContext.Provider>
  );
}
