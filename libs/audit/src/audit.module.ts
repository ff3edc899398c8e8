import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUDIT_ENTITIES } from './audit-entities';
import { AccessLogService } from './access-log.service';
import { AuditLogQueryService } from './audit-log-query.service';
import { AuditLogService } from './audit-log.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [AuditLogService, AccessLogService, AuditLogQueryService],
  exports: [AuditLogService, AccessLogService, AuditLogQueryService],
})
export class AuditModule {}
