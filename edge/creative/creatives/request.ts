/**
 * A validated creative request: everything that determines the bytes of an on-demand category
 * banner for one model and brand kit.
 */
import type { CreativeFormat, CreativeSize, CreativeTemplate } from '#shared/schemas';

export interface CreativeRequest {
  /** A category id (one of the generator's, else the banner falls back). */
  category: string;
  seed: number;
  size: CreativeSize;
  template: CreativeTemplate;
  format: CreativeFormat;
}
