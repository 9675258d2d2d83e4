/**
 * Helpers for the fault-injection tests: Worker vars that point `BLOB_ORIGIN` at the
 * fault-injecting origin (tests/fixtures/fault-origin/server.ts) with short time bounds, a call
 * that measures how long the Worker took to answer, and the origin's per-run statistics.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../../edge/src/index.ts';
import type { Answer } from './fixture.ts';
import { asShopPage, fixture } from './fixture.ts';

/** Short bounds so a hang costs the suite milliseconds, not the production seconds. */
export const LOAD_TIMEOUT_MS = 300;
export const DEADLINE_MS = 600;
/** What any answer may take at most: the deadline, the fallback's grace, and slack for a busy machine. */
export const ANSWER_BOUND_MS = DEADLINE_MS + 500 + 1_500;

let runs = 0;

/** Vars of a fresh isolate whose origin applies `mode` to keys containing one of `targets`. */
export function faultVars(
  mode: string,
  targets: readonly string[] | 'all',
  extra: Record<string, string> = {},
) {
  const run = `run${++runs}-${Date.now().toString(36)}`;
  const target = targets === 'all' ? 'all' : targets.join('+');
  return {
    run,
    vars: {
      BLOB_ORIGIN: `${fixture.faultOrigin}${run}/${mode}/${target}/`,
      EDGE_CACHE_TTL_SECONDS: '0',
      SHARD_LOAD_TIMEOUT_MS: String(LOAD_TIMEOUT_MS),
      REQUEST_DEADLINE_MS: String(DEADLINE_MS),
      ...extra,
    },
  };
}

export interface TimedAnswer {
  status: number;
  ms: number;
  headers: Headers;
  text: string;
  body: Answer & { error?: { kind: string; requestId?: string } };
}

/**
 * Calls the Worker with `vars`; `ms` is the time to the response (not counting the background
 * work it left in `waitUntil`, which is awaited afterwards so nothing leaks into the next case).
 */
export async function timedCall(
  vars: Record<string, string>,
  path: string,
  init?: RequestInit,
): Promise<TimedAnswer> {
  const ctx = createExecutionContext();
  const t0 = Date.now();
  const res = await worker.fetch(
    new Request(`https://vitrine.test${path}`, await asShopPage(path, init)),
    { ...env, ...vars } as Env,
    ctx,
  );
  const text = await res.text();
  const ms = Date.now() - t0;
  await waitOnExecutionContext(ctx);
  return { status: res.status, ms, headers: res.headers, text, body: JSON.parse(text) };
}

/** The fault origin's counters for `run`. */
export async function originStats(
  run: string,
): Promise<{ requests: number; faulted: number; maxConcurrent: number }> {
  const res = await fetch(`${fixture.faultOrigin}${run}/stats`);
  return (await res.json()) as { requests: number; faulted: number; maxConcurrent: number };
}

/** Every read the fault origin served for `run`: key, and the order its start and end came in. */
export async function originReads(run: string): Promise<{ key: string; start: number; end: number }[]> {
  const res = await fetch(`${fixture.faultOrigin}${run}/stats`);
  return ((await res.json()) as { reads: { key: string; start: number; end: number | null }[] }).reads.map(
    (r) => ({ ...r, end: r.end ?? Number.POSITIVE_INFINITY }),
  );
}
