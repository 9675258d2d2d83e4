export { bannerEngine } from './assets.ts';
