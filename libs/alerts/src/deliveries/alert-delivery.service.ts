import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { runPreparedStatement } from '@app/platform/database/prepared-statement';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { AccessLevel, AlertChannelKind } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { SigningSecrets } from '../channels/signing-secret';
import type { OutboxEventType } from '@app/outbox/outbox-event.entity';
import { buildAlertPayload } from '../payload/alert-payload';
import { EmailSender } from './email-sender';
import { WebhookSender } from './webhook-sender';
import { AlertRecipientAccess, CANCELLED_REASON, type RecipientAsked } from './alert-recipient-access';
import { sendThroughChannel } from './send-through-channel';

interface DeliveryRow {
  id: string;
  status: string;
  /** This call took the delivery's sending claim. */
  claimed: boolean;
  /** When not: how long another process's claim still runs. */
  claim_left_ms: number;
  alert_id: string;
  severity: string;
  advisory_id: string;
  /** The recipient: the channel's person. */
  person_id: string;
  kind: AlertChannelKind;
  target: string | null;
  signing_secret_sealed: string | null;
  channel_usable: boolean;
  event: OutboxEventType;
  occurred_at: Date;
  escalation: boolean;
  openpgp_public_key: string | null;
  require_encryption: boolean;
  /** The advisory's last change (null: it no longer exists): the key of the advisory cache. */
  advisory_updated_at: Date | null;
  advisory_version: number | null;
  advisory_status: string | null;
}

/** How many advisories (at one version each) a worker process keeps for building payloads. */
const ADVISORY_CACHE_SIZE = 64;

export type DeliveryOutcome = 'DELIVERED' | 'SKIPPED' | 'FAILED' | 'CANCELLED';

type RecordedStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

interface Outcome {
  id: string;
  status: RecordedStatus;
  error: string | null;
}

/** Another live process holds the delivery's sending claim: try again once its lease has run out. */
export class DeliveryInProgressError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly retryInMs: number,
  ) {
    super(`delivery ${deliveryId} is being sent by another worker process`);
  }
}

/**
 * One delivery: claim it, reload it (job payloads carry ids only), ask the policy what the
 * recipient may receive now (AlertRecipientAccess: nothing, and the delivery is CANCELLED, or the
 * view whose alert content is sent), send it, record the outcome — per delivery, right after the
 * send and before BullMQ hears of it. The fan-out's decision is not reused: a retry, hours later,
 * goes to the person as they are then, about the advisory as it is then. A delivery that is no
 * longer PENDING is left alone, so a replayed or duplicated job never reaches a receiver twice
 * after success.
 *
 * The sending claim (`sending_by`, `sending_until`: this process, for SEND_LEASE, renewed while
 * the send lasts) keeps two live processes from sending the same delivery at once: a job that
 * BullMQ thought stalled (its lock lapsed while Redis restarted) and re-ran elsewhere, or a job the
 * reconciler re-added, finds the claim and waits for it instead (DeliveryInProgressError).
 *
 * What no design closes: a process killed (SIGKILL, OOM, power) after the receiver took the POST
 * and before the outcome is committed leaves a PENDING delivery whose claim expires; it is sent
 * again, with the same deliveryId (at-least-once: ALERTS.md's stable ids let a receiver drop it).
 * Only deliveries claimed by the dead process at that instant can be sent twice.
 */
@Injectable()
export class AlertDeliveryService {
  private readonly toRecord: (row: Record<string, unknown>) => AdvisoryRecord;
  /** This process's name on the sending claims it takes. */
  readonly owner = randomUUID();
  /** Claims and outcomes of the deliveries in flight, one statement per turn of the event loop. */
  private readonly claims = new StatementBatcher<string, DeliveryRow | undefined>((ids) => this.claimMany(ids));
  private readonly records = new StatementBatcher<Outcome, void>((outcomes) => this.recordMany(outcomes));
  /** What the recipients of the deliveries about to be sent may receive now, one statement per turn. */
  private readonly recipientAccess = new StatementBatcher<RecipientAsked, AccessLevel | null>((asked) => this.recipients.now(asked));
  /** Advisories by (id, version, status, last change), oldest first (see advisoryAsOf). */
  private readonly advisories = new Map<string, Promise<AdvisoryRecord | null>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly secrets: SigningSecrets,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
    private readonly recipients: AlertRecipientAccess,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  /**
   * @param finalAttempt this is the last attempt BullMQ will make: a failure marks the delivery FAILED.
   * Throws on a failure that should be retried.
   */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.claims.call(deliveryId);
    if (!row || row.status !== 'PENDING') return 'SKIPPED';
    if (!row.claimed) throw new DeliveryInProgressError(deliveryId, row.claim_left_ms + 100);
    if (!row.channel_usable) {
      await this.record(deliveryId, 'FAILED', 'the channel was removed, disabled or not confirmed');
      return 'FAILED';
    }
    const advisory = row.advisory_updated_at ? await this.advisoryAsOf(row) : null;
    const access = advisory ? await this.recipientAccess.call({ advisory, personId: row.person_id }) : null;
    if (!advisory || !access) {
      await this.record(deliveryId, 'CANCELLED', CANCELLED_REASON);
      return 'CANCELLED';
    }
    const payload = buildAlertPayload({
      deliveryId: row.id,
      alertId: row.alert_id,
      event: row.event,
      occurredAt: new Date(row.occurred_at),
      access,
      severity: row.severity,
      advisory,
      publicUrl: this.config.publicUrl,
    });
    const renewal = setInterval(() => void this.renewClaim(deliveryId), Math.max(100, Math.floor(this.settings.sendLeaseMs / 3)));
    renewal.unref();
    try {
      return await sendThroughChannel({
        channel: row,
        finalAttempt,
        what: 'delivery',
        openSecret: (sealed) => this.secrets.open(sealed),
        webhook: (target, secret) => this.webhooks.send(target, secret, payload),
        email: (target, encryptTo) => this.email.send(target, payload, { escalation: row.escalation, encryptTo }),
        record: (status, error) => this.record(deliveryId, status, error),
      });
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * The advisory as it is now, read once per change rather than once per delivery: a nationwide
   * fan-out builds tens of thousands of payloads from the same row (bodies of up to 100,000
   * characters). The key is the row's last change as the claim statement just read it, so a
   * payload is never built from an older state than the database's; concurrent misses share one read.
   */
  private advisoryAsOf(row: DeliveryRow): Promise<AdvisoryRecord | null> {
    const key = `${row.advisory_id}|${row.advisory_version}|${row.advisory_status}|${row.advisory_updated_at?.toISOString()}`;
    let entry = this.advisories.get(key);
    if (!entry) {
      entry = this.prepared<Record<string, unknown>>('alert-delivery-advisory', 'SELECT a.* FROM advisories a WHERE a.id = $1', [
        row.advisory_id,
      ]).then((rows) => (rows.length ? this.toRecord(rows[0]) : null));
      // A failed read is not kept: the next delivery reads again.
      entry.catch(() => this.advisories.delete(key));
      this.advisories.set(key, entry);
      if (this.advisories.size > ADVISORY_CACHE_SIZE) this.advisories.delete(this.advisories.keys().next().value as string);
    }
    return entry;
  }

  /** Extends this process's claim while a slow send lasts (best effort: a failure lets it lapse). */
  private async renewClaim(deliveryId: string): Promise<void> {
    try {
      await this.prepared(
        'alert-delivery-renew-claim',
        `UPDATE alert_deliveries SET sending_until = now() + make_interval(secs => $3::double precision / 1000)
         WHERE id = $1 AND status = 'PENDING' AND sending_by = $2::uuid`,
        [deliveryId, this.owner, this.settings.sendLeaseMs],
      );
    } catch {
      // the database is away: the claim lapses and, at worst, another process sends the delivery too
    }
  }

  /**
   * A named prepared statement on the DataSource's pg pool: each connection parses and plans it
   * once. A nationwide fan-out runs these three statements once per delivery, tens of thousands of
   * times, and planning the six-table join each time cost more than executing it.
   */
  private prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return runPreparedStatement<T>(this.dataSource, name, text, values);
  }

  /** Records an outcome and releases this process's claim (another process's claim is left alone). */
  private record(deliveryId: string, status: RecordedStatus, error: string | null): Promise<void> {
    return this.records.call({ id: deliveryId, status, error });
  }

  /**
   * Takes the sending claims of several deliveries and reads what their sends need, in one
   * statement: a claim is taken if the delivery is PENDING and unclaimed (or its lease ran out).
   * The SELECT sees the rows as they were before the claim. An id asked for twice in one batch is
   * claimed once: the second call finds it claimed (by this process) and waits like any other.
   */
  private async claimMany(ids: string[]): Promise<Array<DeliveryRow | undefined>> {
    const rows = await this.prepared<DeliveryRow>(
      'alert-delivery-claim-many',
      `WITH claim AS (
         UPDATE alert_deliveries SET sending_by = $2::uuid, sending_until = now() + make_interval(secs => $3::double precision / 1000)
         WHERE id = ANY($1::uuid[]) AND status = 'PENDING' AND (sending_until IS NULL OR sending_until < now())
         RETURNING id)
       SELECT d.id, d.status, (claim.id IS NOT NULL) AS claimed,
              greatest(0, ceil(extract(epoch FROM coalesce(d.sending_until, now()) - now()) * 1000))::int AS claim_left_ms, al.id AS alert_id, al.severity, al.advisory_id, c.person_id, c.kind, c.target,
              c.signing_secret_sealed, (c.enabled AND c.removed_at IS NULL AND c.verified) AS channel_usable, al.event,
              coalesce(src.occurred_at, o.occurred_at) AS occurred_at, (al.escalation_of IS NOT NULL) AS escalation,
              es.openpgp_public_key, coalesce(es.require_encryption, false) AS require_encryption,
              a.updated_at AS advisory_updated_at, a.version AS advisory_version, a.status AS advisory_status
       FROM alert_deliveries d
       LEFT JOIN claim ON claim.id = d.id
       JOIN alerts al ON al.id = d.alert_id
       LEFT JOIN advisories a ON a.id = al.advisory_id
       JOIN alert_channels c ON c.id = d.channel_id
       JOIN outbox_events o ON o.id = al.outbox_event_id
       LEFT JOIN outbox_events src ON src.id = o.escalation_of
       LEFT JOIN email_security_settings es ON es.person_id = c.person_id
       WHERE d.id = ANY($1::uuid[])`,
      [[...new Set(ids)], this.owner, this.settings.sendLeaseMs],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const handedOut = new Set<string>();
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row || !handedOut.has(id)) {
        handedOut.add(id);
        return row;
      }
      return { ...row, claimed: false, claim_left_ms: this.settings.sendLeaseMs };
    });
  }

  /**
   * Records several outcomes in one statement (see record); a delivery no longer PENDING is left as
   * it is. A cancellation is no attempt: nothing was sent.
   */
  private async recordMany(outcomes: Outcome[]): Promise<void[]> {
    const first = new Map<string, Outcome>();
    for (const outcome of outcomes) if (!first.has(outcome.id)) first.set(outcome.id, outcome);
    const unique = [...first.values()];
    await this.prepared(
      'alert-delivery-record-many',
      `UPDATE alert_deliveries d
       SET status = v.status, attempts = d.attempts + CASE WHEN v.status = 'CANCELLED' THEN 0 ELSE 1 END, last_error = v.error,
           delivered_at = CASE WHEN v.status = 'DELIVERED' THEN now() ELSE d.delivered_at END,
           sending_by = CASE WHEN d.sending_by = $4::uuid THEN NULL ELSE d.sending_by END,
           sending_until = CASE WHEN d.sending_by = $4::uuid THEN NULL ELSE d.sending_until END
       FROM unnest($1::uuid[], $2::varchar[], $3::text[]) AS v(id, status, error)
       WHERE d.id = v.id AND d.status = 'PENDING'`,
      [unique.map((o) => o.id), unique.map((o) => o.status), unique.map((o) => o.error), this.owner],
    );
    return outcomes.map(() => undefined);
  }
}
