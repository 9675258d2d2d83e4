/**
 * The words on a banner. An item's banner shows its own title, brand and price — formatted in
 * the item's currency for the requested language (`135,99 €` in German, `€135.99` in English);
 * a category banner shows the category's label (its parent's where the fonts cannot draw it).
 * The call to action always comes from the brand kit. Nothing here is per category or hard-coded
 * per shop.
 */
import type { BannerCopy, BrandKit, CreativeItem } from '#shared/schemas';
import { ctaFor } from './brand.ts';

/**
 * Number formats by language and currency: building one loads locale data each time (a visible
 * share of an item banner's time in a profile), while a shop has a handful of pairs.
 */
const formats = new Map<string, Intl.NumberFormat>();
const MAX_FORMATS = 64;

/**
 * `amount` in `currency` as `language` writes it.
 *
 * @example
 * formatPrice(135.99, 'EUR', 'de-DE'); // '135,99 €'
 */
export function formatPrice(amount: number, currency: string, language: string): string {
  const key = `${language}|${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency });
    if (formats.size >= MAX_FORMATS) formats.clear();
    formats.set(key, format);
  }
  return format.format(amount);
}

/**
 * The copy of one item's banner.
 *
 * @example
 * itemCopy({ title: 'Wrap dress', price: 135.99, currency: 'EUR', … }, kit, 'en'); // { title, price: '€135.99', cta: 'Shop now' }
 */
export function itemCopy(item: CreativeItem, kit: BrandKit, language: string = kit.language): BannerCopy {
  return {
    // A card may lack a title or a price (the catalogue's own gaps): the banner shows what it has.
    title: item.title ?? item.categoryLabel ?? item.itemId,
    // What a title the fonts cannot draw gives way to (coverage.ts).
    ...(item.title === undefined || item.categoryLabel === undefined
      ? {}
      : { fallbackTitle: item.categoryLabel }),
    ...(item.price === undefined || item.currency === undefined
      ? {}
      : { price: formatPrice(item.price, item.currency, language) }),
    ...(item.brand === undefined ? {} : { brand: item.brand }),
    cta: ctaFor(kit, language),
  };
}

/**
 * `women/dresses/maxi` → `Maxi`; `ankle_boot` → `Ankle boot`: a category id's last level as a
 * label, for banners that have only the id.
 */
export function categoryLabelOf(categoryId: string): string {
  const slug = categoryId
    .slice(categoryId.lastIndexOf('/') + 1)
    .replace(/[-_]+/g, ' ')
    .trim();
  return slug === '' ? categoryId : slug.charAt(0).toUpperCase() + slug.slice(1);
}

/**
 * The copy of a category banner: its label and the kit's CTA (no price: it is not an item). A
 * label the fonts cannot draw gives way to its parent level's label (coverage.ts), as an item's
 * title gives way to its category's: "Women · Shop now" rather than a row of boxes for
 * `women/连衣裙`. A top-level label has nothing broader to give way to: it is drawn as it is.
 *
 * @example
 * categoryCopy('women/dresses', kit); // { title: 'Dresses', fallbackTitle: 'Women', cta: 'Shop now' }
 */
export function categoryCopy(categoryId: string, kit: BrandKit, language: string = kit.language): BannerCopy {
  const parent = categoryId.lastIndexOf('/');
  return {
    title: categoryLabelOf(categoryId),
    ...(parent <= 0 ? {} : { fallbackTitle: categoryLabelOf(categoryId.slice(0, parent)) }),
    cta: ctaFor(kit, language),
  };
}
