import { Module } from '@nestjs/common';
import { AuditLogResolver } from './audit-log.resolver';

/** The decision and access logs, for auditors (AuditModule is global). */
@Module({ providers: [AuditLogResolver] })
export class AuditApiModule {}
