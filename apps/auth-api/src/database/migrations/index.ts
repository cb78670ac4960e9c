import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { AccountLifecycle1764200000000 } from './1764200000000-AccountLifecycle';

/** Every migration, oldest first. A new migration must be added here (a test checks it). */
export const MIGRATIONS = [InitialSchema1764100000000, AccountLifecycle1764200000000];
