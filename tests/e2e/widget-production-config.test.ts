/**
 * What `wrangler deploy` ships from wrangler.toml: the production entry without the demo store
 * (its routes, page and picture encoder live behind edge/src/dev.ts, which only `npm run demo`
 * and the local test servers run) and no demo publishable key. Read with wrangler's own config
 * reader, and the bundle built by wrangler itself (`deploy --dry-run`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { bundleWorker } from '../../infra/local/wrangler-dev.ts';

const DEMO_KEY = 'pk_demo_vitrine';

describe('production wrangler.toml', () => {
  it('deploys edge/src/index.ts with no publishable key of the demo', async () => {
    const config = unstable_readConfig({ config: 'wrangler.toml' });
    expect(config.main?.endsWith('edge/src/index.ts')).toBe(true);
    const keys = JSON.parse(String(config.vars.PUBLISHABLE_KEYS)) as Record<string, string[]>;
    expect(Object.keys(keys)).not.toContain(DEMO_KEY);
    expect(await readFile('wrangler.toml', 'utf8')).not.toContain(DEMO_KEY);
    // No environment of the file brings the demo back under another name.
    expect(JSON.stringify(config)).not.toContain('edge/src/dev.ts');
  });

  it('bundles no demo route, page or key (wrangler deploy --dry-run)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-prod-bundle-'));
    try {
      const production = await readFile(await bundleWorker('wrangler.toml', dir), 'utf8');
      expect(production).toContain('/v1/recommendations'); // it is the Worker…
      // …without the demo: strings the demo's own sources hold (checked, so a rename is noticed).
      const demoSources = `${await readFile('edge/src/demo/route.ts', 'utf8')}${await readFile('edge/src/demo/page.ts', 'utf8')}`;
      for (const marker of [
        '/demo/catalogue.json',
        'Vitrine demo store',
        'No demo catalogue in the bucket',
      ]) {
        expect(demoSources, marker).toContain(marker);
        expect(production, marker).not.toContain(marker);
      }
      expect(production).not.toContain(DEMO_KEY);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
