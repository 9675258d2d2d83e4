/**
 * Builds the cards. Everything from the API or the feed goes through `textContent` or checked
 * URLs — never `innerHTML` — so a hostile title or id cannot inject markup into the shop's page.
 */
import { reasonText } from '#shared/reasons';
import type { ProductCard, RecommendedItem } from '#shared/schemas';
import { STYLES } from './styles.ts';

export interface RenderOptions {
  heading: string | null;
  layout: 'grid' | 'row';
  /** Product link template: `{itemId}` is replaced by the encoded id. */
  hrefTemplate: string | null;
  catalog: Map<string, ProductCard>;
  /** Show each item's reason as a short line (the `reasons` attribute). */
  reasons?: boolean;
}

/** `url` when it is http(s) or relative to the page, else null (no `javascript:` links). */
export function safeUrl(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'data:'
      ? parsed.href
      : null;
  } catch {
    return null;
  }
}

const formats = new Map<string, Intl.NumberFormat>();

/** The page's locale: `<html lang>`, else the browser's. */
function pageLocale(): string | undefined {
  return document.documentElement.lang || undefined;
}

/**
 * `price` in the item's own currency, written the page's way (`1.234,50 €` on a German page,
 * `$1,234.50` on an American one).
 */
export function formatPrice(price: number, currency: string, locale = pageLocale()): string {
  const key = `${locale ?? ''}|${currency}`;
  try {
    let f = formats.get(key);
    if (f === undefined) {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
      formats.set(key, f);
    }
    return f.format(price);
  } catch {
    return `${price.toFixed(2)} ${currency}`;
  }
}

/** What a card shows: the page's feed entry when it has one, else the details from the edge. */
function shown(item: RecommendedItem, options: RenderOptions): ProductCard | undefined {
  const fromFeed = options.catalog.get(item.itemId);
  if (fromFeed !== undefined) return fromFeed;
  const d = item.details;
  if (d === undefined) return undefined;
  const card: ProductCard = { itemId: item.itemId, title: d.title ?? item.itemId };
  if (d.price !== undefined) card.price = d.price;
  if (d.currency !== undefined) card.currency = d.currency;
  if (d.imageUrl !== undefined) card.image = d.imageUrl;
  if (d.url !== undefined) card.url = d.url;
  if (d.brand !== undefined) card.brand = d.brand;
  return card;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function card(item: RecommendedItem, options: RenderOptions): HTMLLIElement {
  const product = shown(item, options);
  const li = el('li');
  li.setAttribute('part', 'card');
  const link = el('a');
  link.dataset.itemId = item.itemId;
  const href =
    safeUrl(product?.url) ??
    (options.hrefTemplate === null
      ? null
      : safeUrl(options.hrefTemplate.replaceAll('{itemId}', encodeURIComponent(item.itemId))));
  if (href !== null) link.href = href;
  const image = safeUrl(product?.image);
  if (image !== null) {
    const img = el('img', 'image');
    img.setAttribute('part', 'image');
    img.loading = 'lazy';
    img.alt = product?.title ?? item.itemId;
    img.src = image;
    link.append(img);
  }
  const title = el('span', 'title', product?.title ?? item.itemId);
  title.setAttribute('part', 'title');
  link.append(title);
  if (product?.price !== undefined)
    link.append(el('span', 'price', formatPrice(product.price, product.currency ?? 'EUR')));
  if (options.reasons === true && item.reason !== undefined) {
    const line = el(
      'span',
      'reason',
      reasonText(item.reason, (id) => options.catalog.get(id)?.title),
    );
    line.setAttribute('part', 'reason');
    link.append(line);
  }
  const creative = safeUrl(item.creativeUrl);
  if (creative !== null) {
    const img = el('img', 'creative');
    img.setAttribute('part', 'creative');
    img.loading = 'lazy';
    img.alt = '';
    img.src = creative;
    link.append(img);
  }
  li.append(link);
  return li;
}

/** Replaces the shadow root's content with the cards of `items` (nothing at all when empty). */
export function renderCards(
  root: ShadowRoot,
  items: readonly RecommendedItem[],
  options: RenderOptions,
): void {
  const style = el('style', undefined, STYLES);
  if (items.length === 0) {
    root.replaceChildren(style);
    return;
  }
  const section = el('section', options.layout);
  section.setAttribute('part', 'container');
  if (options.heading !== null) section.append(el('h2', undefined, options.heading));
  const list = el('ul');
  list.setAttribute('part', 'list');
  list.append(...items.map((item) => card(item, options)));
  section.append(list);
  root.replaceChildren(style, section);
}
