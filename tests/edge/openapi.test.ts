/** /openapi.json is an OpenAPI 3.1 document generated from the shared zod schemas. */
import { describe, expect, it } from 'vitest';
import { call } from './support/fixture.ts';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

describe('GET /openapi.json', () => {
  it('lists every route with its method', async () => {
    const { status, body } = await call<OpenApi>('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths['/v1/users/{userId}/recommendations'] ?? {})).toEqual(['get']);
    expect(Object.keys(body.paths['/v1/recommendations'] ?? {})).toEqual(['post']);
    expect(Object.keys(body.paths['/v1/items/{itemId}/similar'] ?? {})).toEqual(['get']);
    expect(Object.keys(body.paths['/v1/health'] ?? {})).toEqual(['get']);
    expect(Object.keys(body.paths['/openapi.json'] ?? {})).toEqual(['get']);
  });

  it('derives parameters and bodies from the zod schemas', async () => {
    const { body } = await call<OpenApi>('/openapi.json');
    const params = body.paths['/v1/users/{userId}/recommendations']?.get?.parameters ?? [];
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:userId', 'query:k', 'query:category', 'query:exclude', 'query:nprobe']),
    );
    const session = body.components.schemas.SessionRecommendationRequest;
    expect(Object.keys(session?.properties ?? {})).toEqual(
      expect.arrayContaining(['items', 'userId', 'k', 'excludeSeen']),
    );
    const response = body.components.schemas.RecommendationResponse;
    expect(response?.required).toEqual(expect.arrayContaining(['modelVersion', 'strategy', 'items']));
    expect(JSON.stringify(body)).not.toContain('"$schema"');
    for (const path of Object.values(body.paths)) {
      for (const op of Object.values(path)) expect(op.responses['200']).toBeDefined();
    }
  });
});
