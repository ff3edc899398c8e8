import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { AccessLevel, AlertChannelKind } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { SigningSecrets } from '../channels/signing-secret';
import type { OutboxEventType } from '../outbox/outbox-event.entity';
import { buildAlertPayload } from '../payload/alert-payload';
import { EmailSender } from './email-sender';
import { WebhookSender } from './webhook-sender';
import { sendThroughChannel } from './send-through-channel';

interface DeliveryRow {
  id: string;
  status: string;
  alert_id: string;
  severity: string;
  access: AccessLevel;
  advisory_id: string;
  kind: AlertChannelKind;
  target: string | null;
  signing_secret_sealed: string | null;
  channel_usable: boolean;
  event: OutboxEventType;
  occurred_at: Date;
  escalation: boolean;
  openpgp_public_key: string | null;
  require_encryption: boolean;
}

export type DeliveryOutcome = 'DELIVERED' | 'SKIPPED' | 'FAILED';

/**
 * One delivery: reload it (job payloads carry ids only), shape what this recipient may receive,
 * send it, record the outcome. A delivery that is no longer PENDING is left alone, so a replayed
 * or duplicated job never reaches a receiver twice after success.
 */
@Injectable()
export class AlertDeliveryService {
  private readonly toRecord: (row: Record<string, unknown>) => AdvisoryRecord;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly secrets: SigningSecrets,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  /**
   * @param finalAttempt this is the last attempt BullMQ will make: a failure marks the delivery FAILED.
   * Throws on a failure that should be retried.
   */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const [row] = await this.prepared<DeliveryRow>(
      'alert-delivery-row',
      `SELECT d.id, d.status, al.id AS alert_id, al.severity, al.access, al.advisory_id, c.kind, c.target,
              c.signing_secret_sealed, (c.enabled AND c.removed_at IS NULL) AS channel_usable, al.event,
              coalesce(src.occurred_at, o.occurred_at) AS occurred_at, (al.escalation_of IS NOT NULL) AS escalation,
              es.openpgp_public_key, coalesce(es.require_encryption, false) AS require_encryption
       FROM alert_deliveries d
       JOIN alerts al ON al.id = d.alert_id
       JOIN alert_channels c ON c.id = d.channel_id
       JOIN outbox_events o ON o.id = al.outbox_event_id
       LEFT JOIN outbox_events src ON src.id = o.escalation_of
       LEFT JOIN email_security_settings es ON es.person_id = c.person_id
       WHERE d.id = $1`,
      [deliveryId],
    );
    if (!row || row.status !== 'PENDING') return 'SKIPPED';
    if (!row.channel_usable) {
      await this.record(deliveryId, 'FAILED', 'the channel was removed or disabled');
      return 'FAILED';
    }
    const advisoryRows = await this.prepared<Record<string, unknown>>('alert-delivery-advisory', 'SELECT a.* FROM advisories a WHERE a.id = $1', [
      row.advisory_id,
    ]);
    if (advisoryRows.length === 0) {
      await this.record(deliveryId, 'FAILED', 'the advisory no longer exists');
      return 'FAILED';
    }
    const payload = buildAlertPayload({
      deliveryId: row.id,
      alertId: row.alert_id,
      event: row.event,
      occurredAt: new Date(row.occurred_at),
      access: row.access,
      severity: row.severity,
      advisory: this.toRecord(advisoryRows[0]),
      publicUrl: this.config.publicUrl,
    });
    return sendThroughChannel({
      channel: row,
      finalAttempt,
      what: 'delivery',
      openSecret: (sealed) => this.secrets.open(sealed),
      webhook: (target, secret) => this.webhooks.send(target, secret, payload),
      email: (target, encryptTo) => this.email.send(target, payload, { escalation: row.escalation, encryptTo }),
      record: (status, error) => this.record(deliveryId, status, error),
    });
  }

  /**
   * A named prepared statement on the DataSource's pg pool: each connection parses and plans it
   * once. A nationwide fan-out runs these three statements once per delivery, tens of thousands of
   * times, and planning the six-table join each time cost more than executing it.
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master?: { query(config: object): Promise<{ rows: T[] }> } }).master;
    if (!pool) return this.dataSource.query<T[]>(text, values);
    return (await pool.query({ name, text, values })).rows;
  }

  private async record(deliveryId: string, status: 'PENDING' | 'DELIVERED' | 'FAILED', error: string | null): Promise<void> {
    await this.prepared(
      'alert-delivery-record',
      `UPDATE alert_deliveries
       SET status = $2::varchar, attempts = attempts + 1, last_error = $3::text,
           delivered_at = CASE WHEN $2::varchar = 'DELIVERED' THEN now() ELSE delivered_at END
       WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, status, error],
    );
  }
}
