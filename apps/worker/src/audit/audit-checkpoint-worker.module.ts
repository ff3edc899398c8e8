import { Module } from '@nestjs/common';
import { AuditCheckpointTimer } from './audit-checkpoint-timer';
import { AUDIT_CHECKPOINT_SETTINGS, loadAuditCheckpointSettings } from './audit-checkpoint-settings';

/** Signed checkpoints of the audit chain's head, for the overseer (docs/OPERATIONS.md). */
@Module({
  providers: [{ provide: AUDIT_CHECKPOINT_SETTINGS, useFactory: () => loadAuditCheckpointSettings() }, AuditCheckpointTimer],
})
export class AuditCheckpointWorkerModule {}
