/**
 * The OpenAPI 3.1 document of the recommend Worker, assembled in code from the same zod
 * schemas the routes validate with (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1
 * uses as is). Nothing here restates a field: adding one to a shared schema adds it here.
 */

import * as z from 'zod';
import {
  CategoryId,
  CreativeLibraryResponse,
  CreativeQuery,
  ErrorBody,
  EventIngestRequest,
  EventIngestResponse,
  HealthResponse,
  Id,
  ItemCreativeQuery,
  RecommendationQuery,
  RecommendationResponse,
  SessionRecommendationRequest,
  SimilarQuery,
} from '#shared/schemas';

import { adminPaths, securitySchemes, userTokenErrors, userTokenParameters } from './access.ts';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of `schema` without the `$schema` key (OpenAPI components must not carry it). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query parameters from an object schema: one parameter per property. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: s.required?.includes(name) ?? false,
    schema: property,
    ...(name === 'exclude' ? { description: 'comma-separated item ids' } : {}),
  }));
}

function pathParameter(name: string, schema: z.ZodType = Id): JsonSchema {
  return { name, in: 'path', required: true, schema: jsonSchema(schema, 'input') };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = {
  '400': json('ErrorBody', 'invalid request; `error.field` names the offending field'),
  '404': json('ErrorBody', 'unknown route or item'),
};
const serverTiming = {
  'Server-Timing': {
    description: 'phase durations: manifest, user, route, fetch, scan, filter, fallback',
    schema: { type: 'string' },
  },
};
const recommendations = { ...json('RecommendationResponse', 'ranked items'), headers: serverTiming };
/** Routes answered by the creative Worker behind the CREATIVES binding (creatives/forward.ts). */
const forwarded = {
  '503': json('ErrorBody', 'this deployment has no creative Worker (CREATIVES binding) or it is unreachable'),
};
const png = (description: string) => ({
  description,
  content: { 'image/png': {}, 'image/svg+xml': {} },
});

/**
 * Builds the document (call once per isolate and cache it).
 *
 * @example
 * const doc = buildOpenApiDocument(); // { openapi: '3.1.0', paths: { '/v1/health': … } }
 */
export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vitrine recommend API',
      version: '1',
      description:
        'Top-k recommendations at the edge. Never a 5xx for a valid request: degraded answers say why.',
    },
    paths: {
      '/v1/users/{userId}/recommendations': {
        get: {
          operationId: 'recommendForUser',
          summary: 'Personalised top-k for a known user (fallback list for an unknown one)',
          parameters: [
            pathParameter('userId'),
            ...queryParameters(RecommendationQuery),
            ...userTokenParameters,
          ],
          responses: { '200': recommendations, ...errors, ...userTokenErrors },
        },
      },
      '/v1/recommendations': {
        post: {
          operationId: 'recommendForSession',
          summary: 'Top-k for a session: its items are folded into a user vector on the fly',
          parameters: userTokenParameters,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('SessionRecommendationRequest') } },
          },
          responses: {
            '200': recommendations,
            ...errors,
            ...userTokenErrors,
            '413': json('ErrorBody', 'body too large'),
          },
        },
      },
      '/v1/items/{itemId}/similar': {
        get: {
          operationId: 'similarItems',
          summary: 'Items similar to an item (inner product of embeddings)',
          parameters: [pathParameter('itemId'), ...queryParameters(SimilarQuery)],
          responses: { '200': recommendations, ...errors },
        },
      },
      '/v1/creatives/{category}': {
        get: {
          operationId: 'creative',
          summary:
            'A banner for a category drawn by the current generator (same inputs and model → same bytes, ' +
            'strong ETag); served by the creative Worker; falls back to the prebuilt library',
          parameters: [pathParameter('category', CategoryId), ...queryParameters(CreativeQuery)],
          responses: { '200': png('PNG banner of the asked size'), ...errors, ...forwarded },
        },
      },
      '/v1/creatives/items/{itemId}': {
        get: {
          operationId: 'itemCreative',
          summary:
            "One catalogue item's banner: its title, price (in its currency) and brand, the brand kit's CTA " +
            'and colours, its own picture or a generator variant; served by the creative Worker',
          parameters: [pathParameter('itemId'), ...queryParameters(ItemCreativeQuery)],
          responses: {
            '200': png('PNG (or SVG, format=svg) banner of the asked size'),
            ...errors,
            ...forwarded,
          },
        },
      },
      '/v1/creatives/library/{category}': {
        get: {
          operationId: 'creativeLibrary',
          summary: 'The prebuilt creatives of a category, with their immutable URLs',
          parameters: [pathParameter('category', CategoryId)],
          responses: {
            '200': json('CreativeLibraryResponse', 'prebuilt banners of the live model version'),
            ...errors,
            ...forwarded,
          },
        },
      },
      '/v1/blobs/{sha256}': {
        get: {
          operationId: 'creativeBlob',
          summary: 'A prebuilt creative by content hash (Cache-Control: immutable)',
          parameters: [
            {
              name: 'sha256',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            },
          ],
          responses: { '200': png('the PNG whose sha256 is the path'), ...errors, ...forwarded },
        },
      },
      '/v1/events': {
        post: {
          operationId: 'ingestEvents',
          summary:
            'Behaviour events from a storefront (publishable key + allowed Origin); stored once per eventId',
          parameters: [
            {
              name: 'key',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: 'publishable key (or X-Vitrine-Key)',
            },
            { name: 'X-Vitrine-Key', in: 'header', required: false, schema: { type: 'string' } },
            ...userTokenParameters,
          ],
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: ref('EventIngestRequest') },
              'application/json': { schema: ref('EventIngestRequest') },
            },
          },
          responses: {
            '200': json(
              'EventIngestResponse',
              'stored (accepted), already stored (duplicates) and rejected events',
            ),
            '400': json(
              'EventIngestResponse',
              'malformed body, or no valid event (ErrorBody fields plus the per-event reasons)',
            ),
            '401': json('ErrorBody', 'missing or unknown publishable key'),
            '403': json('ErrorBody', 'Origin not allowed for the key'),
            '413': json('ErrorBody', 'body over EVENTS_MAX_BODY_BYTES'),
            '429': json(
              'ErrorBody',
              'rate limit of the key, the client address or the session reached; see Retry-After',
            ),
            '503': json('ErrorBody', 'not stored; retry the batch (retries are deduplicated)'),
          },
        },
      },
      '/widget.js': {
        get: {
          operationId: 'widget',
          summary: 'The <vitrine-recs> web component (cached for a day, ETag revalidation)',
          responses: { '200': { description: 'JavaScript', content: { 'text/javascript': {} } } },
        },
      },
      '/v1/health': {
        get: {
          operationId: 'health',
          summary: 'Model version, manifest age, cache statistics',
          responses: { '200': json('HealthResponse', 'health') },
        },
      },
      ...adminPaths,
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      securitySchemes,
      schemas: {
        SessionRecommendationRequest: jsonSchema(SessionRecommendationRequest, 'input'),
        RecommendationResponse: jsonSchema(RecommendationResponse, 'output'),
        HealthResponse: jsonSchema(HealthResponse, 'output'),
        ErrorBody: jsonSchema(ErrorBody, 'output'),
        EventIngestRequest: jsonSchema(EventIngestRequest, 'input'),
        EventIngestResponse: jsonSchema(EventIngestResponse, 'output'),
        CreativeLibraryResponse: jsonSchema(CreativeLibraryResponse, 'output'),
      },
    },
  };
}
