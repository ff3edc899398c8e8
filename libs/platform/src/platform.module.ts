import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './clock/clock';
import { COUNCIL_CONFIG, loadCouncilConfig, type CouncilConfig } from './config/council-config';
import { dataSourceOptions } from './database/data-source-options';
import { RedisConnection } from './redis/redis.provider';

/** Configuration, database, Redis and the clock: what every other module stands on. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => dataSourceOptions(config.databaseUrl),
      extraProviders: [{ provide: COUNCIL_CONFIG, useFactory: () => loadCouncilConfig() }],
    }),
  ],
  providers: [{ provide: COUNCIL_CONFIG, useFactory: () => loadCouncilConfig() }, Clock, RedisConnection],
  exports: [COUNCIL_CONFIG, Clock, RedisConnection],
})
export class PlatformModule {}
