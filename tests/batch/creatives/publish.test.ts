/**
 * Publishing creatives' companions: the brand kit is validated and stored as JSON with its
 * defaults filled in. (Item cards are published with the model: tests/batch/data/catalogue-details.)
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '#shared/errors';
import { BrandKit } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { storeBrandKit } from '../../../batch/src/creatives/index.ts';

const readJson = async (store: MemoryStore, key: string) =>
  JSON.parse(new TextDecoder().decode(await store.get(key)));

describe('storeBrandKit', () => {
  it('stores the validated kit with its defaults, content-addressed', async () => {
    const store = new MemoryStore('kit');
    const ref = await storeBrandKit(store, {
      format: 'vitrine-brand-kit',
      version: 1,
      name: 'Shop',
      colors: { primary: '#123456' },
    });
    expect(ref.key).toBe(`blobs/${ref.sha256}`);
    const stored = BrandKit.parse(await readJson(store, ref.key));
    expect(stored.cta).toEqual({ en: 'Shop now' });
    expect(stored.colors.background).toBe('#f7f5f0');
  });

  it('refuses an invalid kit naming the field', async () => {
    const error = await storeBrandKit(new MemoryStore('bad'), {
      format: 'vitrine-brand-kit',
      version: 1,
      name: 'S',
      colors: { primary: 'blue' },
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.kind === 'invalid_argument' && error.field).toBe(
      'brandKit.colors.primary',
    );
  });
});
