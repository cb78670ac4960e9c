import { nativeDriver } from '../src/database/native-driver';
import { databases } from './support/databases';
import { useTestApp } from './support/test-app';

/**
 * The hot paths (login, /auth/me, refresh) go past TypeORM to its driver; after a TypeORM
 * upgrade that moved it they would still work, only slower. This fails instead.
 */
describe.each(databases())('the native driver under TypeORM [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  it('is found, so the hot paths take their fast statements', () => {
    expect(nativeDriver(sut.dataSource)?.kind).toBe(kind);
  });
});
