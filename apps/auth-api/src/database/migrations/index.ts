import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { AccountLifecycle1764200000000 } from './1764200000000-AccountLifecycle';
import { LiveSessionIndex1764300000000 } from './1764300000000-LiveSessionIndex';
import { EmailKey1764400000000 } from './1764400000000-EmailKey';
import { RecentAuthentication1764500000000 } from './1764500000000-RecentAuthentication';
import { SignInMethods1764600000000 } from './1764600000000-SignInMethods';
import { WebAuthnChallenges1764700000000 } from './1764700000000-WebAuthnChallenges';
import { SingleSignOnFlows1764800000000 } from './1764800000000-SingleSignOnFlows';

/** Every migration, oldest first. A new migration must be added here (a test checks it). */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  AccountLifecycle1764200000000,
  LiveSessionIndex1764300000000,
  EmailKey1764400000000,
  RecentAuthentication1764500000000,
  SignInMethods1764600000000,
  WebAuthnChallenges1764700000000,
  SingleSignOnFlows1764800000000,
];
