import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { MemoryStore } from '#shared/storage';
import { eventPartKey, IsoClock, PartitionedEventWriter } from '../../../batch/src/synthetic/sink.ts';

describe('IsoClock', () => {
  it('formats timestamps exactly like Date#toISOString, in or out of order', () => {
    const rng = createRng(5);
    const clock = new IsoClock();
    let t = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      // Forward in small steps, with jumps back of up to 2 h (overlapping sessions) and far ahead.
      t += i % 7 === 0 ? -rng.nextInt(7_200_000) : rng.nextInt(i % 1000 === 0 ? 2_000_000_000 : 5000);
      expect(clock.format(t)).toBe(new Date(t).toISOString());
    }
  });
});

describe('PartitionedEventWriter', () => {
  it('files lines under their hour, starts a new part past the size limit, and loses none', async () => {
    const store = new MemoryStore('sink');
    const writer = new PartitionedEventWriter(store, 'ev/', 100);
    const t0 = Date.UTC(2026, 2, 3, 23, 59);
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      const line = `{"n":${i},"note":"événement ${'x'.repeat(20)}"}`; // non-ASCII on purpose
      lines.push(line);
      writer.add(line, t0 + i * 15_000); // crosses midnight into 2026-03-04 hour 00
    }
    const { files } = await writer.close();
    const keys = (await store.list('ev/')).map((b) => b.key);
    expect(keys.length).toBe(files);
    expect(keys[0]).toBe(eventPartKey('ev/', t0, 0));
    expect(keys[0]).toBe('ev/dt=2026-03-03/hour=23/part-00000.ndjson');
    expect(keys.some((k) => k.startsWith('ev/dt=2026-03-04/hour=00/'))).toBe(true);
    expect(keys.some((k) => k.endsWith('part-00001.ndjson'))).toBe(true);
    const decoder = new TextDecoder();
    const read: string[] = [];
    for (const key of keys)
      read.push(
        ...decoder
          .decode(await store.get(key))
          .trimEnd()
          .split('\n'),
      );
    expect(read.sort()).toEqual(lines.sort());
  });
});
