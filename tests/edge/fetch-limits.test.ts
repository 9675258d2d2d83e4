/**
 * Bounded fetches: a cold search that probes every list no longer opens a connection per blob
 * at once (at most ORIGIN_MAX_CONCURRENCY reach the origin together), and a request whose loads
 * cannot all finish in time answers at its deadline from the lists it could read, saying
 * `deadline_exceeded`, instead of waiting for the origin.
 */
import { describe, expect, it } from 'vitest';
import { faultVars, originStats, timedCall } from './support/faults.ts';
import { fixture } from './support/fixture.ts';

const user = () => fixture.users[0]!;
const allLists = () => `/v1/users/${user().userId}/recommendations?k=${fixture.k}&nprobe=${fixture.lists}`;

describe('origin fetch concurrency', () => {
  it('keeps at most ORIGIN_MAX_CONCURRENCY blob reads open at once on a cold exhaustive search', async () => {
    const { run, vars } = faultVars('slow-40', 'all', {
      REQUEST_DEADLINE_MS: '20000',
      SHARD_LOAD_TIMEOUT_MS: '20000',
    });
    const answer = await timedCall(vars, allLists());
    expect(answer.status).toBe(200);
    expect(answer.body.degraded).toBeUndefined();
    expect(answer.body.items.map((i) => i.itemId)).toEqual(user().exact);
    const stats = await originStats(run);
    expect(stats.requests).toBeGreaterThan(2 * fixture.lists);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(6);
    expect(stats.maxConcurrent).toBeGreaterThan(1);
  });

  it('honours a smaller ORIGIN_MAX_CONCURRENCY', async () => {
    const { run, vars } = faultVars('slow-20', 'all', {
      REQUEST_DEADLINE_MS: '20000',
      SHARD_LOAD_TIMEOUT_MS: '20000',
      ORIGIN_MAX_CONCURRENCY: '2',
    });
    expect((await timedCall(vars, allLists())).status).toBe(200);
    expect((await originStats(run)).maxConcurrent).toBeLessThanOrEqual(2);
  });
});

describe('request deadline', () => {
  it('answers at the deadline from the lists read so far, with reason deadline_exceeded', async () => {
    // Reads of 400 ms, 6 at a time. The pointer, then the manifest beside the hot refs (centroids,
    // the user's shard) take 0.8 s before any list is read; the rest of the deadline leaves slack
    // for a loaded machine to find the user's vector and still stops after about 24 list reads,
    // fewer than all lists need.
    const deadline = 2_500;
    const { run, vars } = faultVars('slow-400', 'all', {
      REQUEST_DEADLINE_MS: String(deadline),
      SHARD_LOAD_TIMEOUT_MS: '5000',
    });
    const answer = await timedCall(vars, allLists());
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(deadline + 1_500);
    expect(answer.body.degraded).toEqual({ reason: 'deadline_exceeded' });
    expect(answer.body.strategy).toBe('user_vector');
    expect(answer.body.items.length).toBeGreaterThan(0);
    // Fewer lists than asked for were read: the search stopped instead of fetching them all.
    expect((await originStats(run)).requests).toBeLessThan(2 * fixture.lists + 6);
  });
});
