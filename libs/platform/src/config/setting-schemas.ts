import { z } from 'zod';
import { ConfigError } from './config-error';

/** The environment as the process sees it: every setting is a string or absent. */
export type Env = Record<string, string | undefined>;

/** An environment variable: trimmed, and absent when empty (an empty value means "use the default"). */
export const setting = z
  .string()
  .optional()
  .transform((raw) => raw?.trim() || undefined);

/** A whole number: `fallback` when unset; an issue naming `name` when malformed or outside [min, max]. */
export function wholeNumber(name: string, fallback: number, min: number, max: number) {
  return setting.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number, got "${raw}"` });
      return z.NEVER;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be between ${min} and ${max}` });
      return z.NEVER;
    }
    return value;
  });
}

/** true/1 or false/0; unset: false. */
export function flag(name: string) {
  return setting.transform((raw, ctx) => {
    const value = raw?.toLowerCase();
    if (value === undefined || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    ctx.addIssue({ code: 'custom', message: `${name} must be true or false, got "${value}"` });
    return z.NEVER;
  });
}

/** A URL with one of `protocols` (e.g. 'postgres:'), or undefined when unset. */
export function url(name: string, protocols: string[]) {
  return setting.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${name} is not a valid URL` });
      return z.NEVER;
    }
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({ code: 'custom', message: `${name} must use ${protocols.join(' or ')}` });
      return z.NEVER;
    }
    return raw;
  });
}

/** Turns zod's issues into one ConfigError listing every problem once. */
export function configErrorOf(error: z.ZodError): ConfigError {
  return new ConfigError([...new Set(error.issues.map((issue) => issue.message))]);
}

/** Parses `env` with `schema`, throwing one ConfigError that names every bad setting. */
export function parseSettings<T>(schema: z.ZodType<T>, env: unknown): T {
  const result = schema.safeParse(env);
  if (!result.success) throw configErrorOf(result.error);
  return result.data;
}
