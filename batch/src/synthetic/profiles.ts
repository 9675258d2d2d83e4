/**
 * What kind of shop the synthetic storefront is: its category tree, taste segments, currency,
 * price levels and tags. Two stores ship: `fashion` (the Fashion-MNIST classes as top-level
 * categories, EUR; its pictures are Fashion-MNIST) and `home` (home & electronics, a 3-level
 * tree of 10 departments, 40 segments and 240 leaves, USD; its pictures are drawn).
 *
 * A segment is the level shoppers' tastes are planted on (sampling buckets); every item sits in
 * one leaf under its segment.
 */
import { categoryIdOf, categorySlug } from '#shared/schemas';
import { FASHION_CLASS_IDS } from '../data/fashion-mnist.ts';

export const STORE_NAMES = ['fashion', 'home'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export interface SegmentSpec {
  /** Labels of the segment node, root first. */
  labels: string[];
  /** The segment node's id (its labels' slugs unless a class id is imposed). */
  id: string;
  medianPrice: number;
  /** Leaf labels under the segment. */
  leaves: string[];
}

export interface StoreProfile {
  name: StoreName;
  currency: string;
  segments: SegmentSpec[];
  tags: string[];
}

const FASHION: [label: string, price: number, leaves: string[]][] = [
  ['T-shirts', 18, ['Crew neck', 'V-neck', 'Polo', 'Long sleeve']],
  ['Trousers', 45, ['Chinos', 'Jeans', 'Joggers', 'Tailored']],
  ['Pullovers', 50, ['Knit', 'Hoodies', 'Cardigans']],
  ['Dresses', 60, ['Maxi', 'Midi', 'Mini', 'Shirt dresses']],
  ['Coats', 130, ['Parkas', 'Trench coats', 'Puffer', 'Wool coats']],
  ['Sandals', 35, ['Flat', 'Heeled', 'Sport sandals']],
  ['Shirts', 35, ['Oxford', 'Flannel', 'Linen shirts', 'Denim shirts']],
  ['Sneakers', 85, ['Running', 'Court', 'High tops']],
  ['Bags', 70, ['Totes', 'Backpacks', 'Crossbody', 'Clutches']],
  ['Ankle boots', 110, ['Chelsea', 'Lace-up', 'Heeled boots']],
];

const FASHION_TAGS = [
  'cotton',
  'linen',
  'wool',
  'leather',
  'denim',
  'silk',
  'recycled',
  'summer',
  'winter',
].concat(['casual', 'formal', 'sport', 'vintage', 'slim', 'oversized', 'organic', 'waterproof', 'handmade']);

const HOME: [department: string, segments: [string, number][], modifiers: string[]][] = [
  [
    'Kitchen',
    [
      ['Cookware', 60],
      ['Knives', 45],
      ['Small appliances', 90],
      ['Tableware', 30],
    ],
    ['Stainless', 'Ceramic', 'Cast iron', 'Non-stick', 'Compact', 'Professional'],
  ],
  [
    'Living room',
    [
      ['Sofas', 700],
      ['Coffee tables', 180],
      ['Lamps', 60],
      ['Rugs', 150],
    ],
    ['Modern', 'Rustic', 'Scandinavian', 'Industrial', 'Velvet', 'Oak'],
  ],
  [
    'Bedroom',
    [
      ['Beds', 500],
      ['Bedding', 70],
      ['Wardrobes', 400],
      ['Mattresses', 450],
    ],
    ['King', 'Queen', 'Single', 'Bunk', 'Linen', 'Memory foam'],
  ],
  [
    'Bathroom',
    [
      ['Towels', 25],
      ['Bath mats', 20],
      ['Mirrors', 80],
      ['Shower heads', 45],
    ],
    ['Cotton', 'Bamboo', 'Quick-dry', 'Round', 'Rainfall', 'Heated'],
  ],
  [
    'Garden',
    [
      ['Garden furniture', 250],
      ['Power tools', 120],
      ['Planters', 35],
      ['Grills', 300],
    ],
    ['Teak', 'Cordless', 'Terracotta', 'Gas', 'Charcoal', 'Folding'],
  ],
  [
    'Computers',
    [
      ['Laptops', 1100],
      ['Monitors', 300],
      ['Keyboards', 80],
      ['Storage drives', 110],
    ],
    ['Gaming', 'Ultrabook', '4K', 'Mechanical', 'SSD', 'Portable'],
  ],
  [
    'Phones',
    [
      ['Smartphones', 700],
      ['Phone cases', 25],
      ['Chargers', 30],
      ['Power banks', 40],
    ],
    ['Flagship', 'Budget', 'Rugged', 'Wireless', 'Fast', 'Slim'],
  ],
  [
    'Audio & TV',
    [
      ['Televisions', 800],
      ['Speakers', 150],
      ['Headphones', 120],
      ['Soundbars', 250],
    ],
    ['OLED', 'Bluetooth', 'Noise-cancelling', 'Studio', 'Smart', 'Outdoor'],
  ],
  [
    'Gaming',
    [
      ['Consoles', 450],
      ['Controllers', 60],
      ['Video games', 55],
      ['Gaming chairs', 250],
    ],
    ['Retro', 'Pro', 'Racing', 'Handheld', 'Ergonomic', 'Limited edition'],
  ],
  [
    'Smart home',
    [
      ['Smart lighting', 40],
      ['Smart plugs', 20],
      ['Security cameras', 90],
      ['Thermostats', 180],
    ],
    ['Wi-Fi', 'Zigbee', 'Outdoor', 'Indoor', 'Colour', 'Voice-controlled'],
  ],
];

const HOME_TAGS = [
  'wireless',
  'energy-saving',
  'compact',
  'premium',
  'eco',
  'bestseller',
  'new',
  'bundle',
].concat(['black', 'white', 'grey', 'wood', 'metal', 'glass', 'warranty-3y', 'refurbished', 'gift', 'sale']);

function fashionProfile(): StoreProfile {
  const segments = FASHION.map(([label, medianPrice, leaves], i) => ({
    labels: [label],
    id: FASHION_CLASS_IDS[i] as string,
    medianPrice,
    leaves,
  }));
  return { name: 'fashion', currency: 'EUR', segments, tags: FASHION_TAGS };
}

function homeProfile(): StoreProfile {
  const segments: SegmentSpec[] = [];
  for (const [department, list, modifiers] of HOME) {
    for (const [label, medianPrice] of list) {
      const lower = label.toLowerCase();
      segments.push({
        labels: [department, label],
        id: categoryIdOf([department, label]),
        medianPrice,
        leaves: modifiers.map((m) => `${m} ${lower}`),
      });
    }
  }
  return { name: 'home', currency: 'USD', segments, tags: HOME_TAGS };
}

/**
 * The profile of a store.
 *
 * @example
 * storeProfile('home').segments.length; // 40
 */
export function storeProfile(name: StoreName): StoreProfile {
  return name === 'home' ? homeProfile() : fashionProfile();
}

/** Id of leaf `leaf` of `segment`: the segment's id and the leaf's slug. */
export function leafId(segment: SegmentSpec, leaf: number): string {
  return `${segment.id}/${categorySlug(segment.leaves[leaf] as string)}`;
}
