import type { OpenAPIObject } from '@nestjs/swagger';
import { withPlatformErrors } from './platform-errors';

const documentWith = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
});

const statusesOf = (document: OpenAPIObject, path: string, method: 'get' | 'post' | 'delete') =>
  Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();

describe(withPlatformErrors.name, () => {
  it('adds the statuses the HTTP layer answers, by what each operation can receive', () => {
    const sut = withPlatformErrors(
      documentWith({
        '/things': { get: { responses: { '200': { description: 'ok' } } } },
        '/things/{id}': {
          delete: {
            parameters: [{ name: 'id', in: 'path', required: true }],
            responses: { '204': { description: 'gone' } },
          },
        },
        '/health': { get: { responses: { '200': { description: 'ok' } } } },
        '/health/live': { get: { responses: { '200': { description: 'ok' } } } },
      }),
    );
    expect(statusesOf(sut, '/things', 'get')).toEqual(['200', '400', '408', '429', '431', '503']);
    expect(statusesOf(sut, '/things/{id}', 'delete')).toEqual(
      ['204', '400', '408', '413', '414', '415', '429', '431', '503'].sort(),
    );
    // Probes are not rate limited.
    expect(statusesOf(sut, '/health', 'get')).toEqual(['200', '400', '408', '431', '503']);
    // Liveness answers from memory: no dependency can make it a 503.
    expect(statusesOf(sut, '/health/live', 'get')).toEqual(['200', '400', '408', '431']);
  });

  it('keeps what a route documents itself, in the error shape otherwise', () => {
    const own = { description: 'EMAIL_TAKEN and others' };
    const sut = withPlatformErrors(
      documentWith({ '/things': { post: { responses: { '400': own } } } }),
    );
    const responses = sut.paths['/things']?.post?.responses ?? {};
    expect(responses['400']).toBe(own);
    expect(responses['415']).toEqual({
      description: 'The body is not application/json',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
    });
  });
});
