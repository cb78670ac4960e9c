import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module';
import { TrainPublisher } from './train-publisher.service';
import { TrainService } from './train.service';

@Module({
  imports: [TrackingModule],
  providers: [TrainService, TrainPublisher],
  exports: [TrainService],
})
export class TrainingModule {}
