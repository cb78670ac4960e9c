import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
export const OPTIONAL_AUTH = 'optionalAuth';

/** Opts a route out of the global bearer-token guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Public, but a bearer token sent along is checked and names the caller (refused if invalid):
 * for routes whose anonymous and signed-in uses differ, such as starting single sign-on.
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);
