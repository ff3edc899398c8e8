export * from './audit-log-entry.entity';
export * from './access-log-entry.entity';
export * from './audit-log.service';
export * from './access-log.service';
export * from './audit.module';
export * from './audit-chain';
export * from './audit-log-query.service';
export * from './chain-verification';
