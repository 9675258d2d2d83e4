/**
 * A validated creative request: everything that determines the bytes of an on-demand banner
 * for one model (the copy is the category's default).
 */
import type { Category, CreativeSize, CreativeTemplate } from '#shared/schemas';

export interface CreativeRequest {
  category: Category;
  seed: number;
  size: CreativeSize;
  template: CreativeTemplate;
}
