import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadCouncilConfig } from '../../libs/platform/src/config/council-config';
import { BOOTSTRAP_ADMIN, startTestApp, type TestApp } from '../support/test-app';

const ALLOWED = 'https://console.council.example.jp';

describe('HTTP hardening: security headers, CORS allow-list, timeouts', () => {
  let api: TestApp;
  let secretariatToken: string;

  beforeAll(async () => {
    api = await startTestApp({
      COUNCIL_CORS_ORIGINS: `${ALLOWED}, http://localhost:5173`,
      COUNCIL_HTTP_REQUEST_TIMEOUT_MS: '20000',
      COUNCIL_TRUST_PROXY: 'loopback',
    });
    const [admin] = await api.dataSource.query(`SELECT id FROM persons WHERE email = $1`, [BOOTSTRAP_ADMIN.email]);
    secretariatToken = api.tokenFor(admin.id);
  });

  afterAll(async () => {
    await api?.close();
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"query":"{ __typename }"}',
    });

  it('every answer carries helmet headers and a same-origin CSP that a console served by the API can run under', async () => {
    const response = await post({});
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests'); // http deployment (COUNCIL_PUBLIC_URL is http here)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const health = await fetch(`${api.url}/health/live`);
    expect(health.headers.get('content-security-policy')).toBe(csp);
  });

  it('the queue dashboard page may use inline styles but no third-party fonts and no inline scripts', async () => {
    const response = await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Bearer ${secretariatToken}` } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('fonts.googleapis.com');
    // Its scripts and stylesheet are same-origin files, which 'self' allows.
    const html = await response.text();
    for (const src of html.match(/(?:src|href)="static\/[^"]+"/g) ?? []) expect(src).not.toContain('//');
    // A refusal of the dashboard also carries the headers.
    expect((await fetch(`${api.url}/admin/queues`)).headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('CORS: a listed origin is allowed (preflight and request), with X-Request-Id exposed; no credentials', async () => {
    const preflight = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const response = await post({ origin: ALLOWED });
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
    expect((await post({ origin: 'http://localhost:5173' })).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('CORS: any other origin gets no CORS headers, so browsers keep the answer from it', async () => {
    for (const origin of [
      'https://evil.example',
      'https://console.council.example.jp.evil.example',
      'null',
      'http://console.council.example.jp',
    ]) {
      const preflight = await fetch(`${api.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const response = await post({ origin });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('the HTTP server limits slow clients: request, header and keep-alive timeouts', () => {
    const server = api.app.getHttpServer() as Server;
    expect(server.requestTimeout).toBe(20_000);
    expect(server.headersTimeout).toBe(15_000);
    expect(server.keepAliveTimeout).toBe(65_000);
  });

  it('behind a trusted proxy (COUNCIL_TRUST_PROXY) the client address comes from X-Forwarded-For', () => {
    const express = api.app.getHttpAdapter().getInstance() as { get(name: string): unknown };
    expect(express.get('trust proxy')).toBe('loopback');
  });

  it('API database connections carry a statement_timeout (15 s by default)', async () => {
    const [{ statement_timeout }] = await api.dataSource.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('15s');
  });
});

describe('without COUNCIL_CORS_ORIGINS: same origin only', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_CORS_ORIGINS: '' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('gives no CORS headers to any origin', async () => {
    const preflight = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.council.example.jp', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production mode', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({
      NODE_ENV: 'production',
      COUNCIL_PUBLIC_URL: 'https://council.example.jp',
      COUNCIL_ALERT_SECRET_KEY: 'Vn3kQ8zR1xW6tY0pL4mB7cF2hJ9sD5gA3eK8uT1o',
    });
  });
  afterAll(async () => {
    await api?.close();
    process.env.NODE_ENV = 'test';
  });

  it('serves no Apollo landing page and no introspection; HSTS and upgrade-insecure-requests over https', async () => {
    const asBrowser: Array<Record<string, string>> = [{ accept: 'text/html' }, { accept: 'text/html', 'apollo-require-preflight': 'true' }];
    for (const headers of asBrowser) {
      const landing = await fetch(`${api.url}/graphql`, { headers });
      expect(landing.headers.get('content-type')).not.toContain('text/html');
      expect(await landing.text()).not.toMatch(/<html|sandbox|embeddable/i);
    }
    const page = await fetch(`${api.url}/health/live`);
    const introspection = await api.gql('{ __schema { types { name } } }');
    expect(introspection.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(page.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe('production configuration refuses weak settings', () => {
  const base = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://council@db/council',
    REDIS_URL: 'redis://redis:6379',
    COUNCIL_JWT_SECRET: 'q7G9v2LmX4pR8sT1wZ6yB3nK5cJ0hD2fA9eU4iO7',
    COUNCIL_ALERT_SECRET_KEY: 'Vn3kQ8zR1xW6tY0pL4mB7cF2hJ9sD5gA3eK8uT1o',
  };
  const load = (env: Record<string, string>) => () => loadCouncilConfig({ ...base, ...env });

  it('accepts a random signing key', () => {
    expect(load({})().production).toBe(true);
  });

  it.each([
    ['a short key', 'short-secret'],
    ['a placeholder', 'changeme'],
    ['a padded placeholder', 'changeme-changeme-changeme-changeme-1234'],
    ['a repetitive key', 'a'.repeat(64)],
    ['a low-variety key', 'abababababababababababababababababab'],
    ['an example key', 'example-jwt-secret-for-the-council-platform'],
  ])('refuses %s as COUNCIL_JWT_SECRET, and as COUNCIL_JWT_SECRET_PREVIOUS', (_what, secret) => {
    expect(load({ COUNCIL_JWT_SECRET: secret })).toThrow(ConfigError);
    expect(load({ COUNCIL_JWT_SECRET: secret })).toThrow(/COUNCIL_JWT_SECRET/);
    expect(load({ COUNCIL_JWT_SECRET_PREVIOUS: secret })).toThrow(ConfigError);
  });

  it('refuses to start without a key of its own for webhook signing secrets, naming COUNCIL_ALERT_SECRET_KEY', () => {
    const { COUNCIL_ALERT_SECRET_KEY: _key, ...withoutKey } = base;
    expect(() => loadCouncilConfig(withoutKey)).toThrow(ConfigError);
    expect(() => loadCouncilConfig(withoutKey)).toThrow(/COUNCIL_ALERT_SECRET_KEY is required in production/);
    expect(load({ COUNCIL_ALERT_SECRET_KEY: '   ' })).toThrow(/COUNCIL_ALERT_SECRET_KEY is required in production/);
    for (const weak of ['short-key', 'changeme-changeme-changeme-changeme-1234', 'a'.repeat(64)]) {
      expect(load({ COUNCIL_ALERT_SECRET_KEY: weak })).toThrow(/COUNCIL_ALERT_SECRET_KEY must be a random string/);
    }
    // An installation that sealed its secrets with the JWT secret keeps them by naming that key.
    expect(load({ COUNCIL_ALERT_SECRET_KEY: base.COUNCIL_JWT_SECRET })().alertSecretKey).toBe(base.COUNCIL_JWT_SECRET);
    expect(load({})().alertSecretKey).toBe(base.COUNCIL_ALERT_SECRET_KEY);
  });

  it('outside production the key may be left out: it is derived from the JWT secret', () => {
    const { COUNCIL_ALERT_SECRET_KEY: _key, ...withoutKey } = base;
    expect(loadCouncilConfig({ ...withoutKey, NODE_ENV: 'development' }).alertSecretKey).toBeNull();
    expect(() => loadCouncilConfig({ ...withoutKey, NODE_ENV: 'test', COUNCIL_ALERT_SECRET_KEY: 'short' })).toThrow(
      /COUNCIL_ALERT_SECRET_KEY/,
    );
  });

  it('outside production the same keys are accepted (development and tests)', () => {
    expect(loadCouncilConfig({ ...base, NODE_ENV: 'development', COUNCIL_JWT_SECRET: 'changeme' }).jwtSecrets).toEqual(['changeme']);
  });

  it('refuses a wildcard, a path or a malformed entry in COUNCIL_CORS_ORIGINS, and a bad LOG_LEVEL', () => {
    for (const origins of ['*', 'https://console.example.jp/app', 'console.example.jp', 'ftp://files.example.jp', 'https://*.example.jp']) {
      expect(load({ COUNCIL_CORS_ORIGINS: origins })).toThrow(/COUNCIL_CORS_ORIGINS/);
    }
    expect(load({ COUNCIL_CORS_ORIGINS: 'https://a.example.jp, https://b.example.jp:8443/' })().corsOrigins).toEqual([
      'https://a.example.jp',
      'https://b.example.jp:8443',
    ]);
    expect(load({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(load({ COUNCIL_TRUST_PROXY: 'true' })).toThrow(/COUNCIL_TRUST_PROXY/);
    expect(load({ COUNCIL_TRUST_PROXY: '1' })().trustProxy).toBe(1);
    expect(load({ COUNCIL_TRUST_PROXY: 'loopback, 10.0.0.0/8' })().trustProxy).toBe('loopback,10.0.0.0/8');
    expect(load({ LOG_LEVEL: 'WARN' })().logLevel).toBe('warn');
  });

  it('refuses a short metrics token in production; defaults are what OPERATIONS.md says', () => {
    expect(load({ COUNCIL_METRICS_TOKEN: 'short' })).toThrow(/COUNCIL_METRICS_TOKEN/);
    const config = load({})();
    expect(config).toMatchObject({
      metricsToken: null,
      corsOrigins: [],
      logLevel: 'info',
      statementTimeoutMs: 15_000,
      httpRequestTimeoutMs: 30_000,
    });
    expect(load({ COUNCIL_DB_STATEMENT_TIMEOUT_MS: '15s' })).toThrow(/COUNCIL_DB_STATEMENT_TIMEOUT_MS/);
  });
});
