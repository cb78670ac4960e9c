/** The slice of an OpenAPI 3 document the campaign reads, and its operations. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
}

interface RawOperation {
  operationId: string;
  parameters?: {
    name: string;
    in: 'path' | 'query' | 'header';
    required?: boolean;
    schema?: Schema;
  }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
  tags?: string[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/users/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The body's object schema (resolved), when the operation takes one. */
  body?: { schema: Schema; required: boolean };
  /** The statuses the document lists for the operation. */
  statuses: Set<number>;
  secured: boolean;
  tags: string[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Follows `$ref` and single-entry `allOf`, keeping the outer keywords (min, max, default). */
export function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  const { $ref, allOf, ...own } = schema;
  let inner: Schema = {};
  if ($ref) inner = resolve(document, document.components.schemas[$ref.split('/').pop() ?? '']);
  else if (allOf?.length === 1) inner = resolve(document, allOf[0]);
  const merged: Schema = { ...inner, ...own };
  if (merged.properties) {
    merged.properties = Object.fromEntries(
      Object.entries(merged.properties).map(([name, p]) => [name, resolve(document, p)]),
    );
  }
  if (merged.items) merged.items = resolve(document, merged.items);
  return merged;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => METHODS.has(method))
      .map(([method, raw]) => {
        const params = raw.parameters ?? [];
        const of = (where: string) =>
          params
            .filter((p) => p.in === where)
            .map((p) => ({ name: p.name, schema: resolve(document, p.schema) }));
        const content = raw.requestBody?.content['application/json'];
        return {
          operationId: raw.operationId,
          method: method.toUpperCase(),
          path,
          pathParams: of('path'),
          queryParams: of('query'),
          body: content
            ? {
                schema: resolve(document, content.schema),
                required: raw.requestBody?.required ?? false,
              }
            : undefined,
          statuses: new Set(Object.keys(raw.responses).map(Number)),
          secured: (raw.security?.length ?? 0) > 0,
          tags: raw.tags ?? [],
        };
      }),
  );
}
