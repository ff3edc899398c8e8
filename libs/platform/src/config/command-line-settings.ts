import { z } from 'zod';
import { type Env, parseSettings, setting } from './setting-schemas';

/**
 * What the command-line tools (migrations, audit tools, clearance bootstrap) read from the
 * environment. Each tool says itself which one it misses, with its own exit code, so these are
 * optional here. Relative imports only: the audit tools run without the application.
 */
export interface CommandLineSettings {
  databaseUrl: string | null;
  /** COUNCIL_AUDIT_CHECKPOINT_DIR: the overseer's checkpoint file's directory. */
  auditCheckpointDir: string | null;
  /** COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY, comma-separated: old keys stay valid for old checkpoints after a rotation. */
  auditCheckpointPublicKeys: string[];
}

export const commandLineSettingsSchema = z
  .object({ DATABASE_URL: setting, COUNCIL_AUDIT_CHECKPOINT_DIR: setting, COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY: setting })
  .transform((env): CommandLineSettings => ({
    databaseUrl: env.DATABASE_URL ?? null,
    auditCheckpointDir: env.COUNCIL_AUDIT_CHECKPOINT_DIR ?? null,
    auditCheckpointPublicKeys: (env.COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0),
  }));

export function loadCommandLineSettings(env: Env = process.env): CommandLineSettings {
  return parseSettings(commandLineSettingsSchema, env);
}
