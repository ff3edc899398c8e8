import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { sendThroughChannel } from '@app/alerts/deliveries/send-through-channel';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { AlertChannelKind } from '@app/platform/vocabulary';

interface ReminderRow {
  id: string;
  status: string;
  incident_id: string;
  report_id: string;
  due_at: Date;
  submitted_at: Date;
  still_overdue: boolean;
  email: string;
  person_active: boolean;
  openpgp_public_key: string | null;
  require_encryption: boolean;
}

export type ReminderOutcome = 'DELIVERED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';

/**
 * E-mails one follow-up reminder to the FIRST report's author, through the alert machinery
 * (sendThroughChannel: encrypted to their OpenPGP key when they registered one, never in
 * plaintext when they require encryption). The message names the incident and the due time only,
 * never the report's content. A follow-up that arrived meanwhile cancels it.
 */
@Injectable()
export class IncidentReminderSenderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly email: EmailSender,
  ) {}

  async send(reminderId: string, finalAttempt: boolean): Promise<ReminderOutcome> {
    const [row] = await this.dataSource.query<ReminderRow[]>(
      `SELECT m.id, m.status, m.incident_id, m.report_id, m.due_at, r.submitted_at,
              (c.status = 'OPEN' AND c.latest_stage = 'FIRST') AS still_overdue,
              p.email, p.active AS person_active, es.openpgp_public_key, coalesce(es.require_encryption, false) AS require_encryption
       FROM incident_follow_up_reminders m
       JOIN incident_cases c ON c.id = m.incident_id
       JOIN incident_reports r ON r.id = m.report_id
       JOIN persons p ON p.id = m.person_id
       LEFT JOIN email_security_settings es ON es.person_id = p.id
       WHERE m.id = $1`,
      [reminderId],
    );
    if (!row || row.status !== 'PENDING') return 'SKIPPED';
    const record = (status: 'DELIVERED' | 'FAILED' | 'PENDING' | 'CANCELLED', error: string | null) =>
      this.record(reminderId, status, error);
    if (!row.still_overdue) {
      await record('CANCELLED', 'a follow-up report arrived before the reminder went out');
      return 'CANCELLED';
    }
    if (!row.person_active) {
      await record('FAILED', 'the reporter is no longer active');
      return 'FAILED';
    }
    if (!this.email.enabled) {
      await record('FAILED', 'no SMTP server is configured: the reminder is shown in the platform only');
      return 'FAILED';
    }
    const url = `${this.config.publicUrl}/incidents/${row.incident_id}`;
    return sendThroughChannel({
      channel: {
        kind: AlertChannelKind.EMAIL,
        target: row.email,
        signing_secret_sealed: null,
        openpgp_public_key: row.openpgp_public_key,
        require_encryption: row.require_encryption,
      },
      finalAttempt,
      what: 'reminder',
      openSecret: () => '',
      webhook: () => Promise.reject(new Error('reminders go by e-mail')),
      email: (target, encryptTo) =>
        this.email.sendMessage(
          target,
          {
            subject: '[Follow-up due] Your incident report awaits a follow-up',
            encryptedSubject: '[Follow-up due] Council reminder (encrypted)',
            text: [
              `The incident you reported on ${new Date(row.submitted_at).toISOString()} was due for a follow-up report by ${new Date(row.due_at).toISOString()}.`,
              '',
              'Please add a FOLLOW_UP (or the FINAL) report in the platform, even if little is known yet:',
              url,
              '',
              `Incident ${row.incident_id}`,
            ].join('\n'),
            headers: { 'X-Council-Delivery': row.id, 'X-Council-Incident': row.incident_id },
          },
          { encryptTo },
        ),
      record,
    });
  }

  private async record(reminderId: string, status: 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED', error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE incident_follow_up_reminders
       SET status = $2::varchar, attempts = attempts + CASE WHEN $2::varchar = 'CANCELLED' THEN 0 ELSE 1 END, last_error = $3::text,
           delivered_at = CASE WHEN $2::varchar = 'DELIVERED' THEN now() ELSE delivered_at END
       WHERE id = $1 AND status = 'PENDING'`,
      [reminderId, status, error],
    );
  }
}
