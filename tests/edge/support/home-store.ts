/**
 * The home & electronics store that the global setup published (tests/fixtures/home-store),
 * copied into this test file's R2 binding.
 */
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import '../../fixtures/home-store/types.ts';

/** Copies every key of the published home store into `env.BUCKET`. */
export async function copyHomeStore(): Promise<void> {
  const home = inject('homeFixture');
  await Promise.all(
    home.keys.map(async (key) => {
      const res = await fetch(home.origin + key);
      if (!res.ok) throw new Error(`home store server: ${res.status} for ${key}`);
      await env.BUCKET.put(key, await res.arrayBuffer());
    }),
  );
}
