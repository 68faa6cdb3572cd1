import { useState, type FormEvent } from 'react';
import { LlmSettings, type LlmSettingsView } from '../../shared/llm-settings.ts';
import { describeZodError, type AppError } from '../../shared/errors.ts';
import { useLlmSettings, useSaveLlmSettings, useTestLlm } from '../hooks/use-llm-settings.ts';
import type { SecretEdit } from '../lib/profile-form.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { TextInput } from './FormField.tsx';
import { SecretInput } from './SecretInput.tsx';

/** Which OpenAI-compatible endpoint Analyze asks; without one it writes an offline summary. */
export function LlmSettingsDialog({ onClose }: { onClose: () => void }) {
  const current = useLlmSettings();
  return (
    <Dialog title="LLM settings" onClose={onClose}>
      {current.isPending && <Spinner label="Loading…" />}
      {current.isError && (
        <ErrorNotice title="Settings unavailable" error={current.error as AppError} compact />
      )}
      {current.data && <LlmSettingsForm view={current.data} onSaved={onClose} />}
    </Dialog>
  );
}

function LlmSettingsForm({ view, onSaved }: { view: LlmSettingsView; onSaved: () => void }) {
  const [baseUrl, setBaseUrl] = useState(view.baseUrl);
  const [model, setModel] = useState(view.model);
  const [key, setKey] = useState<SecretEdit>({ kind: 'keep' });
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveLlmSettings();
  const test = useTestLlm();

  const settings = () => {
    const { apiKeySet: _a, secretStore: _s, configured: _c, scope: _scope, ...rest } = view;
    const parsed = LlmSettings.safeParse({ ...rest, baseUrl, model });
    setProblem(parsed.success ? null : describeZodError(parsed.error, 'settings'));
    return parsed.success ? parsed.data : null;
  };
  const apiKey = key.kind === 'set' ? key.value : key.kind === 'clear' ? null : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = settings();
    if (s) save.mutate({ settings: s, ...(apiKey === undefined ? {} : { apiKey }) }, { onSuccess: onSaved });
  };
  const runTest = () => {
    const s = settings();
    if (s) test.mutate({ settings: s, ...(typeof apiKey === 'string' ? { apiKey } : {}) });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <TextInput
        label="Base URL"
        value={baseUrl}
        onChange={setBaseUrl}
        mono
        placeholder="https://api.openai.com/v1"
        hint="Any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, a LiteLLM proxy, Ollama (http://localhost:11434/v1)."
      />
      <TextInput label="LLM model" value={model} onChange={setModel} placeholder="gpt-4o-mini" />
      <SecretInput label="API key" stored={view.apiKeySet} edit={key} onChange={setKey} />
      <p className="field-hint">
        The key is kept in {view.secretStore}. Error messages are redacted before they are sent.
      </p>
      {problem && <p className="field-error">{problem}</p>}
      {test.isPending && <Spinner label="Asking the model…" />}
      {test.data && (
        <p className="test-ok" role="status">
          {test.data.model} answered in {Math.round(test.data.latencyMs)} ms: “{test.data.reply}”
        </p>
      )}
      {test.isError && (
        <ErrorNotice title="The endpoint did not answer" error={test.error as AppError} compact />
      )}
      {save.isError && <ErrorNotice title="Not saved" error={save.error as AppError} compact />}
      <div className="editor-actions">
        <button
          type="button"
          className="btn"
          onClick={runTest}
          disabled={test.isPending || !baseUrl || !model}
        >
          Test
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
