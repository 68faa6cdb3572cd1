import type { LlmSettings } from '../../../shared/llm-settings.ts';

/** Where to send the request: settings plus the key from the secret store (never stored with them). */
export interface LlmEndpoint {
  settings: LlmSettings;
  apiKey: string | undefined;
}
