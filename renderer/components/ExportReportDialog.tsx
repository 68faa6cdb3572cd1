import { useState, type FormEvent } from 'react';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import {
  useReportExport,
  useReportFolder,
  useReportLocation,
  useRevealReport,
} from '../hooks/use-report-export.ts';
import { displayTimeZoneName } from '../lib/display-zone.ts';
import { sessionColorAssignment } from '../lib/session-colors.ts';
import { CopyButton } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { TextInput } from './FormField.tsx';

/** Where a first report goes: relative, so inside the home folder. */
const DEFAULT_FOLDER = 'logdesk-reports';

/** Writes the dated report folder of DESIGN §5 for the results on screen (report.start job). */
export function ExportReportDialog({
  investigationId,
  onClose,
}: {
  investigationId: string;
  onClose: () => void;
}) {
  const location = useReportLocation();
  const exporter = useReportExport();
  const reveal = useRevealReport();
  const [outDir, setOutDir] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [emails, setEmails] = useState(true);
  const [ips, setIps] = useState(true);
  const [bom, setBom] = useState(false);
  // The last folder used, else a folder of its own in the home folder (relative folders are there).
  const folder = outDir ?? (location.data ? (location.data.outDir ?? DEFAULT_FOLDER) : '');
  // Until the default is known the field stays shut: a default arriving between select-all and typing
  // would otherwise be kept in front of what was typed ("logdesk-reports/tmp/…", seen in e2e).
  const awaitingDefault = outDir === null && location.isPending;
  const resolved = useReportFolder(folder);
  const picker = bridge().pickFolder;
  const choose = async () => {
    const picked = await picker?.(resolved.data?.path);
    if (picked) setOutDir(picked);
  };
  const { state } = exporter;
  const running = state.status === 'running';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!folder.trim()) return;
    void exporter.start({
      investigationId,
      outDir: folder.trim(),
      options: {
        ...(title.trim() ? { title: title.trim() } : {}),
        redaction: { emails, ipAddresses: ips },
        csvBom: bom,
        // The report's times in the zone the window shows them in.
        timeZone: displayTimeZoneName(),
      },
      // The report draws each model in the colour the app gave it.
      colors: sessionColorAssignment(),
    });
  };

  const percent = state.progress?.total
    ? Math.min(100, Math.round((state.progress.done / state.progress.total) * 100))
    : null;
  return (
    <Dialog
      title="Export report"
      onClose={onClose}
      footer={
        state.status === 'done' ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            {running ? (
              <button type="button" className="btn" onClick={exporter.cancel}>
                Cancel export
              </button>
            ) : (
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
            )}
            <button
              type="submit"
              form="export-form"
              className="btn btn-primary"
              disabled={running || !folder.trim()}
            >
              Export
            </button>
          </>
        )
      }
    >
      {state.status === 'done' && state.result ? (
        <div className="stack" role="status" aria-label="Report written">
          <p>
            Report written: <strong>{state.result.files.length} files</strong>,{' '}
            {state.result.csvRows.toLocaleString()} errors in the CSV.
          </p>
          <div className="path-line mono">
            <span title={state.result.html}>{state.result.html}</span>
            <CopyButton text={state.result.html} label="Copy the report path" />
          </div>
          <ul className="file-list mono">
            {state.result.files.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          <div>
            <button
              type="button"
              className="btn"
              onClick={() => reveal.mutate(state.result!.dir)}
              disabled={reveal.isPending}
            >
              Show in folder
            </button>
            {reveal.data && !reveal.data.revealed && (
              <span className="muted small">
                {' '}
                The browser cannot open folders: the report is at the path above.
              </span>
            )}
          </div>
          {reveal.isError && (
            <ErrorNotice title="Cannot show the folder" error={reveal.error as AppError} compact />
          )}
        </div>
      ) : (
        <form id="export-form" className="stack" onSubmit={submit}>
          <div className={picker ? 'field-with-button' : undefined}>
            <TextInput
              label="Folder"
              value={folder}
              onChange={setOutDir}
              mono
              disabled={running || awaitingDefault}
              placeholder={awaitingDefault ? 'Finding the last folder used…' : '/home/me/incident-reports'}
              hint={
                <>
                  {resolved.data && folder.trim() ? (
                    <>
                      Into{' '}
                      <span className="mono" data-testid="export-folder-path">
                        {resolved.data.path}
                      </span>
                      {resolved.data.path !== folder.trim() &&
                        ' (a relative folder is inside your home folder)'}
                      , in a dated folder (YYYY-MM-DD).
                    </>
                  ) : (
                    'A dated folder (YYYY-MM-DD) is created inside.'
                  )}{' '}
                  Existing files are never overwritten.
                </>
              }
            />
            {picker && (
              <button type="button" className="btn" onClick={() => void choose()} disabled={running}>
                Choose…
              </button>
            )}
          </div>
          <TextInput
            label="Title"
            value={title}
            onChange={setTitle}
            placeholder="Named after the time range when empty"
          />
          <fieldset className="form-section checks">
            <legend>Remove before sharing</legend>
            <label>
              <input type="checkbox" checked disabled /> API keys, tokens and passwords (always)
            </label>
            <label>
              <input type="checkbox" checked={emails} onChange={(e) => setEmails(e.target.checked)} /> E-mail
              addresses
            </label>
            <label>
              <input type="checkbox" checked={ips} onChange={(e) => setIps(e.target.checked)} /> IP addresses
            </label>
          </fieldset>
          {/* A file format choice, not something removed before sharing (issue 24 item 12). */}
          <fieldset className="form-section checks">
            <legend>CSV</legend>
            <label>
              <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Start the CSV
              with a byte-order mark (Excel)
            </label>
          </fieldset>
          {running && (
            <div
              className="progress"
              role="progressbar"
              aria-label="Export progress"
              aria-valuenow={percent ?? undefined}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <Spinner label={state.progress?.message ?? 'Writing the report…'} />
              {percent !== null && (
                <div className="progress-track">
                  <div className="progress-bar" style={{ width: `${percent}%` }} />
                </div>
              )}
            </div>
          )}
          {state.status === 'cancelled' && (
            <p className="muted">Export cancelled; no partial report was kept.</p>
          )}
          {state.status === 'failed' && state.error && (
            <ErrorNotice title="The report was not written" error={state.error} compact />
          )}
        </form>
      )}
    </Dialog>
  );
}
