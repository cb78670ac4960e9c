import { ErrorResponse } from '@gatehouse/contracts';
import type { Permission } from '@gatehouse/domain';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';

export const REQUIRED_PERMISSIONS = 'requiredPermissions';

/** The caller must hold every listed permission (via their roles); 403 otherwise. */
export const RequirePermission = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    ApiForbiddenResponse({
      type: ErrorResponse,
      description: `Requires: ${permissions.join(', ')}`,
    }),
  );
