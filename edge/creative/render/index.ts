export { bannerEngine, warmBannerEngine } from './assets.ts';
