import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessDenialsService } from './access-denials.service';
import { AuditEventEntity } from './audit-event.entity';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Global: almost every feature records events. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [AuditController],
  providers: [AccessDenialsService, AuditQueryService, AuditService],
  exports: [AccessDenialsService, AuditService],
})
export class AuditModule {}
