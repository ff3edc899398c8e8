import { DiscoveryService } from '@nestjs/core';

/** A claimed outbox row: its id and the columns its source asked for. */
export interface OutboxRow {
  id: string;
  [column: string]: unknown;
}

/**
 * A table whose rows are written in the transaction of the change that makes them due, and whose
 * undispatched rows (dispatched_at IS NULL) the relay hands to BullMQ: the advisory events (to the
 * alert fan-out), the incident deliveries and reminders (to the incident queue). The source knows
 * its queue and its jobs; the relay knows how to claim, hand on and stamp exactly once.
 */
export interface OutboxSource {
  /** The table, with `id` and `dispatched_at` columns. */
  readonly table: string;
  readonly idType: 'bigint' | 'uuid';
  /** The order in which due rows are handed on (their ids break ties). */
  readonly orderBy: string;
  /** Columns besides `id` that `enqueue` needs. */
  readonly columns: readonly string[];
  /**
   * Adds the rows' jobs, with ids derived from the rows, so that a row relayed twice (a crash
   * between the add and the commit) is still one job.
   */
  enqueue(rows: OutboxRow[]): Promise<void>;
  /**
   * Re-adds from PostgreSQL, with their stable ids, the jobs of rows that are not done and that
   * Redis may have lost (older than the deployment's reconcile delay); returns how many, by kind.
   */
  reconcile(): Promise<Record<string, number>>;
}

/** Marks a provider as an OutboxSource, for the relay to find (a module provides it where its queue is). */
export const OutboxSourceProvider = DiscoveryService.createDecorator<void>();
