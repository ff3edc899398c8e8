import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { SigningSecrets } from '@app/alerts/channels/signing-secret';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { sendThroughChannel } from '@app/alerts/deliveries/send-through-channel';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { AlertChannelKind } from '@app/platform/vocabulary';
import { mayStillDeliver } from '@app/policy/incidents/incident-routing-decision';
import { buildIncidentDeliveryPayload, incidentDeliveryMail, type IncidentDeliveryRow } from './incident-delivery-payload';

export type IncidentDeliveryOutcome = 'DELIVERED' | 'SKIPPED' | 'FAILED' | 'CANCELLED';

/** The recorded reason of a CANCELLED delivery; the reporter's side reads it as it is. */
export const CONSENT_WITHDRAWN = 'the reporter withdrew consent before it was sent';

/** What the payload needs, narrowed from the columns' text to the vocabulary they hold. */
type SendRowVocabulary = Pick<
  IncidentDeliveryRow,
  'authority_kind' | 'stage' | 'incident_type' | 'sectors_affected' | 'severity' | 'permitted_purposes' | 'organisation_sectors'
>;

/**
 * One report to one authority (worker): reload it (jobs carry ids only), send it through the
 * alert senders (sendThroughChannel: signed webhook or e-mail), record the outcome. A delivery that
 * is no longer PENDING is left alone, so a replayed job never reaches an authority twice after
 * success; retries reuse the deliveryId. Consent is checked again before sending (libs/policy
 * mayStillDeliver): a delivery to an authority that needs the reporter's consent, which the
 * incident's latest report no longer gives, is CANCELLED and never sent, nor retried.
 */
@Injectable()
export class IncidentDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SigningSecrets,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  /** Throws on a failure that should be retried; `finalAttempt`: a failure now is FAILED for good. */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<IncidentDeliveryOutcome> {
    const row = await typedSql(this.dataSource).first(
      db
        .selectFrom('incident_deliveries as d')
        .innerJoin('reporting_authorities as a', 'a.id', 'd.authority_id')
        .innerJoin('incident_reports as r', 'r.id', 'd.report_id')
        .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
        // The consent as the incident's latest report gives it (a follow-up carries it over).
        .crossJoinLateral((eb) =>
          eb
            .selectFrom('incident_reports as l')
            .select(['l.consent_to_police', 'l.permitted_authority_ids'])
            .whereRef('l.incident_id', '=', 'd.incident_id')
            .orderBy('l.sequence', 'desc')
            .limit(1)
            .as('latest'),
        )
        .select([
          'd.id',
          'd.status',
          'd.authority_id',
          'a.kind as authority_kind',
          'a.active as authority_active',
          'a.requires_reporter_consent',
          'a.channel_kind',
          'a.target',
          'a.signing_secret_sealed',
          'a.openpgp_public_key',
          'd.incident_id',
          'd.report_id',
          'r.stage',
          'r.sequence',
          'r.submitted_at',
          'r.detected_at',
          'r.occurred_at',
          'r.what_was_seen',
          'r.affected_service',
          'r.incident_type',
          'r.sectors_affected',
          'r.personal_data_involved',
          'r.severity',
          'r.impact',
          'r.actions_taken',
          'r.indicators',
          'r.details',
          'r.permitted_purposes',
          'r.contact',
          'o.id as organisation_id',
          'o.name as organisation_name',
          'o.sectors as organisation_sectors',
          'o.prefecture as organisation_prefecture',
          'latest.consent_to_police as latest_consent_to_police',
          sql<string[]>`${sql.ref('latest.permitted_authority_ids')}::text[]`.as('latest_permitted_authority_ids'),
        ])
        .where('d.id', '=', deliveryId)
        .$narrowType<SendRowVocabulary>(),
    );
    if (!row || row.status !== 'PENDING') return 'SKIPPED';
    const record = (status: 'DELIVERED' | 'FAILED' | 'PENDING', error: string | null) => this.record(deliveryId, status, error);
    if (!row.authority_active) {
      await record('FAILED', 'the reporting authority was deactivated after the report was routed to it');
      return 'FAILED';
    }
    const authority = { id: row.authority_id, kind: row.authority_kind, requiresReporterConsent: row.requires_reporter_consent };
    const consent = { consentToPolice: row.latest_consent_to_police, permittedAuthorityIds: row.latest_permitted_authority_ids };
    if (!mayStillDeliver(authority, consent)) {
      await typedSql(this.dataSource).execute(
        db
          .updateTable('incident_deliveries')
          .set({ status: 'CANCELLED', last_error: CONSENT_WITHDRAWN })
          .where('id', '=', deliveryId)
          .where('status', '=', 'PENDING'),
      );
      return 'CANCELLED';
    }
    const payload = buildIncidentDeliveryPayload(row);
    return sendThroughChannel({
      channel: {
        kind: row.channel_kind as AlertChannelKind,
        target: row.target,
        signing_secret_sealed: row.signing_secret_sealed,
        // An authority with a key gets encrypted e-mail only: an unusable key fails the delivery, never plaintext.
        openpgp_public_key: row.openpgp_public_key,
        require_encryption: row.openpgp_public_key !== null,
      },
      finalAttempt,
      what: 'incident report',
      openSecret: (sealed) => this.secrets.open(sealed),
      webhook: (target, secret) => this.webhooks.send(target, secret, payload),
      email: (target, encryptTo) => this.email.sendMessage(target, incidentDeliveryMail(payload), { encryptTo }),
      record,
    });
  }

  private async record(deliveryId: string, status: 'PENDING' | 'DELIVERED' | 'FAILED', error: string | null): Promise<void> {
    // Only a delivery stamps the delivery time.
    await typedSql(this.dataSource).execute(
      db
        .updateTable('incident_deliveries')
        .set((eb) => ({
          status,
          attempts: eb('attempts', '+', 1),
          last_error: error,
          delivered_at: status === 'DELIVERED' ? sql<Date>`now()` : eb.ref('delivered_at'),
        }))
        .where('id', '=', deliveryId)
        .where('status', '=', 'PENDING'),
    );
  }
}
