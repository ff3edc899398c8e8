import { AccessLogEntryEntity } from './access-log-entry.entity';
import { AuditLogEntryEntity } from './audit-log-entry.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const AUDIT_ENTITIES = [AuditLogEntryEntity, AccessLogEntryEntity];
