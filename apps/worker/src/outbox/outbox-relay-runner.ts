import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { OutboxRelayService } from '@app/outbox/outbox-relay.service';

/**
 * Runs the one outbox relay of every outbox source, alerts' and incidents' (a poll every
 * COUNCIL_OUTBOX_RELAY_INTERVAL_MS), and its reconciler (every COUNCIL_ALERT_RECONCILE_INTERVAL_MS:
 * jobs lost with Redis are re-added from PostgreSQL).
 *
 * It stops in onModuleDestroy, waiting for a tick under way, while the worker's queues close only in
 * beforeApplicationShutdown: Nest destroys the modules one after another (the incident module, with
 * its queue, before the alerts module), so a relay stopped in one module's turn could still tick
 * after another module's queue closed and fail to add its job; a lifecycle phase earlier than any
 * queue's closing holds whatever the modules' order.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly relay: OutboxRelayService,
  ) {}

  onApplicationBootstrap(): void {
    this.every(this.settings.relayIntervalMs, () => this.relay.drain());
    this.every(this.settings.reconcileIntervalMs, () => this.relay.reconcileSafely());
  }

  /** Runs `task` `ms` after its previous run finished, until shutdown (drain and reconcileSafely never reject). */
  private every(ms: number, task: () => Promise<void>): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = task().finally(() => {
        this.running.delete(run);
        this.every(ms, task);
      });
      this.running.add(run);
    }, ms);
    this.timers.add(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
