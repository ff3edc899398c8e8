import { describe, expect, it } from '@jest/globals';
import { loadApiEnvironment, loadWorkerEnvironment } from '../../libs/platform/src/config/council-environment';
import { ConfigError } from '../../libs/platform/src/config/council-config';

const valid = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://council@localhost/council',
  REDIS_URL: 'redis://localhost:6379',
  COUNCIL_JWT_SECRET: 'test-secret-that-is-long-enough-for-production-0123456789',
};

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration: one schema, every bad setting reported at boot', () => {
  it('names every missing or malformed variable of every part in one error, not only the first', () => {
    const env = {
      NODE_ENV: 'test',
      REDIS_URL: 'http://not-redis',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '0',
      COUNCIL_FEED_PULLS_PER_PERSON: '-3',
      COUNCIL_TAXII_SETTLE_MS: '9999999',
      COUNCIL_INCIDENT_DEADLINE_CHECK_MS: '1',
      COUNCIL_ALERT_DIGEST_CRON: 'daily',
      COUNCIL_DB_POOL_SIZE: 'many',
      COUNCIL_CORS_ORIGINS: 'https://*.example.jp',
    };
    const problems = problemsOf(() => loadApiEnvironment(env));
    for (const expected of [
      /^DATABASE_URL is required$/,
      /^COUNCIL_JWT_SECRET is required$/,
      /^REDIS_URL must use redis: or rediss:$/,
      /^PORT must be a whole number, got "eighty"$/,
      /^LOG_LEVEL must be one of/,
      /^COUNCIL_ALERT_DELIVERY_ATTEMPTS must be between 1 and 100$/,
      /^COUNCIL_FEED_PULLS_PER_PERSON must be a whole number/,
      /^COUNCIL_TAXII_SETTLE_MS must be between 0 and 600000$/,
      /^COUNCIL_INCIDENT_DEADLINE_CHECK_MS must be between/,
      /^COUNCIL_ALERT_DIGEST_CRON must be a cron pattern/,
      /^COUNCIL_DB_POOL_SIZE must be a whole number/,
      /^COUNCIL_CORS_ORIGINS: "https:\/\/\*\.example\.jp" is not an origin/,
    ]) {
      expect(problems.some((problem) => expected.test(problem))).toBe(true);
    }
    expect(problems).toHaveLength(12);
    expect(() => loadApiEnvironment(env)).toThrow(/^12 settings are invalid:\n {2}- /);
  });

  it('reports the production requirements together with the malformed values', () => {
    const problems = problemsOf(() =>
      loadWorkerEnvironment({ ...valid, NODE_ENV: 'production', COUNCIL_JWT_SECRET: 'changeme', COUNCIL_WORKER_PORT: 'x' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^COUNCIL_JWT_SECRET and COUNCIL_JWT_SECRET_PREVIOUS must be random strings/),
        expect.stringMatching(/^COUNCIL_ALERT_SECRET_KEY is required in production/),
        expect.stringMatching(/^COUNCIL_AUDIT_CHECKPOINT_DIR is required in production/),
        expect.stringMatching(/^COUNCIL_AUDIT_CHECKPOINT_KEY is required in production/),
        expect.stringMatching(/^COUNCIL_WORKER_PORT must be a whole number/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('accepts a valid environment with the documented defaults; the API does not need the worker-only settings', () => {
    const api = loadApiEnvironment(valid);
    expect(api.council).toMatchObject({
      port: 3000,
      redisPrefix: 'council',
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      trustProxy: null,
    });
    expect(api.alerts).toMatchObject({ deliveryAttempts: 13, mailFrom: 'Council alerts <alerts@council.invalid>' });
    expect(api.alertPreferences).toMatchObject({ digestPattern: '0 8 * * *', digestEveryMs: null, digestTimeZone: 'Asia/Tokyo' });
    expect(api.databasePool).toEqual({ size: 20, connectTimeoutMs: 5000 });
    expect(api.consoleDirectory).toBeNull();
    expect(loadWorkerEnvironment(valid).workerPort).toBe(3001);
    expect(loadWorkerEnvironment({ ...valid, PORT: '0' }).workerPort).toBe(0);
  });
});
