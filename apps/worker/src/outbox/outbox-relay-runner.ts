import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { OutboxRelayService } from '@app/outbox/outbox-relay.service';
import { RepeatingTasks } from '../scheduling/repeating-tasks';

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
  private readonly tasks = new RepeatingTasks();

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly relay: OutboxRelayService,
  ) {}

  onApplicationBootstrap(): void {
    // drain and reconcileSafely never reject.
    this.tasks.every(this.settings.relayIntervalMs, () => this.relay.drain());
    this.tasks.every(this.settings.reconcileIntervalMs, () => this.relay.reconcileSafely());
  }

  onModuleDestroy(): Promise<void> {
    return this.tasks.stop();
  }
}
