import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts one row and reads nothing back. `EntityManager.insert` re-selects database-generated
 * columns (created_at) after every insert on SQLite, a second statement per row that hot paths
 * (sign-in writes a session and an audit event) do not use.
 */
export async function insertRow<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  row: QueryDeepPartialEntity<Entity>,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(row)
    .updateEntity(false)
    .execute();
}
