import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { BULLMQ_CONNECTION } from './bullmq-connection';
import { ProcessorRegistration } from './processor-registration';
import { WorkerRedisModule } from './worker-redis.module';
import type Redis from 'ioredis';

/** BullMQ for the worker: the deployment's Redis and key prefix, and the checked start of the processors. */
@Module({
  imports: [
    WorkerRedisModule,
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [COUNCIL_CONFIG, BULLMQ_CONNECTION],
      useFactory: (config: CouncilConfig, connection: Redis) => ({ connection, prefix: config.redisPrefix }),
      extraOptions: { manualRegistration: true },
    }),
  ],
  providers: [ProcessorRegistration],
})
export class WorkerQueuesModule {}
