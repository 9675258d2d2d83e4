export { buildDemoAssets, type DemoAssets } from './assets.ts';
export { type DemoAssetsSummary, writeDemoAssets } from './write.ts';
