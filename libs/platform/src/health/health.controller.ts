import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { pendingMigrationCount } from '../database/run-migrations';
import { RedisConnection } from '../redis/redis.provider';
import { Public } from '../http/public.decorator';

const CHECK_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/** Liveness and readiness (RUNNING.md): ready only when PostgreSQL and Redis answer and migrations are applied. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<Record<string, string>> {
    const [database, redis] = await Promise.all([
      within(pendingMigrationCount(this.dataSource), CHECK_TIMEOUT_MS).then(
        (pending) => (pending === 0 ? 'ok' : `${pending} migrations pending`),
        () => 'unreachable',
      ),
      within(this.redis.client.ping(), CHECK_TIMEOUT_MS).then(
        () => 'ok',
        () => 'unreachable',
      ),
    ]);
    const ready = database === 'ok' && redis === 'ok';
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not ready', database, redis };
  }
}
