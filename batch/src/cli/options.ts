/**
 * Option schemas more than one command takes, defined once so their flag, default and help text
 * cannot drift apart between `train`, `eval` and `pipeline`.
 */
import { z } from 'zod';

/** `--eval-users N`: evaluation on a seeded sample of N users (evaluation cost grows with users × items). */
export const EvalUsersOption = z.coerce
  .number()
  .int()
  .min(0)
  .default(0)
  .describe('evaluate a seeded sample of this many users (0 = all)');
