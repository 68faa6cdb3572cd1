import type { Page } from 'playwright-core';

/**
 * Holds the web bridge's calls of one handler (POST /api/call with that name) until released, so a test can
 * see what the page shows while the answer is still on its way. Other calls pass through untouched.
 */
export async function holdCalls(
  page: Page,
  name: string,
): Promise<{ arrived: Promise<void>; release: () => void }> {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call', async (route) => {
    const body = route.request().postDataJSON() as { name?: unknown } | null;
    if (body?.name !== name) return route.fallback();
    arrive();
    await released;
    return route.fallback();
  });
  return { arrived, release };
}
