import { applyDecorators, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiBody, ApiHeader, ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject, type SchemaObject, type SecuritySchemeObject } from '@nestjs/swagger';
import { z } from 'zod';
import type { Problem } from './problem';

/**
 * OpenAPI documents generated from the code: @nestjs/swagger reads the routes, the decorators
 * below add bodies, answers and errors. Where a controller validates with zod the schema comes
 * from that zod schema (`z.toJSONSchema`), so the contract cannot say something the code does not.
 */

export const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** RFC 9457 problem details, as `ProblemFilter` renders every error. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details. Every 4xx and 5xx answer has this body, as application/problem+json.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'a URI naming the kind of problem (`about:blank` when the title says it)', example: 'https://switchback.dev/problems/invalid-message' },
    title: { type: 'string', description: 'short summary of the kind of problem' },
    status: { type: 'integer', description: 'the HTTP status code' },
    detail: { type: 'string', description: 'what went wrong with this request (never echoes submitted values)' },
    errors: {
      type: 'array',
      description: 'the bad fields of a rejected request',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
};

/** The OpenAPI 3.0 schema of a zod schema: what a request must look like (`input`) or what an answer is (`output`). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json as SchemaObject;
}

/**
 * A zod schema that documents the TS type `T` of an answer: the compiler checks that what the
 * schema describes is a `T`, so the documented shape cannot drift from the code's type unnoticed.
 */
export const describes =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S): S =>
    schema;

const examplesOf = (examples: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }]));

/** A JSON request body validated by `schema`, with named examples. */
export const ApiZodBody = (schema: z.ZodType, examples: Readonly<Record<string, unknown>>, description?: string): MethodDecorator =>
  ApiBody({ required: true, schema: openApiSchema(schema), examples: examplesOf(examples), ...(description ? { description } : {}) });

/** A success answer described by a zod schema (documentation of a TS interface: keep the two together). */
export const ApiZodResponse = (status: number, description: string, schema: z.ZodType, example: unknown, headers?: Readonly<Record<string, { description: string; schema: SchemaObject }>>) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: openApiSchema(schema, 'output'), example } }, ...(headers ? { headers } : {}) });

/** A success answer without a body (204). */
export const ApiEmptyResponse = (status: number, description: string) => ApiResponse({ status, description });

/** One error answer: its problem documents (examples named by their type's last segment). */
export const ApiProblem = (status: number, description: string, ...examples: readonly Problem[]) =>
  ApiResponse({
    status,
    description,
    content: {
      [PROBLEM_JSON]: {
        schema: PROBLEM_REF,
        ...(examples.length === 0 ? {} : { examples: Object.fromEntries(examples.map((example) => [exampleName(example), { summary: example.title, value: example }])) }),
      },
    },
  });

const exampleName = (problem: Problem): string => (problem.type === 'about:blank' ? problem.title : (problem.type.split('/').pop() ?? problem.title)).replace(/[^A-Za-z0-9_-]/g, '_');

/** A required request header (e.g. Idempotency-Key). */
export const ApiRequiredHeader = (name: string, description: string, schema: SchemaObject) => applyDecorators(ApiHeader({ name, description, required: true, schema }));

export interface ServiceApiInfo {
  readonly title: string;
  readonly description: string;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
}

/** Paths that are not the service's API: probes and scrapes (docs/operations.md documents them). */
const NOT_API = /^\/(health\/|metrics$)/;

/**
 * The OpenAPI document of an app's routes (probes excluded), with the Problem component.
 * `include` keeps only some paths: one document per listener (routing's admin port).
 */
export function buildOpenApiDocument(app: INestApplication, info: ServiceApiInfo, include: (path: string) => boolean = () => true): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(info.title).setDescription(info.description).setVersion('1.0.0');
  for (const [name, scheme] of Object.entries(info.securitySchemes)) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => !NOT_API.test(path) && include(path)));
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const item of Object.values(document.paths)) for (const operation of Object.values(item) as { responses?: Record<string, unknown> }[]) {
    // Whatever else fails, the platform answers a problem document.
    if (operation.responses && !operation.responses['500']) operation.responses['500'] = { description: 'unexpected error', content: { [PROBLEM_JSON]: { schema: PROBLEM_REF } } };
  }
  const used = new Set(Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((operation: { tags?: string[] }) => operation.tags ?? [])));
  document.tags = (document.tags ?? []).filter((tag) => used.has(tag.name));
  return document;
}

/** JSON with every object's keys sorted and a final newline: the committed form (readable diffs). */
export function stableJson(value: unknown): string {
  const sorted = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sorted);
    if (item && typeof item === 'object') return Object.fromEntries(Object.keys(item).sort().map((key) => [key, sorted((item as Record<string, unknown>)[key])]));
    return item;
  };
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

/**
 * A service's OpenAPI documents by name (`docs/api/<name>.openapi.json`); `documentFor` picks the
 * one a request to `/openapi.json` gets (default: the first), e.g. by the listener it arrived on.
 */
export interface ServiceOpenApi {
  documents(app: INestApplication): Readonly<Record<string, OpenAPIObject>>;
  documentFor?(request: object): string;
}

interface JsonResponse {
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

/** Serves `GET /openapi.json` (no credential: the contract is not a secret). */
export function serveOpenApi(app: INestApplication, openApi: ServiceOpenApi): void {
  const documents = Object.fromEntries(Object.entries(openApi.documents(app)).map(([name, document]) => [name, stableJson(document)]));
  const first = Object.keys(documents)[0];
  app.getHttpAdapter().get('/openapi.json', (request: object, response: JsonResponse) => {
    const name = openApi.documentFor?.(request) ?? first;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end((name && documents[name]) ?? '{}');
  });
}

/**
 * The documents of an app module without starting it: Nest's preview mode builds the module
 * graph and the routes but instantiates nothing, so no broker, database or cache is needed.
 */
export async function previewOpenApi(module: DynamicModule, openApi: ServiceOpenApi): Promise<Record<string, string>> {
  const app = await NestFactory.create(module, { preview: true, logger: false, abortOnError: false });
  try {
    return Object.fromEntries(Object.entries(openApi.documents(app)).map(([name, document]) => [name, stableJson(document)]));
  } finally {
    await app.close();
  }
}
