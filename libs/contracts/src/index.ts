import { z } from '@gatehouse/domain';
export const w = z;
