import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LiveTokenRotation } from './live-token-rotation';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionStart } from './session-start';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity])],
  controllers: [SessionsController],
  providers: [LiveTokenRotation, SessionStart, SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
