import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_POINTER_KEY } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { publish } from '../../../batch/src/publish/publish.ts';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { applyRetention } from '../../../batch/src/publish/retention.ts';
import { manifestBody } from '../../support/publish-fixture.ts';
import { FaultyStore } from './faulty-store.ts';
import { copyStore, expectConsistent, ticking } from './support.ts';

// A store with two live-able versions (v0, v1 current); each run publishes v2 and then applies
// retention keeping 1 version, which deletes v0 and v1's exclusive blobs: every kind of write.
let base: MemoryStore;
const clock = () => ticking(Date.parse('2026-02-01T00:00:00Z'));

async function publishV2(store: FaultyStore): Promise<void> {
  await publish(store, (put) => manifestBody(put, { variant: 2 }), { version: 'v2', now: clock() });
  await applyRetention(store, { keep: 1 });
}

beforeAll(async () => {
  base = new MemoryStore('injection-base');
  const now = ticking();
  await publish(base, (put) => manifestBody(put, { items: 60 }), { version: 'v0', now });
  await publish(base, (put) => manifestBody(put, { items: 60, variant: 1 }), { version: 'v1', now });
});

describe('a failure injected at every storage call of publish + retention', () => {
  it('leaves current on the last good version, readable with every blob verifying', async () => {
    const counting = new FaultyStore(await copyStore(base, 'count'), 0);
    await publishV2(counting);
    const total = counting.calls;
    const flipAt = counting.log.indexOf(`put ${CURRENT_POINTER_KEY}`) + 1;
    expect(total).toBeGreaterThan(40);
    expect(flipAt).toBeGreaterThan(0);
    let failures = 0;
    for (let n = 1; n <= total; n++) {
      const inner = await copyStore(base, `fail-${n}`);
      const faulty = new FaultyStore(inner, n);
      const outcome = await publishV2(faulty).then(
        () => null,
        (e: unknown) => e,
      );
      if (outcome !== null) {
        failures++;
        expect(outcome).toMatchObject({ kind: 'unavailable' });
      } else {
        // The one failure a publish absorbs: removing its marker after the flip succeeded.
        expect(faulty.log[n - 1]).toBe('delete state/publishing/v2.json');
      }
      // Before the pointer put lands, current must still be v1; from then on v2.
      const live = await expectConsistent(inner);
      expect(live, `failure at call ${n} (${faulty.log.at(-1)})`).toBe(n <= flipAt ? 'v1' : 'v2');
    }
    expect(failures).toBe(total - 1);
  });

  it('leaves a store that the next publish completes normally', async () => {
    const inner = await copyStore(base, 'recover');
    const flaky = new FaultyStore(inner, 12);
    await expect(publishV2(flaky)).rejects.toMatchObject({ kind: 'unavailable' });
    await publish(inner, (put) => manifestBody(put, { variant: 2 }), { version: 'v3', now: clock() });
    expect((await readCurrent(inner))?.pointer.version).toBe('v3');
    await applyRetention(inner, { keep: 1 });
    expect(await expectConsistent(inner)).toBe('v3');
  });
});
