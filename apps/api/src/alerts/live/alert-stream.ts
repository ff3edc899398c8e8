import type { AlertModel } from '../models/alert.model';
import type { LiveListener } from './live-alert-hub';

/** A subscriber's outcome for one alert id: the alert to push, nothing (skip it), or the end of the stream. */
export type AlertOutcome = { push: AlertModel } | { skip: true } | { end: 'revoked' | 'expired' };

/** Alerts waiting for one slow subscriber; beyond this the newest are dropped (myAlerts still lists them). */
const MAX_PENDING = 1_000;

/**
 * One `alertReceived` subscription: the ids the hub offers are queued and handed one at a time to
 * `deliver`, which re-checks the subscriber at delivery time. Not an async generator on purpose: a
 * generator waiting for the next event could not be ended by `return()` until that event came, and
 * a closed socket would keep its listener.
 */
export class AlertStream implements AsyncIterableIterator<{ alertReceived: AlertModel }>, LiveListener {
  private readonly pending: string[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  private detach: (() => void) | null = null;

  constructor(
    private readonly deliver: (alertId: string) => Promise<AlertOutcome>,
    private readonly onEnd: (why: 'revoked' | 'expired') => void,
  ) {}

  /** The hub registration to undo when the stream ends. */
  attach(detach: () => void): void {
    if (this.finished) detach();
    else this.detach = detach;
  }

  offer(alertId: string): void {
    if (this.finished || this.pending.length >= MAX_PENDING || this.pending.includes(alertId)) return;
    this.pending.push(alertId);
    this.signal();
  }

  revoke(): void {
    this.end('revoked');
  }

  async next(): Promise<IteratorResult<{ alertReceived: AlertModel }>> {
    while (!this.finished) {
      const alertId = this.pending.shift();
      if (alertId === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      const outcome = await this.deliver(alertId).catch((): AlertOutcome => ({ skip: true }));
      if ('end' in outcome) {
        this.end(outcome.end);
        break;
      }
      if ('push' in outcome && !this.finished) return { value: { alertReceived: outcome.push }, done: false };
    }
    return { value: undefined, done: true };
  }

  return(): Promise<IteratorResult<{ alertReceived: AlertModel }>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<{ alertReceived: AlertModel }>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(why: 'revoked' | 'expired'): void {
    if (this.finished) return;
    this.finish();
    this.onEnd(why);
  }

  private finish(): void {
    this.finished = true;
    this.pending.length = 0;
    this.detach?.();
    this.detach = null;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
