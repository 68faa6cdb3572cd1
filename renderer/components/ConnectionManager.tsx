import { useState } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { ProfileSummary } from '../../shared/contract/profiles.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import { useProfiles, useRemoveProfile } from '../hooks/use-profiles.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { DatabaseIcon, PlugIcon, TrashIcon } from './Icons.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';

type Selection = { kind: 'demo' } | { kind: 'new' } | { kind: 'profile'; name: string };

/** Saved connections: the built-in demo, then the user's profiles; create, edit, test, delete, use. */
export function ConnectionManager({
  onClose,
  onUse,
}: {
  onClose: () => void;
  onUse: (source: Source) => void;
}) {
  const profiles = useProfiles();
  const remove = useRemoveProfile();
  const [selected, setSelected] = useState<Selection>({ kind: 'new' });
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Each "+ New connection" click starts a fresh, empty form.
  const [newForm, setNewForm] = useState(0);
  const list = profiles.data ?? [];
  const current: ProfileSummary | null =
    selected.kind === 'profile' ? (list.find((p) => p.profile.name === selected.name) ?? null) : null;
  const secretsWhere =
    bridge().kind === 'electron'
      ? 'the OS keychain'
      : 'this session’s memory (web mode keeps no secret on disk)';
  const pick = (s: Selection) => {
    setSelected(s);
    setConfirmDelete(false);
  };

  return (
    <Dialog title="Connections" onClose={onClose} wide>
      <div className="connections">
        <nav className="connection-list" aria-label="Saved connections">
          <button
            type="button"
            className={`connection-item${selected.kind === 'demo' ? ' on' : ''}`}
            onClick={() => pick({ kind: 'demo' })}
          >
            <DatabaseIcon size={16} />
            <span className="connection-text">
              <span className="connection-name">Demo database</span>
              <span className="connection-desc">Built in · a week of LiteLLM traffic</span>
            </span>
          </button>
          {profiles.isPending && <Spinner label="Loading…" />}
          {profiles.isError && (
            <ErrorNotice title="Connections unavailable" error={profiles.error as AppError} compact />
          )}
          {list.map((p) => (
            <button
              key={p.profile.name}
              type="button"
              className={`connection-item${current?.profile.name === p.profile.name ? ' on' : ''}`}
              onClick={() => pick({ kind: 'profile', name: p.profile.name })}
            >
              <PlugIcon size={16} />
              <span className="connection-text">
                <span className="connection-name">{p.profile.name}</span>
                <span className="connection-desc" title={p.description}>
                  {p.description}
                </span>
              </span>
            </button>
          ))}
          <button
            type="button"
            className={`btn new-connection${selected.kind === 'new' ? ' btn-primary' : ''}`}
            onClick={() => {
              setNewForm((n) => n + 1);
              pick({ kind: 'new' });
            }}
          >
            + New connection
          </button>
        </nav>
        <section className="connection-detail">
          {selected.kind === 'demo' && (
            <div className="stack">
              <h3>Demo database</h3>
              <p className="muted">
                An embedded PostgreSQL (PGlite) with a generated week of LiteLLM traffic and one injected
                incident. It is always available and needs no setup.
              </p>
              <div>
                <button type="button" className="btn btn-primary" onClick={() => onUse({ kind: 'demo' })}>
                  Use the demo
                </button>
              </div>
            </div>
          )}
          {selected.kind === 'new' && (
            <ProfileEditor
              key={`new-${newForm}`}
              existing={null}
              secretsWhere={secretsWhere}
              onSaved={(s) => pick({ kind: 'profile', name: s.profile.name })}
            />
          )}
          {current && (
            <div className="stack">
              <div className="detail-toolbar">
                <h3>{current.profile.name}</h3>
                <div className="toolbar-actions">
                  {confirmDelete ? (
                    <>
                      <span>Delete this connection and its saved secrets?</span>
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        disabled={remove.isPending}
                        onClick={() =>
                          remove.mutate(
                            { name: current.profile.name },
                            { onSuccess: () => pick({ kind: 'new' }) },
                          )
                        }
                      >
                        Delete
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => setConfirmDelete(false)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="btn btn-primary btn-sm"
                        onClick={() => onUse({ kind: 'profile', name: current.profile.name })}
                      >
                        Use this connection
                      </button>
                      <button
                        type="button"
                        className="btn btn-ghost icon-btn"
                        aria-label={`Delete connection ${current.profile.name}`}
                        onClick={() => setConfirmDelete(true)}
                      >
                        <TrashIcon size={15} />
                      </button>
                    </>
                  )}
                </div>
              </div>
              {remove.isError && <ErrorNotice title="Not deleted" error={remove.error as AppError} compact />}
              <ProfileEditor
                key={current.profile.name}
                existing={current}
                secretsWhere={secretsWhere}
                onSaved={() => undefined}
              />
            </div>
          )}
        </section>
      </div>
    </Dialog>
  );
}
