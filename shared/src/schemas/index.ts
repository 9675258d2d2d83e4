// Schema files import zod as a namespace (`import * as z from 'zod'`): esbuild (wrangler) can
// tree-shake that, while `import { z } from 'zod'` pulls every zod locale into the recommend
// Worker (+65 KiB gzip, over its 100 KiB budget; see docs/benchmarks.md).
export * from './api.ts';
export * from './brand-kit.ts';
export * from './catalogue.ts';
export * from './catalogue-import.ts';
export * from './category.ts';
export * from './common.ts';
export * from './creative-loop.ts';
export * from './creatives.ts';
export * from './decode.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './gan.ts';
export * from './generator-service.ts';
export * from './holdout.ts';
export * from './job-config.ts';
export * from './manifest.ts';
export * from './online-metrics.ts';
export * from './privacy.ts';
export * from './segments.ts';
export * from './store-state.ts';
export * from './storefront.ts';
export * from './training.ts';
