import { z } from 'zod';
import raw from '../../../resources/demo/scenario.json' with { type: 'json' };

const Deployment = z.object({ model: z.string(), provider: z.string(), apiBase: z.string() });

export const Scenario = z.object({
  description: z.string(),
  days: z.number().positive(),
  requestsPerMinute: z.number().positive(),
  baselineErrorRate: z.number().min(0).max(1),
  legacyStatusBeforeDays: z.number(),
  /** Share of failed requests the router retried once more on a deployment (a second failed attempt). */
  retryRate: z.number().min(0).max(1),
  /** Share of successful requests a retry or fallback rescued after one failed attempt (ErrorLogs only). */
  rescuedRate: z.number().min(0).max(1),
  /** Proxy-level failures (auth, budget): SpendLogs rows with no deployment and no ErrorLogs row. */
  proxyFailuresPerHour: z.number().min(0),
  /** Successful traffic (DESIGN §8): end users behind each key, the share of streamed calls. */
  endUsersPerKey: z.number().int().min(0),
  streamShare: z.number().min(0).max(1),
  models: z.array(
    z.object({
      group: z.string(),
      weight: z.number(),
      /** Median latency of a successful call; the generator adds a long tail. */
      latencyMs: z.number().positive(),
      ttftMs: z.number().min(0),
      inputPerMillion: z.number().min(0),
      outputPerMillion: z.number().min(0),
      /** Share of prompt tokens served from the provider's prompt cache. */
      cachedShare: z.number().min(0).max(1),
      deployments: z.array(Deployment).min(1),
      errors: z.array(z.string()),
    }),
  ),
  keys: z.array(z.object({ alias: z.string(), team: z.string(), weight: z.number(), user: z.string() })),
  errors: z.record(
    z.string(),
    z.object({ errorClass: z.string(), status: z.string(), messages: z.record(z.string(), z.string()) }),
  ),
  incident: z.object({
    startHoursAgo: z.number(),
    durationMinutes: z.number(),
    keyAlias: z.string(),
    modelGroup: z.string(),
    deployment: z.string(),
    error: z.string(),
    extraRequestsPerMinute: z.number(),
    errorRate: z.number(),
    /** The failing deployment slows down this long before it starts failing ("did latency climb first?"). */
    slowdownMinutesBefore: z.number().min(0),
    slowdownFactor: z.number().min(1),
  }),
});
export type Scenario = z.infer<typeof Scenario>;

/** The demo scenario shipped in resources/, checked once: a typo there must fail loudly, not skew the demo. */
export const demoScenario: Scenario = Scenario.parse(raw);
