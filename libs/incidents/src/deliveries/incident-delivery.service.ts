import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SigningSecrets } from '@app/alerts/channels/signing-secret';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { sendThroughChannel } from '@app/alerts/deliveries/send-through-channel';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { AlertChannelKind } from '@app/platform/vocabulary';
import { mayStillDeliver } from '@app/policy/incidents/incident-routing-decision';
import { buildIncidentDeliveryPayload, incidentDeliveryMail, type IncidentDeliveryRow } from './incident-delivery-payload';

export type IncidentDeliveryOutcome = 'DELIVERED' | 'SKIPPED' | 'FAILED' | 'CANCELLED';

/** The recorded reason of a CANCELLED delivery; the reporter's side reads it as it is. */
export const CONSENT_WITHDRAWN = 'the reporter withdrew consent before it was sent';

interface SendRow extends IncidentDeliveryRow {
  status: string;
  authority_active: boolean;
  requires_reporter_consent: boolean;
  /** The consent as the incident's latest report gives it (a follow-up carries it over). */
  latest_consent_to_police: boolean;
  latest_permitted_authority_ids: string[];
  channel_kind: string;
  target: string;
  signing_secret_sealed: string | null;
  openpgp_public_key: string | null;
}

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
    const [row] = await this.dataSource.query<SendRow[]>(
      `SELECT d.id, d.status, d.authority_id, a.kind AS authority_kind, a.active AS authority_active, a.requires_reporter_consent, a.channel_kind, a.target,
              a.signing_secret_sealed, a.openpgp_public_key, d.incident_id, d.report_id, r.stage, r.sequence, r.submitted_at, r.detected_at, r.occurred_at,
              r.what_was_seen, r.affected_service, r.incident_type, r.sectors_affected, r.personal_data_involved, r.severity,
              r.impact, r.actions_taken, r.indicators, r.details, r.permitted_purposes, r.contact,
              o.id AS organisation_id, o.name AS organisation_name, o.sectors AS organisation_sectors, o.prefecture AS organisation_prefecture,
              latest.consent_to_police AS latest_consent_to_police, latest.permitted_authority_ids::text[] AS latest_permitted_authority_ids
       FROM incident_deliveries d
       JOIN reporting_authorities a ON a.id = d.authority_id
       JOIN incident_reports r ON r.id = d.report_id
       LEFT JOIN organisations o ON o.id = r.organisation_id
       CROSS JOIN LATERAL (
         SELECT l.consent_to_police, l.permitted_authority_ids FROM incident_reports l
         WHERE l.incident_id = d.incident_id ORDER BY l.sequence DESC LIMIT 1
       ) latest
       WHERE d.id = $1`,
      [deliveryId],
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
      await this.dataSource.query(
        `UPDATE incident_deliveries SET status = 'CANCELLED', last_error = $2::text WHERE id = $1 AND status = 'PENDING'`,
        [deliveryId, CONSENT_WITHDRAWN],
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
    await this.dataSource.query(
      `UPDATE incident_deliveries
       SET status = $2::varchar, attempts = attempts + 1, last_error = $3::text,
           delivered_at = CASE WHEN $2::varchar = 'DELIVERED' THEN now() ELSE delivered_at END
       WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, status, error],
    );
  }
}
