/**
 * The brand kit: what a shop's marketers set for its creatives without touching code — colours,
 * logo, font, language and the call to action per language. JSON in the bucket, published as a
 * content-addressed blob and named by the manifest (`brandKit`), so a kit is versioned (and
 * rolled back) with the model it went out with. Without one the Worker uses `DEFAULT_BRAND_KIT`
 * (shared/src/creatives/brand.ts).
 *
 * @example
 * { "format": "vitrine-brand-kit", "version": 1, "name": "Maison Example",
 *   "colors": { "primary": "#0f5c4d" }, "language": "fr-FR",
 *   "cta": { "en": "Shop now", "fr": "Découvrir" } }
 */
import * as z from 'zod';
import { BlobRef } from './manifest.ts';

/** `#rrggbb`, lower or upper case. */
export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c');

/** A BCP 47 language tag such as `en`, `de-DE` or `pt-BR` (it also picks the price format). */
export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be a language tag such as en, de-DE or pt-BR');

/** Fonts the creative Worker bundles (OFL-licensed); a kit names one. */
export const BRAND_FONTS = ['inter'] as const;

/** Largest logo accepted, in characters of its data URL (the kit is read on the request path). */
export const MAX_LOGO_DATA_URL = 48 * 1024;

export const BrandLogo = z.object({
  /** A `data:image/png;base64,…` or `data:image/svg+xml;base64,…` URL. */
  src: z
    .string()
    .max(MAX_LOGO_DATA_URL, `must be at most ${MAX_LOGO_DATA_URL} characters`)
    .regex(/^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/]+=*$/, 'must be a base64 PNG or SVG data URL'),
  /** Intrinsic aspect ratio; the banner sizes the logo by height. */
  width: z.number().int().positive().max(4096),
  height: z.number().int().positive().max(4096),
});
export type BrandLogo = z.infer<typeof BrandLogo>;

/**
 * One of the kit's own font files. As a marketer writes it: a path relative to the kit file, or
 * a storage URI (`s3://…/Maison-Regular.ttf`). As published: the blob the pipeline stored after
 * checking it (TrueType outlines as .ttf/.otf or WOFF 1.0; shared/src/creatives/brand-font.ts),
 * content-addressed, so the font is versioned and rolled back with the kit that names it.
 */
export const BrandFontFile = z.union([BlobRef, z.string().min(1).max(1024)]);
export type BrandFontFile = z.infer<typeof BrandFontFile>;

/** The shop's typeface: regular, and bold when it has one (else bold copy uses regular). */
export const BrandFontFiles = z.object({
  regular: BrandFontFile,
  bold: BrandFontFile.optional(),
});
export type BrandFontFiles = z.infer<typeof BrandFontFiles>;

export const BrandKit = z.object({
  format: z.literal('vitrine-brand-kit'),
  version: z.literal(1),
  /** Shown where the shop's name is needed (alt text, a banner without a logo or brand). */
  name: z.string().min(1).max(80),
  colors: z.object({
    /** The brand colour: buttons and prices on `classic`, the field on `bold`. */
    primary: HexColor,
    /** Text on `primary` (button labels, `bold` copy). */
    onPrimary: HexColor.default('#ffffff'),
    /** The card of `classic`. */
    background: HexColor.default('#f7f5f0'),
    /** Titles on `classic`. */
    text: HexColor.default('#222226'),
  }),
  font: z.enum(BRAND_FONTS).default('inter'),
  /** Default language of the copy and locale of prices; a request may ask for another. */
  language: LanguageTag.default('en'),
  /** The call to action per language (`de`, or `de-AT` to override one region). */
  cta: z
    .record(LanguageTag, z.string().min(1).max(24))
    .refine((m) => Object.keys(m).length > 0, 'must name at least one language')
    .default({ en: 'Shop now' }),
  logo: BrandLogo.optional(),
  /**
   * The shop's own typeface, drawn before Inter: a character it lacks comes from Inter (`font`).
   * Absent: Inter alone.
   */
  fontFiles: BrandFontFiles.optional(),
});
/** A kit as written (defaults optional). */
export type BrandKitInput = z.input<typeof BrandKit>;
/** A validated kit (defaults filled in). */
export type BrandKit = z.output<typeof BrandKit>;
