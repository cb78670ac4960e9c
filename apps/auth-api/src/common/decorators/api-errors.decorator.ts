import { ErrorResponse } from '@gatehouse/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

/** Documents the error answers of a route, all in the shared ErrorResponse shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorResponse, description: STATUS_CODES[status] }),
    ),
  );
