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
    expect(Object.keys(body.paths['/v1/admin/users/delete'] ?? {})).toEqual(['post']);
    for (const forwarded of [
      '/v1/creatives/{category}',
      '/v1/creatives/library/{category}',
      '/v1/blobs/{sha256}',
    ]) {
      expect(Object.keys(body.paths[forwarded] ?? {})).toEqual(['get']);
    }
  });

  it('documents the creative queries (category and item) from the shared schemas, with the 503 of a missing creative Worker', async () => {
    const { body } = await call<OpenApi>('/openapi.json');
    // Both routes take the banner query (CreativeQuery); the item route adds its own two.
    const banner = ['query:seed', 'query:size', 'query:template', 'query:format'];
    const op = body.paths['/v1/creatives/{category}']?.get;
    expect(op?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:category', ...banner]);
    expect(op?.responses['503']).toBeDefined();
    const item = body.paths['/v1/creatives/items/{itemId}']?.get;
    expect(item?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:itemId',
      ...banner,
      'query:picture',
      'query:lang',
    ]);
    expect(item?.responses['503']).toBeDefined();
    expect(Object.keys(body.components.schemas.CreativeLibraryResponse?.properties ?? {})).toEqual(
      expect.arrayContaining(['modelVersion', 'category', 'creatives']),
    );
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
      // Every operation documents its success answer (200, or 202 for the admin route's accepted request).
      for (const op of Object.values(path))
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
    }
  });

  it('documents the user token of personalised routes and the admin route with its secret', async () => {
    const { body } = await call<OpenApi>('/openapi.json');
    const user = body.paths['/v1/users/{userId}/recommendations']?.get;
    expect(user?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['X-Vitrine-User-Token', 'userToken']),
    );
    expect(Object.keys(user?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
    const admin = body.paths['/v1/admin/users/delete']?.post as unknown as {
      responses: Record<string, unknown>;
      security: unknown;
    };
    expect(Object.keys(admin.responses)).toEqual(expect.arrayContaining(['202', '401']));
    expect(admin.security).toEqual([{ adminSecret: [] }]);
  });
});
