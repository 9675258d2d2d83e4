export { type ComposeInput, composeCreative } from './compose.ts';
export { canRender, GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font.ts';
export { type GeneratorInputs, generatorInputs } from './latent.ts';
export { LAYOUTS, type Layout, type TextBox } from './layouts.ts';
export { CATEGORY_STYLE, type TemplateColors, templateColors } from './palette.ts';
export { encodePng } from './png.ts';
export type { Raster, Rect, Rgb } from './raster.ts';
export { renderCreativePng } from './render.ts';
