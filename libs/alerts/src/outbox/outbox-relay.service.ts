import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { FANOUT_QUEUE, fanoutJobOptions, type FanoutJobData } from '../queues/alert-queues';

const BATCH = 100;

/**
 * Moves committed outbox rows to BullMQ (ALERTS.md: the event is committed with the change, then
 * handed on). Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers relay in parallel
 * without taking the same row; the fan-out job's id is the row's id, so a row relayed twice (a
 * crash between addBulk and the commit) is still one job.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FANOUT_QUEUE) private readonly fanout: Queue<FanoutJobData>,
  ) {}

  /** Relays one batch; returns how many rows it dispatched. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await this.fanout.addBulk(
        rows.map((row) => ({ name: 'fan-out', data: { outboxEventId: String(row.id) }, opts: fanoutJobOptions(String(row.id)) })),
      );
      await manager.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Relays until nothing is left; errors are logged and retried on the next tick. */
  async drain(): Promise<void> {
    try {
      while ((await this.relayOnce()) === BATCH) {
        // a full batch: there may be more
      }
    } catch (error) {
      this.logger.warn(`outbox relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
