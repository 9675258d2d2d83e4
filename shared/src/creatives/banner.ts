/**
 * A banner as an element tree for satori (the `{ type, props }` shape React elements have, built
 * without React): picture, brand line, title, price and call to action, laid out by flexbox for
 * the slot's size, coloured by the brand kit and template. Pure data; engine.ts renders it.
 */
import type { BannerCopy, BrandKit, CreativeSize, CreativeTemplate } from '#shared/schemas';
import { type BannerColors, bannerColors } from './brand.ts';
import { BANNER_FONT_NAMES, LAYOUTS, type Layout } from './layouts.ts';

type Style = Record<string, string | number>;

/** One element of the tree. */
export interface BannerNode {
  type: 'div' | 'img';
  props: {
    style: Style;
    children?: (BannerNode | string)[] | string;
    src?: string;
    width?: number;
    height?: number;
  };
}

export interface BannerSpec {
  size: CreativeSize;
  template: CreativeTemplate;
  kit: BrandKit;
  copy: BannerCopy;
  /** The picture as an image URL (a PNG data URL resampled to the layout's box); none: empty box. */
  picture: string | undefined;
}

const div = (style: Style, children: (BannerNode | string)[] | string): BannerNode => ({
  type: 'div',
  props: { style, children },
});

/** One line of text, ellipsised when it does not fit. */
const line = (text: string, style: Style): BannerNode =>
  div(
    {
      display: 'block',
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      maxWidth: '100%',
      ...style,
    },
    text,
  );

function pictureBox(spec: BannerSpec, layout: Layout): BannerNode {
  const side = layout.picture;
  if (spec.picture === undefined)
    return div({ width: side, height: side, display: 'flex', flexShrink: 0 }, []);
  return {
    type: 'img',
    props: {
      src: spec.picture,
      width: side,
      height: side,
      // No radius or background: either makes satori wrap the image in a clip path and mask,
      // which resvg renders as separate layers (~3× the banner's raster time, docs/benchmarks.md).
      style: { flexShrink: 0 },
    },
  };
}

function logo(kit: BrandKit, height: number, position: Style): BannerNode[] {
  if (kit.logo === undefined) return [];
  const width = Math.round((kit.logo.width / kit.logo.height) * height);
  return [
    {
      type: 'img',
      props: { src: kit.logo.src, width, height, style: { position: 'absolute', ...position } },
    },
  ];
}

function button(text: string, layout: Layout, colors: BannerColors): BannerNode {
  const size = layout.type.cta;
  return line(text, {
    flexShrink: 0,
    backgroundColor: colors.button,
    color: colors.buttonText,
    fontSize: size,
    fontWeight: 700,
    borderRadius: 6,
    padding: `${Math.round(size * 0.45)}px ${Math.round(size * 1.2)}px`,
  });
}

/** Brand, title and price lines of `copy`. */
function copyLines(copy: BannerCopy, layout: Layout, colors: BannerColors, withPrice: boolean): BannerNode[] {
  const { type } = layout;
  return [
    ...(copy.brand === undefined
      ? []
      : [line(copy.brand.toUpperCase(), { fontSize: type.brand, color: colors.muted, letterSpacing: 1 })]),
    line(copy.title, { fontSize: type.title, fontWeight: 700, color: colors.title, lineHeight: 1.25 }),
    ...(withPrice && copy.price !== undefined
      ? [line(copy.price, { fontSize: type.price, fontWeight: 700, color: colors.price })]
      : []),
  ];
}

/**
 * The canvas: a 1-pixel frame in the border colour around the card. The frame is the outer
 * box's background showing through a 1-pixel padding, not a CSS border: satori draws borders as
 * a stroked path under a mask, which resvg renders as an extra layer (~4× the raster time).
 */
function root(layout: Layout, colors: BannerColors, style: Style, children: BannerNode[]): BannerNode {
  const card = div(
    {
      display: 'flex',
      flexGrow: 1,
      position: 'relative',
      backgroundColor: colors.background,
      padding: layout.padding - 1,
      ...style,
    },
    children,
  );
  return div(
    {
      width: layout.width,
      height: layout.height,
      display: 'flex',
      boxSizing: 'border-box',
      fontFamily: BANNER_FONT_NAMES.latin,
      backgroundColor: colors.border,
      padding: 1,
    },
    [card],
  );
}

/**
 * The element tree of one banner.
 *
 * @example
 * const tree = bannerTree({ size: 'leaderboard', template: 'bold', kit, copy, picture: dataUrl });
 */
export function bannerTree(spec: BannerSpec): BannerNode {
  const layout = LAYOUTS[spec.size];
  const colors = bannerColors(spec.kit, spec.template);
  const gap = layout.padding;
  const picture = pictureBox(spec, layout);
  if (layout.direction === 'column') {
    return root(layout, colors, { flexDirection: 'column', alignItems: 'center' }, [
      ...logo(spec.kit, layout.logo, { top: gap, left: gap }),
      picture,
      div(
        { display: 'flex', flexDirection: 'column', alignItems: 'center', width: '100%', marginTop: 4 },
        copyLines(spec.copy, layout, colors, true),
      ),
      div({ display: 'flex', marginTop: 'auto' }, [button(spec.copy.cta, layout, colors)]),
    ]);
  }
  const wide = spec.size === 'leaderboard';
  const copy = div(
    {
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      flexGrow: 1,
      flexShrink: 1,
      flexBasis: 0,
      minWidth: 0,
      overflow: 'hidden',
      marginLeft: gap * 1.5,
      marginRight: gap,
    },
    wide
      ? copyLines(spec.copy, layout, colors, true)
      : [
          ...copyLines(spec.copy, layout, colors, false),
          div({ display: 'flex', alignItems: 'center', marginTop: 4 }, [
            ...(spec.copy.price === undefined
              ? []
              : [
                  line(spec.copy.price, {
                    fontSize: layout.type.price,
                    fontWeight: 700,
                    color: colors.price,
                    marginRight: gap,
                    flexShrink: 0,
                  }),
                ]),
            button(spec.copy.cta, layout, colors),
          ]),
        ],
  );
  const logoAt: Style = wide ? { top: gap, right: gap } : { top: gap, right: gap };
  return root(layout, colors, { flexDirection: 'row', alignItems: 'center' }, [
    ...logo(spec.kit, layout.logo, logoAt),
    picture,
    copy,
    ...(wide ? [button(spec.copy.cta, layout, colors)] : []),
  ]);
}
