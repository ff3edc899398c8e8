import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import type { AlertChannelKind } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { SigningSecrets } from '../channels/signing-secret';
import { AlertRecipientAccess, CANCELLED_REASON } from '../deliveries/alert-recipient-access';
import { EmailSender } from '../deliveries/email-sender';
import { sendThroughChannel } from '../deliveries/send-through-channel';
import { WebhookSender } from '../deliveries/webhook-sender';
import type { OutboxEventType } from '@app/outbox/outbox-event.entity';
import { buildAlertPayload, type AlertPayload } from '../payload/alert-payload';

export const DIGEST_QUEUE = 'alert-digest';
export const DIGEST_COLLECT_JOB = 'collect';
export const DIGEST_SEND_JOB = 'send';
export const DIGEST_QUEUE_JOBS = { [DIGEST_QUEUE]: [DIGEST_COLLECT_JOB, DIGEST_SEND_JOB] } as const satisfies Record<
  string,
  readonly string[]
>;

/** 'collect': the daily run (a BullMQ job scheduler); 'send': one channel's digest. */
export interface DigestJobData {
  digestId?: string;
}

/**
 * The body of a digest webhook POST (signed like every delivery, X-Council-Delivery = deliveryId =
 * the digest's id): each item is exactly the payload the alert would have had on its own
 * (ALERTS.md "What an alert carries": no body, indicators, originator or audience, and no field of
 * a COUNCIL_CONFIDENTIAL or IESI view), its deliveryId the item's own delivery id.
 */
export interface DigestPayload {
  deliveryId: string;
  event: 'digest';
  occurredAt: string;
  items: AlertPayload[];
}

interface DigestRow {
  id: string;
  status: string;
  /** The recipient: the channel's person. */
  person_id: string;
  kind: AlertChannelKind;
  target: string | null;
  signing_secret_sealed: string | null;
  channel_usable: boolean;
  openpgp_public_key: string | null;
  require_encryption: boolean;
}

interface ItemRow {
  id: string;
  alert_id: string;
  severity: string;
  advisory_id: string;
  event: OutboxEventType;
  occurred_at: Date;
}

export type DigestOutcome = 'DELIVERED' | 'SKIPPED' | 'FAILED' | 'CANCELLED';

type RecordedStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/**
 * The daily digest (issue 4): LOW and INFO alerts of channels that asked for it wait as DIGEST
 * deliveries (the fan-out never enqueues them); once a day `collect` gives each such channel one
 * digest carrying all of them, and `send` delivers it and marks its deliveries with its outcome.
 * CRITICAL and HIGH never wait (the fan-out only makes LOW and INFO deliveries DIGEST), and digests
 * have their own queue, so nothing urgent ever waits behind one.
 *
 * Like every send, a digest is decided when it is sent (AlertRecipientAccess): an item about an
 * advisory the person may no longer receive is dropped and its delivery CANCELLED, the others carry
 * what the person may read now; a digest left with no item is CANCELLED, not sent.
 */
@Injectable()
export class AlertDigestService {
  private readonly logger = new Logger('AlertDigest');
  private readonly toRecord: (row: Record<string, unknown>) => AdvisoryRecord;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly secrets: SigningSecrets,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
    private readonly recipients: AlertRecipientAccess,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  /**
   * Set-based: one new digest per channel with waiting deliveries, which it takes. Returns the ids
   * of every PENDING digest (also those of earlier runs whose job Redis may have lost: their job
   * ids are stable, so re-adding them changes nothing while they exist).
   */
  async collect(): Promise<string[]> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alert-digest-collect'))`);
      const digests: Array<{ id: string }> = await manager.query(
        `INSERT INTO alert_digests (channel_id)
         SELECT DISTINCT d.channel_id FROM alert_deliveries d WHERE d.status = 'DIGEST' AND d.digest_id IS NULL
         RETURNING id`,
      );
      if (digests.length === 0) return 0;
      await manager.query(
        `UPDATE alert_deliveries d SET digest_id = g.id
         FROM alert_digests g
         WHERE g.id = ANY($1::uuid[]) AND d.channel_id = g.channel_id AND d.status = 'DIGEST' AND d.digest_id IS NULL`,
        [digests.map((g) => g.id)],
      );
      return digests.length;
    });
    const pending = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM alert_digests WHERE status = 'PENDING' ORDER BY created_at, id`,
    );
    if (created > 0) this.logger.log(`${created} digest(s) collected, ${pending.length} to send`);
    return pending.map((row) => row.id);
  }

  /** Sends one digest. Throws on a failure to retry; on the final attempt the digest and its deliveries are FAILED. */
  async send(digestId: string, finalAttempt: boolean): Promise<DigestOutcome> {
    const [digest] = await this.dataSource.query<DigestRow[]>(
      `SELECT g.id, g.status, c.person_id, c.kind, c.target, c.signing_secret_sealed, (c.enabled AND c.removed_at IS NULL AND c.verified) AS channel_usable,
              es.openpgp_public_key, coalesce(es.require_encryption, false) AS require_encryption
       FROM alert_digests g JOIN alert_channels c ON c.id = g.channel_id
       LEFT JOIN email_security_settings es ON es.person_id = c.person_id
       WHERE g.id = $1`,
      [digestId],
    );
    if (!digest || digest.status !== 'PENDING') return 'SKIPPED';
    if (!digest.channel_usable) {
      await this.record(digestId, 'FAILED', 'the channel was removed, disabled or not confirmed');
      return 'FAILED';
    }
    const payload = await this.payloadOf(digestId, digest.person_id);
    if (payload.items.length === 0) {
      await this.record(digestId, 'CANCELLED', 'not sent: when it was due, its recipient could no longer receive any of its advisories');
      return 'CANCELLED';
    }
    return sendThroughChannel({
      channel: digest,
      finalAttempt,
      what: 'digest',
      openSecret: (sealed) => this.secrets.open(sealed),
      webhook: (target, secret) => this.webhooks.send(target, secret, payload),
      email: (target, encryptTo) => this.email.sendDigest(target, payload, { encryptTo }),
      record: (status, error) => this.record(digestId, status, error),
    });
  }

  /**
   * The items, oldest first, each shaped by buildAlertPayload from what the recipient may read now;
   * the deliveries of the items they may no longer receive are CANCELLED here, before the send.
   */
  private async payloadOf(digestId: string, personId: string): Promise<DigestPayload> {
    const rows = await this.dataSource.query<ItemRow[]>(
      `SELECT d.id, al.id AS alert_id, al.severity, al.advisory_id, al.event, o.occurred_at
       FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id JOIN outbox_events o ON o.id = al.outbox_event_id
       WHERE d.digest_id = $1 AND d.status = 'DIGEST'
       ORDER BY o.occurred_at, d.id`,
      [digestId],
    );
    const advisoryIds = [...new Set(rows.map((row) => row.advisory_id))];
    const advisories = new Map<string, AdvisoryRecord>();
    if (advisoryIds.length > 0) {
      const found = await this.dataSource.query<Array<Record<string, unknown>>>(
        'SELECT a.* FROM advisories a WHERE a.id = ANY($1::uuid[])',
        [advisoryIds],
      );
      for (const row of found) advisories.set(String(row.id), this.toRecord(row));
    }
    const readable = rows.filter((row) => advisories.has(row.advisory_id));
    const access = await this.recipients.now(
      readable.map((row) => ({ advisory: advisories.get(row.advisory_id) as AdvisoryRecord, personId })),
    );
    const items: AlertPayload[] = [];
    const kept = new Set<string>();
    readable.forEach((row, index) => {
      const level = access[index];
      if (!level) return;
      kept.add(row.id);
      items.push(
        buildAlertPayload({
          deliveryId: row.id,
          alertId: row.alert_id,
          event: row.event,
          occurredAt: new Date(row.occurred_at),
          access: level,
          severity: row.severity,
          advisory: advisories.get(row.advisory_id) as AdvisoryRecord,
          publicUrl: this.config.publicUrl,
        }),
      );
    });
    const dropped = rows.filter((row) => !kept.has(row.id)).map((row) => row.id);
    if (dropped.length > 0) {
      await this.dataSource.query(
        `UPDATE alert_deliveries SET status = 'CANCELLED', last_error = $3::text
         WHERE id = ANY($2::uuid[]) AND digest_id = $1 AND status = 'DIGEST'`,
        [digestId, dropped, CANCELLED_REASON],
      );
    }
    return { deliveryId: digestId, event: 'digest', occurredAt: new Date().toISOString(), items };
  }

  private async record(digestId: string, status: RecordedStatus, error: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE alert_digests
         SET status = $2::varchar, attempts = attempts + CASE WHEN $2::varchar = 'CANCELLED' THEN 0 ELSE 1 END, last_error = $3::text,
             delivered_at = CASE WHEN $2::varchar = 'DELIVERED' THEN now() ELSE delivered_at END
         WHERE id = $1 AND status = 'PENDING'`,
        [digestId, status, error],
      );
      if (status === 'PENDING') return;
      await manager.query(
        `UPDATE alert_deliveries
         SET status = $2::varchar, attempts = attempts + CASE WHEN $2::varchar = 'CANCELLED' THEN 0 ELSE 1 END, last_error = $3::text,
             delivered_at = CASE WHEN $2::varchar = 'DELIVERED' THEN now() ELSE delivered_at END
         WHERE digest_id = $1 AND status = 'DIGEST'`,
        [digestId, status, error],
      );
    });
  }
}
