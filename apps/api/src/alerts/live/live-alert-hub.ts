import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { decodeLiveAlerts, liveAlertsChannel } from '@app/alerts/live/live-alerts';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { db, typedSql } from '@app/platform/database/typed-sql';

/** One live subscription of one person on this replica. */
export interface LiveListener {
  /** An alert of this listener's person arrived (its id only: the stream loads and re-checks it). */
  offer(alertId: string): void;
  /** The person is no longer active (or gone): the stream closes the connection and ends. */
  revoke(): void;
}

/** Idle connections of deactivated people are closed within this period even when nothing is published. */
const SWEEP_INTERVAL_MS = 30_000;
/** How long a first subscriber waits for the channel subscription before going on without it. */
const SUBSCRIBE_WAIT_MS = 5_000;

/**
 * The API replica's end of the live in-app channel (libs/alerts/live): one Redis subscription per
 * replica (opened with the first subscriber), and the replica's subscribers by person. A message
 * carries alert ids; one query maps them to the alerts of the people subscribed here
 * (`person_id = ANY(subscribers)`), and each id goes only to the listeners of the row's own
 * person. The same round re-reads those people: a deactivated person's streams are revoked.
 *
 * This is routing, not the authorization decision: each offered id is decided again per event by
 * the subscription resolver, through the alert policy's read rule compiled to SQL (alertReadSql).
 * Routing by the alert policy here too would cost a CASE per subscriber per row — a nationwide
 * fan-out publishes thousands of ids to a replica with thousands of subscribers — for the same
 * answer, since an alert is read by its own person only.
 */
@Injectable()
export class LiveAlertHub implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveAlertHub');
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private subscriber: Redis | null = null;
  private subscribed: Promise<void> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly channel: string;

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.channel = liveAlertsChannel(config.redisPrefix);
  }

  /**
   * Adds a listener for `personId` once this replica listens on the channel (or after a few seconds
   * without Redis: ioredis subscribes when it reconnects); the returned function removes it.
   */
  async register(personId: string, listener: LiveListener): Promise<() => void> {
    await this.open();
    let set = this.listeners.get(personId);
    if (!set) {
      set = new Set();
      this.listeners.set(personId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(personId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(personId);
    };
  }

  /** How many live subscriptions `personId` has on this replica. */
  subscriptionsOf(personId: string): number {
    return this.listeners.get(personId)?.size ?? 0;
  }

  /** Subscribes once; ioredis re-subscribes by itself after a reconnection. */
  private open(): Promise<void> {
    if (this.subscribed) return this.subscribed;
    const subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      this.dispatch(decodeLiveAlerts(message)).catch((error: unknown) =>
        this.logger.warn(`live alerts not dispatched: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS);
      timer.unref();
    });
    const subscribing = subscriber.subscribe(this.channel).then(
      () => undefined,
      (error: unknown) => this.logger.warn(`live alerts channel not subscribed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.subscribed = Promise.race([subscribing, timeout]).finally(() => clearTimeout(timer));
    this.subscriber = subscriber;
    this.sweepTimer = setInterval(() => {
      this.sweep().catch(() => undefined);
    }, SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    return this.subscribed;
  }

  private async dispatch(alertIds: string[]): Promise<void> {
    if (alertIds.length === 0 || this.listeners.size === 0) return;
    const active = await this.sweep();
    if (active.length === 0) return;
    const rows = await typedSql(this.dataSource).rows(
      db
        .selectFrom('alerts')
        .select(['id', 'person_id'])
        .where('id', '=', sql<string>`ANY(${alertIds}::uuid[])`)
        .where('person_id', '=', sql<string>`ANY(${active}::uuid[])`)
        .orderBy('created_at')
        .orderBy('id'),
    );
    for (const row of rows) {
      for (const listener of this.listeners.get(row.person_id) ?? []) listener.offer(row.id);
    }
  }

  /** Revokes the listeners of people who are no longer active; returns the people still subscribed and active. */
  private async sweep(): Promise<string[]> {
    const subscribed = [...this.listeners.keys()];
    if (subscribed.length === 0) return [];
    const rows = await typedSql(this.dataSource).rows(
      db
        .selectFrom('persons')
        .select('id')
        .where('id', '=', sql<string>`ANY(${subscribed}::uuid[])`)
        .where((eb) => eb.ref('active')),
    );
    const active = new Set(rows.map((row) => row.id));
    for (const personId of subscribed) {
      if (active.has(personId)) continue;
      for (const listener of [...(this.listeners.get(personId) ?? [])]) listener.revoke();
    }
    return subscribed.filter((id) => active.has(id));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
