import { ConfigError } from '@app/platform/config/council-config';

export const INCIDENT_WORKER_SETTINGS = Symbol('INCIDENT_WORKER_SETTINGS');
export const INCIDENT_BULLMQ_CONNECTION = Symbol('INCIDENT_BULLMQ_CONNECTION');

export interface IncidentWorkerSettings {
  /** How often the worker looks for overdue incidents to remind (COUNCIL_INCIDENT_DEADLINE_CHECK_MS). */
  deadlineCheckMs: number;
}

export function loadIncidentWorkerSettings(env: Record<string, string | undefined> = process.env): IncidentWorkerSettings {
  const raw = env.COUNCIL_INCIDENT_DEADLINE_CHECK_MS?.trim();
  if (!raw) return { deadlineCheckMs: 60_000 };
  if (!/^\d+$/.test(raw) || Number(raw) < 50 || Number(raw) > 86_400_000) {
    throw new ConfigError('COUNCIL_INCIDENT_DEADLINE_CHECK_MS must be a whole number between 50 and 86400000');
  }
  return { deadlineCheckMs: Number(raw) };
}
