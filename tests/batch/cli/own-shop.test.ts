/**
 * The README's "Start with your own shop" commands, run as the README writes them, in a fresh
 * directory holding the example exports (tests/fixtures/shop): feed → catalogue import → import
 * orders → pipeline → a published manifest that names the imported catalogue. Only flags that make
 * training small (this machine's two shared cores) are appended to the README's pipeline line.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { runVitrine } from '../../support/vitrine-cli.ts';

const ROOT = new URL('../../../', import.meta.url);
const SMALL = ['--factors', '8', '--iterations', '4', '--mf.compute', 'js', '--threads', '1'];
const SHOP = new URL('tests/fixtures/shop/', ROOT);

/** The `npm run vitrine -- …` lines of the README section, as argv arrays. */
async function readmeCommands(): Promise<string[][]> {
  const readme = await readFile(new URL('README.md', ROOT), 'utf8');
  const start = readme.indexOf('## Start with your own shop');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((l) => l.startsWith('npm run vitrine -- '))
    .map((l) => l.slice('npm run vitrine -- '.length).trim().split(/\s+/));
}

let dir: string;
const cwd = process.cwd();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-own-shop-'));
  await copyFile(new URL('products.xml', SHOP), join(dir, 'products.xml'));
  await copyFile(new URL('orders.csv', SHOP), join(dir, 'orders.csv'));
  process.chdir(dir); // the README's paths are relative to where the shop runs them
});
afterAll(async () => {
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

describe('README: Start with your own shop', () => {
  it('goes from a feed and an orders export to a published manifest with the imported catalogue', async () => {
    const commands = await readmeCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual([
      'catalogue import',
      'import orders',
      'pipeline --data',
    ]);
    const outputs: unknown[] = [];
    const logs: Record<string, unknown>[] = [];
    for (const readmeArgv of commands) {
      const argv = readmeArgv[0] === 'pipeline' ? [...readmeArgv, ...SMALL] : readmeArgv;
      const { code, out, err, logs: lines } = await runVitrine(argv);
      logs.push(...lines);
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: '' });
      outputs.push(JSON.parse(out));
    }
    const [catalogue, orders, pipeline] = outputs as { catalogue?: unknown; status?: string }[];
    expect(catalogue).toMatchObject({ published: true, items: 24, rows: { bad: 0 } });
    expect(orders).toMatchObject({ rows: { bad: 0, returns: 1 }, guestLines: 1, items: 24 });
    expect(pipeline?.status).toBe('published');
    expect(logs.find((l) => l.event === 'pipeline.catalogue')).toMatchObject({ source: 'last import' });

    const store = openStore('.vitrine/store');
    const live = await readCurrent(store);
    expect(live?.manifest.catalogue?.normalised).toEqual(catalogue?.catalogue);
    expect(live?.manifest.catalogue?.categoryCount).toBe(8); // home, kitchen, knives, garden, tools, electronics, audio, headphones
    expect(live?.manifest.items.count).toBe(24);
    await verifyManifestBlobs(store, live!.manifest);
  });
});
