import type { IdentityResponse, SsoProviderResponse } from '@gatehouse/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { AuthApiClient, type CallContext } from '../../auth-api/auth-api.client';

/** How long the provider list is reused: it changes only when auth-api is reconfigured. */
const CACHE_MS = 30_000;

/**
 * The providers auth-api offers, for the sign-in buttons. A page that shows buttons still
 * renders while auth-api cannot say (no buttons then): the password form works on its own.
 */
@Injectable()
export class SsoProviders {
  private readonly logger = new Logger(SsoProviders.name);
  private cached?: { at: number; providers: SsoProviderResponse[] };

  constructor(private readonly client: AuthApiClient) {}

  async list(ctx: CallContext): Promise<SsoProviderResponse[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.providers;
    try {
      const providers = await this.client.ssoProviders(ctx);
      this.cached = { at: Date.now(), providers };
      return providers;
    } catch (error) {
      this.logger.warn(`sign-in providers unavailable: ${(error as Error).message}`);
      return [];
    }
  }

  /** The dashboard's "Linked accounts": each linked one, then the providers one could add. */
  async linkedAccounts(ctx: CallContext, identities: IdentityResponse[]) {
    const linked = new Set(identities.map((i) => i.provider));
    return {
      identities,
      available: (await this.list(ctx)).filter((p) => !linked.has(p.id)),
    };
  }
}
