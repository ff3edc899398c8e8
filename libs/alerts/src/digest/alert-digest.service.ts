import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { db, typedSql } from '@app/platform/database/typed-sql';
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
      await typedSql(manager).execute(db.selectNoFrom(sql<void>`pg_advisory_xact_lock(hashtext('alert-digest-collect'))`.as('locked')));
      const digests = await typedSql(manager).rows(
        db
          .insertInto('alert_digests')
          .columns(['channel_id'])
          .expression(
            db
              .selectFrom('alert_deliveries as d')
              .select('d.channel_id')
              .distinct()
              .where('d.status', '=', sql.lit('DIGEST'))
              .where('d.digest_id', 'is', null),
          )
          .returning('id'),
      );
      if (digests.length === 0) return 0;
      await typedSql(manager).execute(
        db
          .updateTable('alert_deliveries as d')
          .from('alert_digests as g')
          .set((eb) => ({ digest_id: eb.ref('g.id') }))
          .where('g.id', '=', sql<string>`ANY(${digests.map((g) => g.id)}::uuid[])`)
          .whereRef('d.channel_id', '=', 'g.channel_id')
          .where('d.status', '=', sql.lit('DIGEST'))
          .where('d.digest_id', 'is', null),
      );
      return digests.length;
    });
    const pending = await typedSql(this.dataSource).rows(
      db.selectFrom('alert_digests').select('id').where('status', '=', sql.lit('PENDING')).orderBy('created_at').orderBy('id'),
    );
    if (created > 0) this.logger.log(`${created} digest(s) collected, ${pending.length} to send`);
    return pending.map((row) => row.id);
  }

  /** Sends one digest. Throws on a failure to retry; on the final attempt the digest and its deliveries are FAILED. */
  async send(digestId: string, finalAttempt: boolean): Promise<DigestOutcome> {
    const digest: DigestRow | undefined = await typedSql(this.dataSource).first(
      db
        .selectFrom('alert_digests as g')
        .innerJoin('alert_channels as c', 'c.id', 'g.channel_id')
        .leftJoin('email_security_settings as es', 'es.person_id', 'c.person_id')
        .select((eb) => [
          'g.id',
          'g.status',
          'c.person_id',
          'c.kind',
          'c.target',
          'c.signing_secret_sealed',
          sql<boolean>`(${eb.ref('c.enabled')} AND ${eb.ref('c.removed_at')} IS NULL AND ${eb.ref('c.verified')})`.as('channel_usable'),
          'es.openpgp_public_key',
          sql<boolean>`coalesce(${eb.ref('es.require_encryption')}, false)`.as('require_encryption'),
        ])
        .$narrowType<{ kind: AlertChannelKind }>()
        .where('g.id', '=', digestId),
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
    const rows: ItemRow[] = await typedSql(this.dataSource).rows(
      db
        .selectFrom('alert_deliveries as d')
        .innerJoin('alerts as al', 'al.id', 'd.alert_id')
        .innerJoin('outbox_events as o', 'o.id', 'al.outbox_event_id')
        .select(['d.id', 'al.id as alert_id', 'al.severity', 'al.advisory_id', 'al.event', 'o.occurred_at'])
        .$narrowType<{ event: OutboxEventType }>()
        .where('d.digest_id', '=', digestId)
        .where('d.status', '=', sql.lit('DIGEST'))
        .orderBy('o.occurred_at')
        .orderBy('d.id'),
    );
    const advisoryIds = [...new Set(rows.map((row) => row.advisory_id))];
    const advisories = new Map<string, AdvisoryRecord>();
    if (advisoryIds.length > 0) {
      const found = await typedSql(this.dataSource).rows(
        db
          .selectFrom('advisories as a')
          .selectAll('a')
          .where('a.id', '=', sql<string>`ANY(${advisoryIds}::uuid[])`),
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
      await typedSql(this.dataSource).execute(
        db
          .updateTable('alert_deliveries')
          .set({ status: sql.lit('CANCELLED'), last_error: sql<string>`${CANCELLED_REASON}::text` })
          .where('id', '=', sql<string>`ANY(${dropped}::uuid[])`)
          .where('digest_id', '=', digestId)
          .where('status', '=', sql.lit('DIGEST')),
      );
    }
    return { deliveryId: digestId, event: 'digest', occurredAt: new Date().toISOString(), items };
  }

  private async record(digestId: string, status: RecordedStatus, error: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await typedSql(manager).execute(
        db.updateTable('alert_digests').set(outcome(status, error)).where('id', '=', digestId).where('status', '=', sql.lit('PENDING')),
      );
      if (status === 'PENDING') return;
      await typedSql(manager).execute(
        db
          .updateTable('alert_deliveries')
          .set(outcome(status, error))
          .where('digest_id', '=', digestId)
          .where('status', '=', sql.lit('DIGEST')),
      );
    });
  }
}

/** The columns a send's outcome sets, alike on the digest and on its deliveries (a cancel is not an attempt). */
function outcome(status: RecordedStatus, error: string | null) {
  const recorded = sql<string>`${status}::varchar`;
  return {
    status: recorded,
    attempts: sql<number>`attempts + CASE WHEN ${recorded} = 'CANCELLED' THEN 0 ELSE 1 END`,
    last_error: sql<string | null>`${error}::text`,
    delivered_at: sql<Date | null>`CASE WHEN ${recorded} = 'DELIVERED' THEN now() ELSE delivered_at END`,
  };
}
