import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module';
import { SyncService } from './sync.service';

@Module({
  imports: [TrackingModule],
  providers: [SyncService],
  exports: [SyncService],
})
export class SyncModule {}
