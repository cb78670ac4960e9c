import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';

function flatten(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Keys every object inherits (`toString`, `hasOwnProperty`, `constructor`, …) and `prototype`.
 * As own keys they shadow what class-transformer and the whitelist rely on, and slipped past
 * `forbidNonWhitelisted`: `{"hasOwnProperty":…}` was accepted as if it were not there.
 */
const BUILT_IN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The first built-in key at any depth (the body parser bounds the depth), with its path. */
function builtInKey(root: object): string | undefined {
  const stack: { value: object; path: string }[] = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: object; path: string };
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      if (BUILT_IN_KEYS.has(key)) return at;
      if (child !== null && typeof child === 'object') stack.push({ value: child, path: at });
    }
  }
  return undefined;
}

const refuse = (field: string, message: string) =>
  new BadRequestException({ message, errors: [{ field, messages: [message] }] });

/**
 * Strict input validation for every route: unknown fields are refused, values are transformed
 * into the DTO classes, and the 400 lists each field's problems. A body is a JSON object (an
 * absent one counts as `{}`, so required fields are still asked for), and no body or query
 * holds a built-in object key.
 */
class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype !== undefined && this.toValidate(metadata);
    if (dto && (metadata.type === 'body' || metadata.type === 'query')) {
      const input = metadata.type === 'body' && value === undefined ? {} : value;
      if (input === null || typeof input !== 'object' || Array.isArray(input))
        throw refuse('body', 'the request body must be a JSON object');
      const key = builtInKey(input);
      if (key !== undefined)
        throw refuse(key, `the ${metadata.type} must not hold the built-in key "${key}"`);
      return super.transform(input, metadata);
    }
    return super.transform(value, metadata);
  }
}

export const createValidationPipe = () =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        message: fields.flatMap((f) => f.messages).join('; ') || 'request is invalid',
        errors: fields,
      });
    },
  });
