import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module';
import { EvaluateService } from './evaluate.service';

@Module({
  imports: [TrackingModule],
  providers: [EvaluateService],
  exports: [EvaluateService],
})
export class EvaluationModule {}
