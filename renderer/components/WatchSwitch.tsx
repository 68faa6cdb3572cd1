import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { withoutSecrets, type Source } from '../../shared/connection.ts';
import type { WatchSettings, WatchStatus } from '../../shared/contract/watch.ts';
import type { AppError } from '../../shared/errors.ts';
import type { Filters } from '../../shared/filters.ts';
import { bridge } from '../bridge/bridge.ts';
import { localTimeZoneName } from '../lib/display-zone.ts';
import { GearIcon } from './Icons.tsx';
import { WatchSettingsDialog } from './WatchSettingsDialog.tsx';

const KEY = ['watch.list'];
/** The engine answers sources without their password: compare them so. */
const same = (a: Source, b: Source) =>
  JSON.stringify(withoutSecrets(a)) === JSON.stringify(withoutSecrets(b));

/**
 * The watch switch of the selected connection: on, the engine polls it every minute and the
 * desktop app notifies once per incident and recovery (and stays in the tray with the window closed).
 */
export function WatchSwitch({
  source,
  filters,
  disabled,
}: {
  source: Source;
  filters: Filters;
  disabled: boolean;
}) {
  const client = useQueryClient();
  const list = useQuery<{ watches: WatchStatus[] }, AppError>({
    queryKey: KEY,
    queryFn: () => bridge().call('watch.list', {}),
    refetchInterval: 30_000,
  });
  const status = list.data?.watches.find((w) => same(w.source, source));
  const on = status !== undefined;
  // Set inside the click's own event so the controlled input never snaps back while the
  // request library schedules its update (late on a busy machine).
  const [wanted, setWanted] = useState<boolean | null>(null);
  const [editing, setEditing] = useState(false);
  // The switch turns a watch on with the defaults (or off); the dialog sends settings.
  const set = useMutation<{ watches: WatchStatus[] }, AppError, boolean | WatchSettings>({
    mutationFn: (change) =>
      bridge().call(
        'watch.set',
        typeof change === 'boolean'
          ? { source, enabled: change, timeZone: localTimeZoneName() }
          : { source, enabled: true, ...change },
      ),
    // A list read started before the change must not overwrite the engine's answer to it.
    onMutate: () => client.cancelQueries({ queryKey: KEY }),
    onSuccess: (data, change) => {
      client.setQueryData(KEY, data);
      if (typeof change !== 'boolean') setEditing(false);
    },
    onSettled: () => setWanted(null),
  });
  useEffect(
    () => bridge().listen('watch.event', () => void client.invalidateQueries({ queryKey: KEY })),
    [client],
  );
  const title = !on
    ? 'Watch this connection: notify when errors spike'
    : status.lastError
      ? `Watching, but the last poll failed: ${status.lastError}`
      : status.inIncident
        ? 'Watching: an incident is open'
        : `Watching every ${status.everySeconds} s`;
  return (
    <>
      <label className={`watch-switch${status?.inIncident ? ' watch-incident' : ''}`} title={title}>
        <input
          type="checkbox"
          role="switch"
          checked={wanted ?? on}
          disabled={disabled || wanted !== null}
          onChange={(e) => {
            setWanted(e.target.checked);
            set.mutate(e.target.checked);
          }}
        />
        <span className={status?.inIncident ? undefined : 'btn-label btn-label-keep'}>
          {status?.inIncident ? 'Incident' : 'Watch'}
        </span>
      </label>
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        aria-label="Watch settings"
        title="Watch settings: how often, thresholds, quiet hours, filters, webhook"
        disabled={disabled}
        onClick={() => {
          set.reset();
          setEditing(true);
        }}
      >
        <GearIcon size={14} />
      </button>
      {editing && (
        <WatchSettingsDialog
          status={status}
          filters={filters}
          saving={set.isPending}
          error={typeof set.variables === 'boolean' ? null : set.error}
          onSave={(settings) => set.mutate(settings)}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}

/**
 * A clicked notification's incident view: the shell sends it, the app shows it. The event's URL has
 * no password; when it names the connection on screen, that one (with its password) is used.
 */
export function useWatchOpen(open: (source: Source, view: Filters) => void, current: Source): void {
  useEffect(
    () =>
      bridge().listen('watch.open', ({ source, view }) =>
        open(same(source, current) ? current : source, view),
      ),
    [open, current],
  );
}
