import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { DynamicModule, Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { BULLMQ_CONNECTION, BULLMQ_QUEUE_CONNECTION } from './bullmq-connection';

/**
 * Registers a queue of the worker on one of its two connections (prefix from BullModule.forRootAsync):
 * 'producer' adds fail fast while Redis is down (the outbox relays), 'worker' waits for Redis.
 * The processor's worker gets its own options (JobProcessor.runtimeOptions) either way.
 */
export function registerWorkerQueue(name: string, connection: 'producer' | 'worker'): DynamicModule {
  return BullModule.registerQueueAsync({
    name,
    inject: [connection === 'producer' ? BULLMQ_QUEUE_CONNECTION : BULLMQ_CONNECTION],
    useFactory: (redis: Redis) => ({ connection: redis }),
  });
}

/**
 * The queue under its name as injection token too (what the libraries inject), with an error
 * listener: a Queue is an EventEmitter, and a Redis error without one would end the process.
 */
export function queueByName(name: string): Provider {
  return {
    provide: name,
    inject: [getQueueToken(name)],
    useFactory: (queue: Queue) => {
      queue.on('error', () => undefined);
      return queue;
    },
  };
}
