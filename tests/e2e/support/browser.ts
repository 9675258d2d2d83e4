/**
 * Headless Debian Chromium through playwright-core (`npx playwright install` cannot download
 * browsers here). The flags keep Chromium from calling home on a closed network
 * (see ../shared/notes/edge-stack.md); the profile lives in a temp dir removed on close.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { buildWidget } from '../../../edge/widget/build.ts';

export const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium; fails with the install command when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = await mkdtemp(join(tmpdir(), 'vitrine-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Builds widget.js (edge/widget/build.ts) and launches Chromium: what every widget test page needs.
 *
 * @example
 * beforeAll(async () => ({ widgetJs, browser } = await widgetInChromium()), 60_000);
 */
export async function widgetInChromium(): Promise<{ widgetJs: string; browser: Browser }> {
  await buildWidget();
  const widgetJs = await readFile('edge/widget/dist/vitrine-recs.js.txt', 'utf8');
  return { widgetJs, browser: await launchChromium() };
}
