/**
 * The pipeline learns segment vectors from the events' request context and publishes them as the
 * manifest's `segments` section; events without context publish none.
 */
import { describe, expect, it } from 'vitest';
import { SegmentTable } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readBlob, readCurrent } from '../../../batch/src/publish/read.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';

const small = { mf: { factors: 8, iterations: 3, threads: 1, compute: 'js' as const }, evalUsers: 0 };
const shape = { seed: 6, items: 200, users: 150, events: 6000, days: 2 };

describe('segments in the pipeline', () => {
  it('publishes a segment table learned from the context the events carry', async () => {
    await generateStorefront({ ...shape, context: true }, { store: 'mem://segments-shop' });
    const store = new MemoryStore('segments-models');
    const summary = await runPipeline(
      { data: 'mem://segments-shop', store, ...small },
      quietContext('error'),
    );
    expect(summary.status).toBe('published');
    const live = await readCurrent(store);
    const section = live?.manifest.segments;
    expect(section?.count).toBeGreaterThan(0);
    const table = SegmentTable.parse(
      JSON.parse(new TextDecoder().decode(await readBlob(store, section!.table))),
    );
    expect(table.dim).toBe(live?.manifest.model.dim);
    expect(table.segments).toHaveLength(section!.count);
    expect(table.segments.every((s) => s.users >= section!.minUsers && s.vector.length === table.dim)).toBe(
      true,
    );
    expect(table.segments.some((s) => s.key.startsWith('country='))).toBe(true);
  });

  it('publishes user-tower vectors with --segments user_tower, groups of ≥ 5 users included', async () => {
    await generateStorefront({ ...shape, context: true }, { store: 'mem://segments-tower-shop' });
    const store = new MemoryStore('segments-tower-models');
    const summary = await runPipeline(
      { data: 'mem://segments-tower-shop', store, ...small, segments: 'user_tower' },
      quietContext('error'),
    );
    expect(summary.status).toBe('published');
    const section = (await readCurrent(store))?.manifest.segments;
    expect(section?.minUsers).toBe(5);
    const table = SegmentTable.parse(
      JSON.parse(new TextDecoder().decode(await readBlob(store, section!.table))),
    );
    expect(table.method).toBe('user_tower');
    expect(table.segments).toHaveLength(section!.count);
    expect(table.segments.every((s) => s.users >= 5 && s.vector.every(Number.isFinite))).toBe(true);
    expect(table.segments.some((s) => s.users < 20)).toBe(true);
  });

  it('publishes no section when the events carry no context', async () => {
    await generateStorefront(shape, { store: 'mem://segments-plain' });
    const store = new MemoryStore('segments-plain-models');
    await runPipeline({ data: 'mem://segments-plain', store, ...small }, quietContext('error'));
    expect((await readCurrent(store))?.manifest.segments).toBeUndefined();
  });
});
