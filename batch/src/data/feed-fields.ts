/**
 * Merchant-feed fields → our `CatalogueItem` shape. The common product-feed vocabulary (the one
 * shopping engines read: `id`, `title`, `link`, `image_link`, `price` as "12.99 USD",
 * `sale_price`, `availability`, `brand`, `product_type` as "A > B > C",
 * `google_product_category`, `custom_label_0..4`) is mapped field by field; the result still goes
 * through the zod `CatalogueItem` schema (catalogue-load.ts), which stays the only definition of
 * our format. A row whose fields cannot be mapped gets a reason and is reported, never guessed.
 *
 * Mapping choices:
 * - `sale_price`, when given, is the price shoppers pay, so it becomes `price`; the regular price
 *   is kept as the attribute `regular_price`.
 * - `preorder` and `backorder` items can be ordered, so they stay recommendable (`available`);
 *   the availability is kept as an attribute so features can tell them apart.
 * - `product_type` (the shop's own path) is the category; without it a textual
 *   `google_product_category` path is. A numeric taxonomy id is kept as an attribute only.
 * - The date the product was added (`added_at`, RSS `pubDate`, … see feed-dates.ts) becomes
 *   `addedAt`, which lets recent items say `new_in_category`.
 * - `description` and other fields we do not use are reported once per feed (`ignoredFields`).
 */
import { ADDED_AT_FIELDS, feedAddedAt } from './feed-dates.ts';

/** Fields the mapping reads (after `normaliseFieldName`). */
const MAPPED = new Set<string>([
  ...ADDED_AT_FIELDS,
  'id',
  'title',
  'link',
  'image_link',
  'price',
  'sale_price',
  'availability',
  'brand',
  'product_type',
  'google_product_category',
]);

/** Feed fields kept as custom attributes when present. */
const ATTRIBUTE_FIELDS = [
  'custom_label_0',
  'custom_label_1',
  'custom_label_2',
  'custom_label_3',
  'custom_label_4',
  'condition',
  'color',
  'size',
  'gender',
  'age_group',
  'material',
  'pattern',
  'item_group_id',
] as const;

const AVAILABILITY: Record<string, { available: boolean; keep: boolean }> = {
  in_stock: { available: true, keep: false },
  out_of_stock: { available: false, keep: false },
  preorder: { available: true, keep: true },
  backorder: { available: true, keep: true },
};

let currencies: Set<string> | undefined;

/** True when `code` is an ISO 4217 currency the runtime knows (Intl's list). */
export function isIsoCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/**
 * A feed column or element name as the mapping knows it: lower case, `g:` namespace dropped,
 * spaces and dashes as `_` (`Image Link`, `g:image_link` → `image_link`).
 *
 * @example
 * normaliseFieldName('g:Sale Price'); // 'sale_price'
 */
export function normaliseFieldName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^g:/, '')
    .replace(/[\s-]+/g, '_');
}

/** True when a feed field is one the mapping uses (mapped or kept as an attribute). */
export function isKnownFeedField(name: string): boolean {
  return MAPPED.has(name) || (ATTRIBUTE_FIELDS as readonly string[]).includes(name);
}

/** A parsed money amount. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * Parses a feed price: "12.99 USD", "USD 12.99", "1,299.00 EUR", "12,99 EUR"; a bare number
 * takes `defaultCurrency`. The code must be ISO 4217.
 *
 * @example
 * parseFeedPrice('1,299.50 USD'); // { amount: 1299.5, currency: 'USD' }
 * parseFeedPrice('12.99 XYZ'); // 'unknown currency "XYZ" (not ISO 4217)'
 */
export function parseFeedPrice(text: string, defaultCurrency?: string): Money | string {
  const m = /^\s*(?:([A-Za-z]{3})\s*)?([0-9][0-9.,\s]*?)\s*(?:([A-Za-z]{3}))?\s*$/.exec(text);
  if (!m || (m[1] !== undefined && m[3] !== undefined))
    return `${JSON.stringify(text)} is not a price like "12.99 USD"`;
  const code = (m[1] ?? m[3] ?? defaultCurrency)?.toUpperCase();
  if (code === undefined)
    return `${JSON.stringify(text)} has no currency (e.g. "12.99 USD"; or pass --currency)`;
  if (!isIsoCurrency(code)) return `unknown currency ${JSON.stringify(code)} (not ISO 4217)`;
  const amount = parseAmount((m[2] as string).replace(/\s/g, ''));
  if (amount === null) return `${JSON.stringify(text)} is not a price like "12.99 USD"`;
  return { amount, currency: code };
}

/** "1,299.50" / "1.299,50" / "12,99" / "1299" → number; null when ambiguous or malformed. */
function parseAmount(s: string): number | null {
  let t = s;
  const comma = t.lastIndexOf(',');
  const dot = t.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    // The later separator is the decimal one; the other groups thousands.
    t = comma > dot ? t.replaceAll('.', '').replace(',', '.') : t.replaceAll(',', '');
  } else if (comma >= 0) {
    t = /^\d{1,3}(,\d{3})+$/.test(t) ? t.replaceAll(',', '') : t.replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3}){2,}$/.test(t)) {
    t = t.replaceAll('.', ''); // 1.299.000
  }
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

export interface FeedMappingOptions {
  /** Currency of prices written without one. */
  defaultCurrency?: string | undefined;
}

/**
 * Maps one feed record (field names already normalised, values trimmed text) to the raw
 * `CatalogueItem` input, or returns why it cannot be mapped. Empty values are absent.
 *
 * @example
 * feedRecordToItem({ id: 'sku-1', price: '12.99 USD', product_type: 'Home > Kitchen' });
 * // { itemId: 'sku-1', price: 12.99, currency: 'USD', category: 'Home > Kitchen', attributes: {} }
 */
export function feedRecordToItem(
  record: Readonly<Record<string, string>>,
  options: FeedMappingOptions = {},
): Record<string, unknown> | string {
  const get = (name: string): string | undefined => {
    const v = record[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const id = get('id');
  if (id === undefined) return 'id: missing (every product needs an id)';
  const out: Record<string, unknown> = { itemId: id };
  const attributes: Record<string, string | number> = {};
  const copy: [string, string][] = [
    ['title', 'title'],
    ['link', 'url'],
    ['image_link', 'imageUrl'],
    ['brand', 'brand'],
  ];
  for (const [from, to] of copy) if (get(from) !== undefined) out[to] = get(from);
  const priced = mapPrice(get('price'), get('sale_price'), options, out, attributes);
  if (priced !== null) return priced;
  const availability = get('availability');
  if (availability !== undefined) {
    const key = normaliseFieldName(availability);
    const a = AVAILABILITY[key];
    if (a === undefined) {
      return `availability: ${JSON.stringify(availability)} is not one of ${Object.keys(AVAILABILITY).join(', ')}`;
    }
    out.available = a.available;
    if (a.keep) attributes.availability = key;
  }
  const addedAt = feedAddedAt(get);
  if (typeof addedAt === 'object') return addedAt.reason;
  if (addedAt !== undefined) out.addedAt = addedAt;
  mapCategory(get('product_type'), get('google_product_category'), out, attributes);
  for (const name of ATTRIBUTE_FIELDS) {
    const v = get(name);
    if (v !== undefined) attributes[name] = v;
  }
  out.attributes = attributes;
  return out;
}

/** Sets price/currency (sale price first); a reason when a given price is malformed. */
function mapPrice(
  price: string | undefined,
  sale: string | undefined,
  options: FeedMappingOptions,
  out: Record<string, unknown>,
  attributes: Record<string, string | number>,
): string | null {
  const regular = price === undefined ? undefined : parseFeedPrice(price, options.defaultCurrency);
  if (typeof regular === 'string') return `price: ${regular}`;
  const onSale = sale === undefined ? undefined : parseFeedPrice(sale, options.defaultCurrency);
  if (typeof onSale === 'string') return `sale_price: ${onSale}`;
  if (onSale !== undefined && regular !== undefined && onSale.currency !== regular.currency) {
    return `sale_price: currency ${onSale.currency} differs from price's ${regular.currency}`;
  }
  const paid = onSale ?? regular;
  if (paid === undefined) return null;
  out.price = paid.amount;
  out.currency = paid.currency;
  if (onSale !== undefined && regular !== undefined) attributes.regular_price = regular.amount;
  return null;
}

/** `product_type` first, else a textual `google_product_category`; a numeric one as an attribute. */
function mapCategory(
  productType: string | undefined,
  googleCategory: string | undefined,
  out: Record<string, unknown>,
  attributes: Record<string, string | number>,
): void {
  const numeric = googleCategory !== undefined && /^\d+$/.test(googleCategory);
  if (productType !== undefined) out.category = productType;
  else if (googleCategory !== undefined && !numeric) out.category = googleCategory;
  if (numeric) attributes.google_product_category = Number(googleCategory);
  else if (googleCategory !== undefined && productType !== undefined && googleCategory.length <= 200) {
    attributes.google_product_category = googleCategory;
  }
}
