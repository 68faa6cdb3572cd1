import type OpenAIClass from 'openai';

type OpenAIModule = typeof import('openai');

let loaded: OpenAIModule | null = null;

/**
 * The OpenAI SDK, loaded when an LLM is first called: it is a fifth of the engine's start-up, and
 * most commands (every investigate, usage or watch without an analysis) never use it.
 */
export async function loadOpenAI(): Promise<typeof OpenAIClass> {
  loaded ??= await import('openai');
  return loaded.default;
}

/** The SDK if a call loaded it, else null: an error can only be the SDK's once a client was made. */
export function openAIIfLoaded(): typeof OpenAIClass | null {
  return loaded?.default ?? null;
}
