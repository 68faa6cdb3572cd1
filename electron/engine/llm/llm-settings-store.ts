import { join } from 'node:path';
import { z } from 'zod';
import { isLlmConfigured, LlmSettings, type LlmSettingsView } from '../../../shared/llm-settings.ts';
import type { Platform } from '../platform/platform.ts';
import { readJsonFile, writeJsonFile } from '../platform/json-file.ts';

/** The name of the API key in the platform's secret store. */
export const LLM_KEY_SECRET = 'llm-api-key';

const SettingsFile = z.object({ version: z.literal(1), settings: LlmSettings });

/**
 * LLM settings in `dataDir/llm-settings.json` — never the API key, which goes to the platform's
 * secret store (OS keychain in the desktop app). Session settings (the CLI's environment variables)
 * live in memory only and win over the saved ones.
 */
export class LlmSettingsStore {
  private readonly file: string;
  private session: { settings: LlmSettings; apiKey: string | undefined } | null = null;

  constructor(private readonly platform: Platform) {
    this.file = join(platform.dataDir, 'llm-settings.json');
  }

  async settings(): Promise<LlmSettings> {
    if (this.session) return this.session.settings;
    const saved = await readJsonFile(this.file, SettingsFile);
    return saved?.settings ?? LlmSettings.parse({});
  }

  async apiKey(): Promise<string | undefined> {
    if (this.session) return this.session.apiKey;
    return (await this.platform.secrets.get(LLM_KEY_SECRET)) || undefined;
  }

  /** `apiKey`: a new key, `null` to remove it, `undefined` to keep the current one. */
  async save(
    settings: LlmSettings,
    apiKey: string | null | undefined,
    scope: 'saved' | 'session',
  ): Promise<LlmSettingsView> {
    if (scope === 'session') {
      const current = this.session?.apiKey;
      this.session = { settings, apiKey: apiKey === undefined ? current : (apiKey ?? undefined) };
      return this.view();
    }
    this.session = null;
    await writeJsonFile(this.file, { version: 1, settings });
    if (apiKey === null) await this.platform.secrets.delete(LLM_KEY_SECRET);
    else if (apiKey !== undefined) await this.platform.secrets.set(LLM_KEY_SECRET, apiKey);
    return this.view();
  }

  async view(): Promise<LlmSettingsView> {
    const settings = await this.settings();
    return {
      ...settings,
      apiKeySet: Boolean(await this.apiKey()),
      secretStore: this.session ? 'memory, for this session only' : this.platform.secrets.kind,
      configured: isLlmConfigured(settings),
      scope: this.session ? 'session' : 'saved',
    };
  }
}
