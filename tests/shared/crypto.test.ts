import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, sha256Hex, verifySha256 } from '#shared/crypto';
import { createRng } from '#shared/random';

const utf8 = (s: string) => new TextEncoder().encode(s);

function randomBytes(seed: number, n: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextInt(256);
  return out;
}

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 known answers', async () => {
    expect(await sha256Hex(utf8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(await sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with node:crypto on random blobs, including views into larger buffers', async () => {
    for (const n of [1, 63, 64, 65, 1000, 70_000]) {
      const bytes = randomBytes(n, n + 7).subarray(3, 3 + n);
      expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});

describe('verifySha256', () => {
  const blob = utf8('abc');
  const good = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('accepts a matching digest in either case', async () => {
    expect(await verifySha256(blob, good)).toEqual({ ok: true, value: undefined });
    expect((await verifySha256(blob, good.toUpperCase())).ok).toBe(true);
  });

  it('reports a mismatch as corrupt, naming expected and actual digests and the key', async () => {
    const wrong = `${good.slice(0, 63)}0`;
    const r = await verifySha256(blob, wrong, 'blobs/items-0.shard');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('corrupt');
    expect(r.error.key).toBe('blobs/items-0.shard');
    expect(r.error.message).toMatch(
      new RegExp(`sha256 mismatch for blobs/items-0\\.shard: expected ${wrong}, got ${good} \\(3 bytes\\)`),
    );
  });

  it('rejects an expected digest that is not 64 hex characters', async () => {
    const r = await verifySha256(blob, 'not-a-digest');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not 64 hex characters: "not-a-digest"/);
  });
});

describe('crc32', () => {
  it('matches the CRC-32/IEEE check value and the empty input', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with zlib on random data and chains across chunks', () => {
    for (const n of [1, 5, 255, 4096, 33_333]) {
      const bytes = randomBytes(100 + n, n);
      const whole = crc32(bytes);
      expect(whole).toBe(zlibCrc32(bytes));
      const cut = Math.floor(n / 3);
      expect(crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut)))).toBe(whole);
    }
  });

  it('changes when any single byte changes', () => {
    const bytes = randomBytes(1, 300);
    const base = crc32(bytes);
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] ?? 0) ^ (1 << (i % 8));
      expect(crc32(copy)).not.toBe(base);
    }
  });
});
