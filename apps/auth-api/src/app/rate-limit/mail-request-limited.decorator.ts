import { SetMetadata } from '@nestjs/common';

export const MAIL_REQUEST_LIMITED = 'mailRequestLimited';

/**
 * Applies RATE_LIMIT_MAIL_REQUEST_* per client to a route that mails someone on request. The
 * requester is limited, not the address: no one can block another person's mails with it.
 */
export const MailRequestLimited = () => SetMetadata(MAIL_REQUEST_LIMITED, true);
