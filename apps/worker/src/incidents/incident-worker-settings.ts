import { integer } from '@app/platform/config/council-config';

export const INCIDENT_WORKER_SETTINGS = Symbol('INCIDENT_WORKER_SETTINGS');

export interface IncidentWorkerSettings {
  /** How often the worker looks for overdue incidents to remind (COUNCIL_INCIDENT_DEADLINE_CHECK_MS). */
  deadlineCheckMs: number;
}

export function loadIncidentWorkerSettings(env: Record<string, string | undefined> = process.env): IncidentWorkerSettings {
  return { deadlineCheckMs: integer(env, 'COUNCIL_INCIDENT_DEADLINE_CHECK_MS', 60_000, 50, 86_400_000) };
}
