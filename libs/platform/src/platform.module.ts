import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Clock } from './clock/clock';
import { COUNCIL_CONFIG, loadCouncilConfig, type CouncilConfig } from './config/council-config';
import { baseDataSourceOptions } from './database/data-source-options';
import { CouncilTypeOrmLogger } from './logging/typeorm-logger';
import { RateLimits } from './rate-limits/rate-limits';
import { RedisConnection } from './redis/redis.provider';

/**
 * The API's and the worker's pool (not the migrator's): a statement that runs longer than
 * COUNCIL_DB_STATEMENT_TIMEOUT_MS is cancelled, and failures are logged without parameters.
 */
function runtimeDataSourceOptions(config: CouncilConfig): TypeOrmModuleOptions {
  const options = baseDataSourceOptions(config.databaseUrl);
  return {
    ...options,
    // Each domain module registers its own entities (TypeOrmModule.forFeature).
    autoLoadEntities: true,
    logger: new CouncilTypeOrmLogger(),
    extra: { ...(options.extra as object), statement_timeout: config.statementTimeoutMs || undefined },
  };
}

/** Configuration, database, Redis, rate limits and the clock: what every other module stands on. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => runtimeDataSourceOptions(config),
      extraProviders: [{ provide: COUNCIL_CONFIG, useFactory: () => loadCouncilConfig() }],
    }),
  ],
  providers: [{ provide: COUNCIL_CONFIG, useFactory: () => loadCouncilConfig() }, Clock, RedisConnection, RateLimits],
  exports: [COUNCIL_CONFIG, Clock, RedisConnection, RateLimits],
})
export class PlatformModule {}
