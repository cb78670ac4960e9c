/** DI tokens for the resolved asset folders and the hashed-asset manifest. */
export const ASSET_PATHS = Symbol('ASSET_PATHS');
export const ASSET_MANIFEST = Symbol('ASSET_MANIFEST');
