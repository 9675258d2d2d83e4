export { putContentAddressed } from './blobs.ts';
export { type OnnxGenerator, openOnnxGenerator } from './generator.ts';
export { buildCreativeLibrary, type LibraryOptions, storeGenerator } from './library.ts';
