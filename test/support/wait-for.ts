/**
 * Tests wait for conditions, never for a guessed time: a loaded machine is slow, and a test that
 * passes still ends as soon as its condition holds.
 */

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * How long a test watches for something that must not arrive (a duplicate, a push to someone
 * else), once everything it waited for has arrived: long enough for a wrong message to show up.
 */
export const QUIET_MS = 1_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
