// Parsed and validated with the rest of the environment (libs/platform/src/config).
export { type IncidentWorkerSettings, loadIncidentWorkerSettings } from '@app/platform/config/service-settings';

export const INCIDENT_WORKER_SETTINGS = Symbol('INCIDENT_WORKER_SETTINGS');
