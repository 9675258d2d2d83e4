/**
 * Drawn product pictures for demo stores without a photo set (the home & electronics store):
 * a 28×28 grey icon whose shape comes from the item's category segment (second level) and whose
 * size and shade come from its leaf and id, so items of one category look related and a row of
 * recommendations is visibly on-topic. Stored like the Fashion-MNIST pictures (255 = white).
 */
import { categoryAncestry } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';

const SIDE = 28;

type Shape = (x: number, y: number, r: number) => boolean;

const SHAPES: Shape[] = [
  (x, y, r) => x * x + y * y <= r * r, // disc
  (x, y, r) => Math.abs(x) <= r && Math.abs(y) <= r * 0.7, // wide box (screens, sofas)
  (x, y, r) => Math.abs(x) <= r * 0.55 && Math.abs(y) <= r, // tall box (phones, wardrobes)
  (x, y, r) => y >= -r && y <= r && Math.abs(x) <= (y + r) / 2, // triangle (lamps)
  (x, y, r) => {
    const d = x * x + y * y;
    return d <= r * r && d >= (r * 0.55) ** 2; // ring (cookware, speakers)
  },
  (x, y, r) => Math.abs(x) + Math.abs(y) <= r, // diamond
  (x, y, r) => (Math.abs(x) <= r && Math.abs(y) <= r * 0.25) || (Math.abs(x) <= r * 0.25 && Math.abs(y) <= r), // cross
  (x, y, r) => Math.abs(x) <= r && y >= -r * 0.2 && y <= r * 0.6, // low box (tables, beds)
];

/**
 * The picture of an item of category `categoryId` (784 bytes, row-major).
 *
 * @example
 * const pixels = drawnPicture('home/kitchen/cookware/ceramic-cookware', 'i0042');
 */
export function drawnPicture(categoryId: string | undefined, itemId: string): Uint8Array {
  const levels = categoryId === undefined ? [''] : categoryAncestry(categoryId);
  const segment = levels[Math.min(1, levels.length - 1)] as string;
  const shape = SHAPES[fnv1a32(segment) % SHAPES.length] as Shape;
  const leaf = fnv1a32(levels[levels.length - 1] as string);
  const item = fnv1a32(itemId);
  const r = 7 + (leaf % 5);
  const ink = 40 + (item % 120);
  const cx = 13.5 + ((item >>> 8) % 3) - 1;
  const cy = 13.5 + ((item >>> 12) % 3) - 1;
  const out = new Uint8Array(SIDE * SIDE).fill(255);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) if (shape(x - cx, y - cy, r)) out[y * SIDE + x] = ink;
  }
  return out;
}
