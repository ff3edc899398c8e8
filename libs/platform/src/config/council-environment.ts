import { z } from 'zod';
import { councilConfigSchema } from './council-config';
import {
  alertPreferenceSettingsSchema,
  alertSettingsSchema,
  auditCheckpointSettingsSchema,
  consoleDirectorySchema,
  databasePoolSettingsSchema,
  feedRateLimitsSchema,
  incidentWorkerSettingsSchema,
  taxiiSettingsSchema,
  workerPortSchema,
} from './service-settings';
import { type Env, parseSettings } from './setting-schemas';

/** Every setting either process reads. Production requirements of the worker's own settings apply to the worker only. */
const sharedSections = {
  council: councilConfigSchema,
  alerts: alertSettingsSchema,
  alertPreferences: alertPreferenceSettingsSchema,
  feedRateLimits: feedRateLimitsSchema,
  taxii: taxiiSettingsSchema,
  incidentWorker: incidentWorkerSettingsSchema,
  databasePool: databasePoolSettingsSchema,
};

const apiEnvironment = z.object({ ...sharedSections, consoleDirectory: consoleDirectorySchema });
const workerEnvironment = z.object({ ...sharedSections, auditCheckpoint: auditCheckpointSettingsSchema, workerPort: workerPortSchema });

export type ApiEnvironment = z.output<typeof apiEnvironment>;
export type WorkerEnvironment = z.output<typeof workerEnvironment>;

/** Each section reads the whole environment: zod then reports the problems of all of them at once. */
function sectionsOf(env: Env, sections: object): Record<string, Env> {
  return Object.fromEntries(Object.keys(sections).map((name) => [name, env]));
}

/**
 * The API's whole configuration, validated at boot: a ConfigError naming every missing or malformed
 * setting, not only the first. The modules are provided with their parts (COUNCIL_CONFIG,
 * ALERT_SETTINGS, ...) from the same schemas.
 */
export function loadApiEnvironment(env: Env = process.env): ApiEnvironment {
  return parseSettings(apiEnvironment, sectionsOf(env, apiEnvironment.shape));
}

/** The worker's whole configuration, validated at boot like the API's, with the audit checkpoints' settings. */
export function loadWorkerEnvironment(env: Env = process.env): WorkerEnvironment {
  return parseSettings(workerEnvironment, sectionsOf(env, workerEnvironment.shape));
}
