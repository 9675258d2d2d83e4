/** The JSON body of every error response. */
import * as z from 'zod';
import { ERROR_KINDS } from '../errors/errors.ts';

export const ErrorBody = z.object({
  error: z.object({
    kind: z.enum(ERROR_KINDS),
    message: z.string(),
    /** The request field at fault (dotted path), for invalid_argument. */
    field: z.string().optional(),
    /** On 5xx answers: the id of this request in the server's logs (also `X-Request-Id`). */
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
