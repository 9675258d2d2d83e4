/**
 * Helpers for the event-ingestion tests: building events, posting batches as a storefront page
 * would (publishable key + Origin), flushing every buffer now (instead of waiting for its alarm)
 * and reading back what reached the bucket.
 */
import { env, listDurableObjectIds, runDurableObjectAlarm, SELF } from 'cloudflare:test';
import { signUserToken } from '#shared/access';
import worker from '../../../edge/src/index.ts';

/** The USER_TOKEN_SECRET vitest.config.ts binds for the edge tests. */
export const TEST_USER_TOKEN_SECRET = 'test-user-token-secret-0123456789';

/** A user token for `userId` as a shop's backend would sign it (valid for an hour by default). */
export const userToken = (
  userId: string,
  expiresAt = Date.now() + 3_600_000,
  secret = TEST_USER_TOKEN_SECRET,
) => signUserToken(secret, userId, expiresAt);

/** The demo's key and origin, which vitest.config.ts binds for the edge tests (not in wrangler.toml). */
export const DEMO_KEY = 'pk_demo_vitrine';
export const DEMO_ORIGIN = 'http://127.0.0.1:8787';

export interface IngestBody {
  accepted: number;
  duplicates: number;
  rejected: { index: number; eventId?: string; field?: string; reason: string }[];
  error?: { kind: string; message: string; field?: string };
}

let counter = 0;
let calls = 0;

/** A valid click event with a fresh id; `overrides` replace or add fields. */
export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    eventId: `ev-${Date.now().toString(36)}-${counter}`,
    type: 'click',
    itemId: `i${counter % 17}`,
    sessionId: 's-test',
    ts: new Date().toISOString(),
    ...overrides,
  };
}

export interface PostOptions {
  key?: string | null;
  origin?: string | null;
  /** Worker vars to override (runs the Worker module directly with them). */
  vars?: Partial<Record<keyof Env, string>>;
  headers?: Record<string, string>;
}

/** POSTs `body` (JSON-encoded unless a string) to /v1/events; the key goes in `?key=`. */
export async function postEvents(
  body: unknown,
  { key = DEMO_KEY, origin = DEMO_ORIGIN, vars, headers = {} }: PostOptions = {},
): Promise<{ status: number; headers: Headers; body: IngestBody }> {
  const url = `https://vitrine.test/v1/events${key === null ? '' : `?key=${encodeURIComponent(key)}`}`;
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      // Each simulated page has its own address (the per-IP limit), unless the test names one.
      'CF-Connecting-IP': `10.${counter % 250}.${(counter >> 8) % 250}.${++calls % 250}`,
      ...(origin === null ? {} : { origin }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  const res =
    vars === undefined
      ? await SELF.fetch(url, init)
      : await worker.fetch(
          new Request(url, init),
          { ...env, ...vars } as Env,
          {
            waitUntil: () => undefined,
            passThroughOnException: () => undefined,
            props: {},
          } as unknown as ExecutionContext,
        );
  return { status: res.status, headers: res.headers, body: (await res.json()) as IngestBody };
}

/** Runs every scheduled buffer alarm now; returns how many ran. */
export async function flushBuffers(): Promise<number> {
  let ran = 0;
  for (const id of await listDurableObjectIds(env.EVENT_BUFFER)) {
    if (await runDurableObjectAlarm(env.EVENT_BUFFER.get(id))) ran++;
  }
  return ran;
}

/** Every NDJSON object under `prefix` with its parsed lines. */
export async function readObjects(
  prefix: string,
): Promise<{ key: string; lines: Record<string, unknown>[] }[]> {
  const out: { key: string; lines: Record<string, unknown>[] }[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    for (const { key } of page.objects) {
      const text = (await (await env.BUCKET.get(key))?.text()) ?? '';
      out.push({
        key,
        lines: text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l)),
      });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  return out;
}

/** Event ids stored under `prefix`, one entry per stored line (so duplicates would show). */
export async function storedIds(prefix = 'events/'): Promise<string[]> {
  return (await readObjects(prefix)).flatMap((o) => o.lines.map((l) => String(l.eventId)));
}
