/** A Worker var that does not parse is a deployment mistake: a loud 412 naming it, never a quiet default. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '#shared/schemas';
import worker from '../../edge/src/index.ts';

async function callWith(vars: Partial<Record<keyof Env, unknown>>, path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://vitrine.test${path}`, init),
    { ...env, ...vars } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

describe('invalid Worker vars', () => {
  it('answers 412 naming a recommend var that does not parse', async () => {
    const { status, body } = await callWith({ MANIFEST_TTL_SECONDS: 'soon' }, '/v1/users/u1/recommendations');
    expect(status).toBe(412);
    expect(body.error).toMatchObject({ kind: 'precondition_failed', field: 'MANIFEST_TTL_SECONDS' });
  });

  it('answers 412 naming an event-ingestion var that does not parse', async () => {
    const { status, body } = await callWith({ PUBLISHABLE_KEYS: '{not json' }, '/v1/events?key=pk_test', {
      method: 'POST',
      body: JSON.stringify({ events: [] }),
    });
    expect(status).toBe(412);
    expect(body.error).toMatchObject({ kind: 'precondition_failed', field: 'PUBLISHABLE_KEYS' });
  });
});
