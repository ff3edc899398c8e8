import { Global, Module } from '@nestjs/common';
import { AccessLogService } from './access-log.service';
import { AuditLogQueryService } from './audit-log-query.service';
import { AuditLogService } from './audit-log.service';

@Global()
@Module({
  providers: [AuditLogService, AccessLogService, AuditLogQueryService],
  exports: [AuditLogService, AccessLogService, AuditLogQueryService],
})
export class AuditModule {}
