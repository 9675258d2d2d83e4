export { putContentAddressed } from './blobs.ts';
export { checkKitCoverage, type StagedBrandFonts, stageBrandFonts } from './brand-font.ts';
export { nodeBannerEngine } from './engine.ts';
export { type OnnxGenerator, openOnnxGenerator } from './generator.ts';
export { buildCreativeLibrary, type LibraryOptions, storeGenerator } from './library.ts';
export { storeBrandKit } from './publish.ts';
