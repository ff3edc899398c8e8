// Parsed and validated with the rest of the environment (libs/platform/src/config).
export { type AuditCheckpointSettings, loadAuditCheckpointSettings } from '@app/platform/config/service-settings';

export const AUDIT_CHECKPOINT_SETTINGS = Symbol('AUDIT_CHECKPOINT_SETTINGS');
