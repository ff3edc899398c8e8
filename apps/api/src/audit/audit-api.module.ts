import { Module } from '@nestjs/common';

/** The decision and access logs, for auditors. */
@Module({})
export class AuditApiModule {}
