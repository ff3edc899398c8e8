import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { COUNCIL_CONFIG, type CouncilConfig } from '../config/council-config';

/** The channel the DataChangeNotifications migration's triggers notify on (payload: the table). */
export const DATA_CHANGED_CHANNEL = 'council_data_changed';

const RECONNECT_DELAY_MS = { first: 100, max: 5_000 };

/**
 * Tells this process that advisories or organisations changed, whichever process committed the
 * change: a dedicated connection LISTENs on the triggers' channel, and every notification (and
 * every local `invalidate`) starts a new `generation`. Something remembered under an older
 * generation is out of date.
 *
 * While the connection is down nothing can be trusted to be current, so `live` is false and
 * callers must not reuse anything; when it comes back, the generation moves on as well, since
 * notifications sent meanwhile are lost.
 */
@Injectable()
export class DataChangeListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DataChangeListener.name);
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private reconnectDelay = RECONNECT_DELAY_MS.first;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private currentGeneration = 0;

  constructor(@Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig) {}

  /** Increases with every change seen; compare two readings, never interpret the number. */
  get generation(): number {
    return this.currentGeneration;
  }

  /** True while notifications are being received, i.e. while `generation` can be trusted. */
  get live(): boolean {
    return this.listening;
  }

  /** For a change this process made and must see at once (its notification arrives a little later). */
  invalidate(): void {
    this.currentGeneration++;
  }

  async onModuleInit(): Promise<void> {
    // The first connection is awaited so that a process starts with a working cache; a database
    // that is down at boot only means starting without one (the pool will fail loudly anyway).
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === DATA_CHANGED_CHANNEL) this.currentGeneration++;
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (this.client !== client || this.stopped) return;
      this.currentGeneration++;
      this.listening = true;
      this.reconnectDelay = RECONNECT_DELAY_MS.first;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.currentGeneration++;
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`lost the data-change notifications${error ? ` (${error.message})` : ''}; reconnecting`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_DELAY_MS.max);
  }
}
