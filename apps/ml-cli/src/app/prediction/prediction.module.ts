import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module';
import { PredictService } from './predict.service';

@Module({
  imports: [TrackingModule],
  providers: [PredictService],
  exports: [PredictService],
})
export class PredictionModule {}
