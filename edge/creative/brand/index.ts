export { BrandKits, type LiveKit } from './kit.ts';
