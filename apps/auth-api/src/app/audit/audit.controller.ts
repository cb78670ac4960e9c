import {
  AuditEventPageResponse,
  DailyActivityQuery,
  DailyActivityResponse,
  ListAuditEventsQuery,
} from '@gatehouse/contracts';
import { Permission } from '@gatehouse/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { RequirePermission } from '../../common/decorators/require-permission.decorator';
import { AuditQueryService } from './audit-query.service';

@ApiTags('admin')
@Authenticated()
@RequirePermission(Permission.AuditRead)
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Audit events, newest first, filtered by user and type' })
  @ApiOkResponse({ type: AuditEventPageResponse })
  @ApiErrors(400)
  list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageResponse> {
    return this.audit.list(query);
  }

  @Get('daily')
  @ApiOperation({ summary: 'Sign-ups and logins per day (UTC) for the admin chart' })
  @ApiOkResponse({ type: DailyActivityResponse })
  @ApiErrors(400)
  daily(@Query() query: DailyActivityQuery): Promise<DailyActivityResponse> {
    return this.audit.daily(query.days);
  }
}
