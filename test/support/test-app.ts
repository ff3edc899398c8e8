import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import jwt from 'jsonwebtoken';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase, testRedisPrefix, testRedisUrl } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-production-0123456789';
export const BOOTSTRAP_ADMIN = { email: 'secretariat@council.test', password: 'bootstrap-password-1' };

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  dataSource: DataSource;
  env: Record<string, string>;
  /** POSTs a GraphQL operation, as the bearer of `token` when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  gqlOk<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** An access token for a person, signed as the server signs them. */
  tokenFor(personId: string, options?: { expiresIn?: number }): string;
  close(): Promise<void>;
}

/**
 * Starts the real API on a random port against a fresh database and Redis prefix. `env` adds or
 * overrides settings (they are read when the app is built).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const settings: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    COUNCIL_REDIS_PREFIX: testRedisPrefix(),
    COUNCIL_JWT_SECRET: TEST_JWT_SECRET,
    COUNCIL_BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP_ADMIN.email,
    COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN.password,
    COUNCIL_ALLOW_INSECURE_WEBHOOKS: 'true',
    COUNCIL_DB_POOL_SIZE: '5',
    PORT: '0',
    ...env,
  };
  Object.assign(process.env, settings);
  const logs = options.logDestination !== undefined || process.env.COUNCIL_TEST_LOGS === 'true';
  const app = await createApiApp({ logger: logs ? undefined : false, logDestination: options.logDestination });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const dataSource = app.get<DataSource>(getDataSourceToken());

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };

  return {
    app,
    url,
    databaseUrl,
    dataSource,
    env: settings,
    gql,
    async gqlOk<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
      const result = await gql<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    tokenFor(personId: string, options: { expiresIn?: number } = {}): string {
      return jwt.sign({ sub: personId }, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: options.expiresIn ?? 900,
        issuer: 'council',
        audience: 'council-api',
      });
    },
    async close(): Promise<void> {
      await app.close();
    },
  };
}
