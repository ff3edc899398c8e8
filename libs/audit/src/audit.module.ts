import { Global, Module } from '@nestjs/common';
import { AccessLogService } from './access-log.service';
import { AuditLogService } from './audit-log.service';

@Global()
@Module({ providers: [AuditLogService, AccessLogService], exports: [AuditLogService, AccessLogService] })
export class AuditModule {}
