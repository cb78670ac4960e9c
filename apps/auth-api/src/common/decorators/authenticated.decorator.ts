import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

/** Marks a route as needing a bearer token in the docs (the global guard enforces it). */
export const Authenticated = () => applyDecorators(ApiBearerAuth(), ApiErrors(401));
