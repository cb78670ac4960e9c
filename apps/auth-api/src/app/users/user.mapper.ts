import type { UserResponse } from '@gatehouse/contracts';
import type { SignInMethods } from './sign-in-methods.repository';
import type { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  isActive: boolean;
  isVerified: boolean;
  mfaEnabled: boolean;
  roles: string[];
  createdAt: Date;
  updatedAt: Date;
  /** Present when the lookup that made the view read them (the per-request principal does). */
  signInMethods?: SignInMethods;
}

/** The public face of a user: never the hash, never internal timestamps. */
export function toUserResponse(
  user: UserView,
  methods: SignInMethods = { password: false, passkeys: 0, providers: [] },
): UserResponse {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    isActive: user.isActive,
    isVerified: user.isVerified,
    mfaEnabled: user.mfaEnabled,
    roles: [...user.roles].sort(),
    signInMethods: { ...methods, providers: [...methods.providers] },
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    isActive: user.isActive,
    isVerified: user.isVerified,
    mfaEnabled: Boolean(user.mfa?.enabledAt),
    roles: (user.roles ?? []).map((r) => r.name),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
