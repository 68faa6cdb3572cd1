import { spawn } from 'node:child_process';
import type { WatchEvent } from './watcher.ts';

/** Slack's incoming-webhook shape (also read by Mattermost, Rocket.Chat, Teams' Slack-compatible hooks). */
export function slackPayload(e: WatchEvent): Record<string, unknown> {
  const icon = e.kind === 'incident' ? ':rotating_light:' : ':white_check_mark:';
  return {
    text: `${icon} ${e.message}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${icon} *${e.kind === 'incident' ? 'Incident' : 'Recovered'}* on \`${e.watch}\`\n${e.reason}\nSince ${e.since}`,
        },
      },
    ],
  };
}

/** POSTs the event; the URL holds the hook's secret, so errors name the host only. */
export async function postWebhook(url: string, e: WatchEvent, timeoutMs = 10_000): Promise<void> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(e)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new Error(`webhook to ${host} failed: ${(err as Error).message}`, { cause: err });
  }
  await response.text().catch(() => '');
  if (!response.ok) throw new Error(`webhook to ${host} answered HTTP ${response.status}`);
}

/**
 * Runs the user's command through the shell with the event in the environment (LOGDESK_EVENT,
 * LOGDESK_MESSAGE, LOGDESK_SINCE, LOGDESK_WATCH) and as JSON on stdin; killed after `timeoutMs`.
 */
export function runCommand(command: string, e: WatchEvent, timeoutMs = 30_000): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: {
        ...process.env,
        LOGDESK_EVENT: e.kind,
        LOGDESK_MESSAGE: e.message,
        LOGDESK_SINCE: e.since,
        LOGDESK_WATCH: e.watch,
      },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(new Error(`--command could not start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done();
      else
        fail(
          new Error(
            `--command exited ${signal ? `on ${signal}` : `with ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`,
          ),
        );
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(e));
  });
}
