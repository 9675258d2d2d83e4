/**
 * Banner composition: the generated product image, tinted in the category colour, placed in a
 * size's layout with title, price and a call-to-action button, as an RGBA raster.
 *
 * Pure and deterministic (integer geometry, `Math.round` colour maths, our own font): the edge
 * Worker and the batch library call this same function, so the same inputs give the same
 * pixels — and, through png.ts, the same bytes — in Node and in workerd.
 */
import { AppError } from '#shared/errors';
import { type CreativeCopy, CreativeSpec } from '#shared/schemas';
import { GLYPH_HEIGHT, textWidth } from './font.ts';
import { LAYOUTS, type TextBox } from './layouts.ts';
import { CATEGORY_STYLE, templateColors } from './palette.ts';
import { createRaster, drawText, drawTinted, fillRect, type Raster, type Rgb, strokeRect } from './raster.ts';

export interface ComposeInput {
  /** Generator output for one image: side×side grayscale, row-major, values in [-1, 1]. */
  image: Float32Array;
  /** Side of `image` in pixels (28 for the Fashion-MNIST generator). */
  imageSide?: number;
  /** Category, size, template and optional copy overrides (validated here). */
  spec: unknown;
}

/** The largest scale ≤ `preferred` at which `text` fits `width`, and the text (truncated at scale 1). */
function fitText(text: string, width: number, preferred: number): { text: string; scale: number } {
  for (let scale = preferred; scale >= 1; scale--) {
    if (textWidth(text, scale) <= width) return { text, scale };
  }
  let cut = [...text];
  while (cut.length > 1 && textWidth(`${cut.join('')}.`, 1) > width) cut = cut.slice(0, -1);
  return { text: `${cut.join('').trimEnd()}.`, scale: 1 };
}

function drawLine(r: Raster, raw: string, box: TextBox, color: Rgb): void {
  const { text, scale } = fitText(raw, box.w, box.scale);
  const w = textWidth(text, scale);
  const x = box.align === 'center' ? box.x + Math.floor((box.w - w) / 2) : box.x;
  // Keep a stepped-down line centred on the line the layout planned.
  const y = box.y + Math.floor(((box.scale - scale) * GLYPH_HEIGHT) / 2);
  drawText(r, text, x, y, scale, color);
}

/**
 * Composes one banner. Invalid category/size/template/copy → `AppError('invalid_argument')`
 * naming the field; an image of the wrong length is a programmer error and throws.
 *
 * @example
 * const raster = composeCreative({ image, spec: { category: 'dress', size: 'mobile-banner', template: 'classic' } });
 */
export function composeCreative(input: ComposeInput): Raster {
  const parsed = CreativeSpec.safeParse(input.spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'spec';
    throw new AppError('invalid_argument', `invalid creative ${field}: ${issue?.message ?? 'invalid'}`, {
      field,
    });
  }
  const spec = parsed.data;
  const side = input.imageSide ?? 28;
  if (input.image.length !== side * side) {
    throw new Error(`image has ${input.image.length} values, expected ${side}×${side}`);
  }
  const style = CATEGORY_STYLE[spec.category];
  const copy: CreativeCopy = { ...style.copy, ...spec.copy };
  const colors = templateColors(spec.template, style.color);
  const layout = LAYOUTS[spec.size];

  const r = createRaster(layout.width, layout.height, colors.background);
  drawTinted(r, input.image, side, layout.image, colors.background, colors.ink);
  drawLine(r, copy.title, layout.title, colors.text);
  drawLine(r, copy.price, layout.price, colors.price);

  const { cta } = layout;
  fillRect(r, cta, colors.button);
  // Leave two font cells of padding on each side of the label.
  const label = fitText(copy.cta, cta.w - 4 * cta.scale, cta.scale);
  const lw = textWidth(label.text, label.scale);
  const lx = cta.x + Math.floor((cta.w - lw) / 2);
  const ly = cta.y + Math.floor((cta.h - GLYPH_HEIGHT * label.scale) / 2);
  drawText(r, label.text, lx, ly, label.scale, colors.buttonText);

  strokeRect(r, { x: 0, y: 0, w: layout.width, h: layout.height }, colors.border);
  return r;
}
