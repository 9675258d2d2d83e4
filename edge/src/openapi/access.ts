/**
 * The access-controlled parts of the OpenAPI document: the user token that personalised routes
 * take, and the admin routes (bearer secret). Kept apart from document.ts so each stays short.
 */
import * as z from 'zod';
import { DeleteUsersAccepted, DeleteUsersBody } from '#shared/schemas';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return rest;
};

const TOKEN_DOC =
  "signed user token for the path's or body's userId (format: README, Threat model); not needed for anonymous session:<id> users";

/** Where a user token may travel (header, or query for links; events also take it in the body). */
export const userTokenParameters: JsonSchema[] = [
  {
    name: 'X-Vitrine-User-Token',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: TOKEN_DOC,
  },
  {
    name: 'userToken',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: `${TOKEN_DOC}; for links and curl only — request logs keep URLs (events: send it in the body)`,
  },
];

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

/** Responses every token-checked route adds. */
export const userTokenErrors = {
  '401': errorRef('a userId without a valid user token (missing, forged or expired)'),
  '403': errorRef('the user token is for another user'),
};

export const adminPaths = {
  '/v1/admin/users/delete': {
    post: {
      operationId: 'deleteUsers',
      summary:
        "Files a user-deletion request (privacy/deletions/…) that the next pipeline run applies: the users' events and vectors are removed",
      security: [{ adminSecret: [] }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: schemaOf(DeleteUsersBody, 'input') } },
      },
      responses: {
        '202': {
          description: 'stored; applied by the next pipeline run',
          content: { 'application/json': { schema: schemaOf(DeleteUsersAccepted, 'output') } },
        },
        '400': errorRef('malformed body (names the field)'),
        '401': errorRef('missing or wrong Authorization: Bearer <ADMIN_SECRET>'),
        '503': errorRef('the bucket could not store the request; retry'),
      },
    },
  },
};

export const securitySchemes = {
  adminSecret: { type: 'http', scheme: 'bearer', description: 'the ADMIN_SECRET Workers secret' },
};
