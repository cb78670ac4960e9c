import { HttpException } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, registerJsonBodyParser, registerQueryCheck } from './request-input';

/** A bare Fastify with the parser and an echo route; errors answered as status + message. */
async function echoServer(): Promise<FastifyInstance> {
  const fastify = Fastify();
  registerJsonBodyParser(fastify, 1024 * 1024);
  registerQueryCheck(fastify);
  fastify.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpException)
      void reply.status(error.getStatus()).send(error.getResponse());
    else void reply.status(500).send({ message: String(error) });
  });
  fastify.post('/echo', (request) => ({ body: request.body, query: request.query }));
  await fastify.ready();
  return fastify;
}

const nestedArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('request input', () => {
  let fastify: FastifyInstance;
  beforeAll(async () => (fastify = await echoServer()));
  afterAll(() => fastify.close());

  const post = (payload: string, url = '/echo', type = 'application/json') =>
    fastify.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });

  it(`takes nesting up to ${MAX_JSON_DEPTH} levels and refuses one more`, async () => {
    expect((await post(nestedArray(MAX_JSON_DEPTH))).statusCode).toBe(200);
    const deeper = await post(nestedArray(MAX_JSON_DEPTH + 1));
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json().message).toBe(`body nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('inspects a body nested far past the stack without overflowing', async () => {
    expect((await post(nestedArray(200_000))).statusCode).toBe(400);
  });

  it('names the field holding a lone surrogate or NUL, at any depth', async () => {
    const answer = await post('{"a":{"b":["ok","\\ud800"]},"c":"x\\u0000"}');
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'a.b.1', messages: [expect.stringMatching(/well-formed Unicode/)] },
        { field: 'c', messages: ['c must not contain NUL (U+0000)'] },
      ]),
    );
  });

  it('keeps surrogate pairs and ordinary control-free text', async () => {
    const answer = await post('{"name":"Zoë \\ud83d\\ude00 \\u202e"}');
    expect(answer.statusCode).toBe(200);
    expect(answer.json().body).toEqual({ name: 'Zoë 😀 \u202e' });
  });

  it('checks query values, repeated ones included', async () => {
    const answer = await post('{}', '/echo?q=ok&q=%00');
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([
      { field: 'q', messages: ['q must not contain NUL (U+0000)'] },
    ]);
  });

  it('refuses other media types with 415', async () => {
    expect((await post('a=b', '/echo', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  });
});
