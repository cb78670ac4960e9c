import type { PasskeyResponse } from '@gatehouse/contracts';
import type { PasskeyEntity } from './passkey.entity';

export function toPasskeyResponse(passkey: PasskeyEntity): PasskeyResponse {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt ? passkey.lastUsedAt.toISOString() : null,
    backedUp: passkey.backedUp,
    deviceType: passkey.deviceType,
    transports: passkey.transports ? passkey.transports.split(',') : [],
  };
}
