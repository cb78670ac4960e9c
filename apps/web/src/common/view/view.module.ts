import { Global, Module } from '@nestjs/common';
import { type AssetPaths, readManifest, resolveAssetPaths } from '../../config/asset-paths';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import { SessionCookies } from '../../session/session-cookies';
import { PageContext } from './page-context';
import { ASSET_MANIFEST, ASSET_PATHS } from './view-tokens';

/** Templates, catalogs, hashed assets and the per-page context, for every feature module. */
@Global()
@Module({
  providers: [
    { provide: ASSET_PATHS, useFactory: resolveAssetPaths },
    {
      provide: ASSET_MANIFEST,
      inject: [ASSET_PATHS],
      useFactory: (paths: AssetPaths) => readManifest(paths.public),
    },
    {
      provide: Translator,
      inject: [ASSET_PATHS],
      useFactory: (paths: AssetPaths) => Translator.load(paths.locales),
    },
    Flash,
    PageContext,
    SessionCookies,
  ],
  exports: [ASSET_PATHS, ASSET_MANIFEST, Translator, Flash, PageContext, SessionCookies],
})
export class ViewModule {}
