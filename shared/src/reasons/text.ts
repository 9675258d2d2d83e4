/**
 * The one-line wording of a reason code for people (the widget's optional reason line). Plain
 * text, English; the evidence item is named by its title when the caller knows it. Category ids
 * are slugs (`women/t-shirts`), so the last level is shown with its dashes as spaces.
 */
import type { Reason } from '../schemas/api.ts';

const leaf = (category: string | undefined): string | undefined =>
  category?.split('/').pop()?.replaceAll('-', ' ');

/**
 * The sentence for `reason`; `titleOf` names an item id when the page knows its title.
 *
 * @example
 * reasonText({ code: 'popular_in_category', category: 'home/kitchen-knives', rank: 2 }, () => undefined);
 * // 'Popular in kitchen knives'
 */
export function reasonText(reason: Reason, titleOf: (itemId: string) => string | undefined): string {
  switch (reason.code) {
    case 'because_viewed': {
      const title = titleOf(reason.itemId);
      return title === undefined ? 'Based on what you viewed' : `Because you viewed ${title}`;
    }
    case 'similar_to':
      return 'Similar to this item';
    case 'popular_in_category': {
      const name = leaf(reason.category);
      return name === undefined ? 'Popular right now' : `Popular in ${name}`;
    }
    case 'new_in_category': {
      const name = leaf(reason.category);
      return name === undefined ? 'New' : `New in ${name}`;
    }
    case 'picked_for_you':
      return 'Picked for you';
  }
}
