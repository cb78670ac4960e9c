import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SqlSessionRepository } from './sql-session.repository';

@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity])],
  controllers: [SessionsController],
  providers: [SessionsService, { provide: SessionRepository, useClass: SqlSessionRepository }],
  exports: [SessionRepository, SessionsService],
})
export class SessionsModule {}
