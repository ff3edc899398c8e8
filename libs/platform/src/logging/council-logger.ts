import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/council-config';

/**
 * Paths pino blanks out wherever they appear, a second line of defence behind the serializers
 * (which never emit headers or bodies): credentials and anything an advisory is made of.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-council-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'variables',
  'body',
  'title',
  'summary',
];

export interface CouncilLoggerOptions {
  /** 'api' or 'worker': every line carries it. */
  service: string;
  level: LogLevel;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
}

/**
 * An error as its type, message and stack only: pino's own serializer copies every property, and a
 * TypeORM QueryFailedError carries the statement's parameters (personal data, advisory content).
 */
export function errorFields(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  // An Error, or (pino-http runs pino's serializer first) what pino made of one.
  const { type, message, stack } = error as { type?: unknown; message?: unknown; stack?: unknown };
  return { type: type ?? error.constructor.name, message, stack };
}

/** The process's one pino logger: JSON lines, ISO timestamps, level names, secrets redacted. */
export function createCouncilLogger(options: CouncilLoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    serializers: { err: errorFields },
  };
  // Without a destination pino writes to stdout synchronously: nothing is lost on process.exit.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
