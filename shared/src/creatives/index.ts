export { type BannerFonts, type BannerSpec, bannerSvgText } from './banner.ts';
export { type BannerColors, bannerColors, ctaFor, DEFAULT_BRAND_KIT } from './brand.ts';
export {
  type BrandFaces,
  bindBrandFaces,
  brandFacesOf,
  checkBrandFont,
  MAX_BRAND_FONT_BYTES,
  openBrandFont,
} from './brand-font.ts';
export { categoryCopy, categoryLabelOf, formatPrice, itemCopy } from './copy.ts';
export { type CopyFaces, codePointList, copyFaces } from './coverage.ts';
export {
  type BannerEngine,
  type BannerFrame,
  type CompiledWasm,
  type EngineAssets,
  openBannerEngine,
} from './engine.ts';
export {
  type FacePair,
  type FontFace,
  INTER_SUBSETS,
  INTER_UNICODE_RANGES,
  InterFaces,
  type InterSubset,
  subsetOf,
} from './faces.ts';
export { sfntOf } from './fonts.ts';
export { bannerSvg, type FrameSpec } from './frames.ts';
export { type GeneratorInputs, generatorInputs } from './latent.ts';
export { LAYOUTS, type Layout } from './layouts.ts';
export { MAX_PICTURE_SIDE, type PictureSource, pictureDataUrl, sniffImage } from './picture.ts';
export { RecentPictures } from './picture-cache.ts';
export {
  base64,
  hexRgb,
  mix,
  type Pixels,
  pngDataUrl,
  type Rgb,
  rgbHex,
  rgbPixels,
  tint,
} from './pixels.ts';
export { encodePng } from './png.ts';
export { decodePngOver } from './png-decode.ts';
export { type BannerRequest, type RenderedBanner, renderBanner } from './render.ts';
export { resample } from './resample.ts';
export { type OutlineCommand, SfntFont } from './sfnt.ts';
export { fitLine, linePath, type SetLine, setLine, type TextStyle } from './text.ts';
