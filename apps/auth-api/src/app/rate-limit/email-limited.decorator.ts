import { SetMetadata } from '@nestjs/common';

export const EMAIL_LIMITED = 'emailLimited';

/** Applies the per-email limit (RATE_LIMIT_EMAIL_*) to a route whose body carries `email`. */
export const EmailLimited = () => SetMetadata(EMAIL_LIMITED, true);
