/**
 * The generator Worker's wire format (edge/generator, reached by the creative Worker through its
 * `GENERATOR` service binding). The creative Worker names the manifest's generator section in
 * every call, so the generator Worker needs no manifest of its own and never draws with a model
 * other than the one the banner's manifest lists. Errors come back as `ErrorBody` with the
 * status of their kind; the creative Worker turns them into the same `AppError` again.
 */
import * as z from 'zod';
import { GeneratorSection } from './creatives.ts';

/** Largest batch one call may ask for (a banner asks for one; the library renders in Node). */
export const GENERATE_MAX_IMAGES = 64;

/** `POST /v1/sessions`: open the section's model (download, verify, create the session). */
export const GeneratorSessionRequest = z.object({ generator: GeneratorSection });
export type GeneratorSessionRequest = z.infer<typeof GeneratorSessionRequest>;

/** The answer to `POST /v1/sessions`: the model is ready to draw. */
export const GeneratorSessionResponse = z.object({
  sha256: z.string(),
  imageSide: z.number().int().positive(),
});
export type GeneratorSessionResponse = z.infer<typeof GeneratorSessionResponse>;

/** `POST /v1/generate`: one image per request, "category c, seed s" as in the batch library. */
export const GenerateRequest = GeneratorSessionRequest.extend({
  requests: z
    .array(z.object({ category: z.string().min(1), seed: z.number().int().nonnegative() }))
    .min(1)
    .max(GENERATE_MAX_IMAGES),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

/**
 * The headers of a `POST /v1/generate` answer, whose body is the images' float32 values back to
 * back (`count` × side × side × channels, row-major HWC, little-endian: the byte order of every
 * Workers host, so neither side converts).
 */
export const GeneratedImagesHeaders = z.object({
  'x-vitrine-images': z.coerce.number().int().positive(),
  'x-vitrine-image-side': z.coerce.number().int().positive(),
  'x-vitrine-channels': z.coerce.number().pipe(z.union([z.literal(1), z.literal(3)])),
});
export type GeneratedImagesHeaders = z.infer<typeof GeneratedImagesHeaders>;
