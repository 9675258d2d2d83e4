import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildShardFixtures } from '../fixtures/shard-fixtures.ts';

const dir = join(import.meta.dirname, '../fixtures/shards');

describe('committed shard fixtures', () => {
  it('are byte-identical to what the codec encodes from the seeded inputs today', async () => {
    const { files, expected } = await buildShardFixtures();
    expect(files.size).toBe(3);
    for (const [name, bytes] of files) {
      const committed = new Uint8Array(readFileSync(join(dir, name)));
      expect({ name, bytes: Array.from(committed) }).toEqual({ name, bytes: Array.from(bytes) });
    }
    const committedExpected: unknown = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    // JSON turns -0 into 0; compare through the same JSON round-trip.
    expect(committedExpected).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
