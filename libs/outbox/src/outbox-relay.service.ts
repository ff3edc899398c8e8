import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OutboxSourceProvider, type OutboxRow, type OutboxSource } from './outbox-source';

const BATCH = 100;

/**
 * The one relay of the transactional outbox (ALERTS.md: the event is committed with the change,
 * then handed on): it moves the committed rows of every OutboxSource to their BullMQ queue. Rows
 * are claimed with FOR UPDATE SKIP LOCKED, so several workers relay in parallel without taking the
 * same row; the job's id comes from the row, and dispatched_at is stamped in the claiming
 * transaction, so a crash between the add and the commit loses nothing and duplicates nothing.
 *
 * The reconciler makes a Redis restart (or any lost job) lose nothing: PostgreSQL is the truth,
 * and each source re-adds from it, with stable ids, the jobs of rows not yet done. BullMQ ignores
 * an add whose id still exists, so while the job is there this changes nothing.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('OutboxRelay');
  private found: OutboxSource[] | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
  ) {}

  /** The sources the application's modules provide (looked up once they all exist). */
  private get sources(): OutboxSource[] {
    this.found ??= this.discovery
      .getProviders({ metadataKey: OutboxSourceProvider.KEY })
      .map((wrapper) => wrapper.instance as OutboxSource)
      .filter((source) => source !== undefined && source !== null);
    return this.found;
  }

  /** Relays one batch of each source, each in its own transaction; returns how many rows it dispatched. */
  async relayOnce(): Promise<number> {
    let relayed = 0;
    for (const source of this.sources) relayed += await this.relayBatch(source);
    return relayed;
  }

  private async relayBatch(source: OutboxSource): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const columns = ['id', ...source.columns].join(', ');
      const rows = await manager.query<OutboxRow[]>(
        `SELECT ${columns} FROM ${source.table} WHERE dispatched_at IS NULL ORDER BY ${source.orderBy} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await source.enqueue(rows.map((row) => ({ ...row, id: String(row.id) })));
      await manager.query(`UPDATE ${source.table} SET dispatched_at = now() WHERE id = ANY($1::${source.idType}[])`, [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  /** Relays until nothing is left; errors are logged and retried on the next tick. */
  async drain(): Promise<void> {
    try {
      for (const source of this.sources) {
        while ((await this.relayBatch(source)) === BATCH) {
          // a full batch: there may be more
        }
      }
    } catch (error) {
      this.logger.warn(`outbox relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Re-adds the lost jobs of every source; the counts of all sources, summed by kind. */
  async reconcile(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const source of this.sources) {
      for (const [kind, count] of Object.entries(await source.reconcile())) {
        result[kind] = (result[kind] ?? 0) + count;
      }
    }
    return result;
  }

  /** One reconciliation; errors are logged and the next tick tries again. */
  async reconcileSafely(): Promise<void> {
    try {
      const result = await this.reconcile();
      const readded = Object.entries(result).filter(([, count]) => count > 0);
      if (readded.length > 0) {
        this.logger.debug?.(
          `reconciled: ${readded.map(([kind, count]) => `${count} ${kind}`).join(', ')} re-added (ignored where the job exists)`,
        );
      }
    } catch (error) {
      this.logger.warn(`outbox reconciliation failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
