import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { sendThroughChannel } from '@app/alerts/deliveries/send-through-channel';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { AlertChannelKind } from '@app/platform/vocabulary';

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
    const row = await typedSql(this.dataSource).first(
      db
        .selectFrom('incident_follow_up_reminders as m')
        .innerJoin('incident_cases as c', 'c.id', 'm.incident_id')
        .innerJoin('incident_reports as r', 'r.id', 'm.report_id')
        .innerJoin('persons as p', 'p.id', 'm.person_id')
        .leftJoin('email_security_settings as es', 'es.person_id', 'p.id')
        .select((eb) => [
          'm.id',
          'm.status',
          'm.incident_id',
          'm.report_id',
          'm.due_at',
          'r.submitted_at',
          sql<boolean>`(c.status = 'OPEN' AND c.latest_stage = 'FIRST')`.as('still_overdue'),
          'p.email',
          'p.active as person_active',
          'es.openpgp_public_key',
          eb.fn.coalesce('es.require_encryption', sql<boolean>`false`).as('require_encryption'),
        ])
        .where('m.id', '=', reminderId),
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
    // A cancellation is no attempt; only a delivery stamps the delivery time.
    await typedSql(this.dataSource).execute(
      db
        .updateTable('incident_follow_up_reminders')
        .set((eb) => ({
          status,
          attempts: eb('attempts', '+', status === 'CANCELLED' ? 0 : 1),
          last_error: error,
          delivered_at: status === 'DELIVERED' ? sql<Date>`now()` : eb.ref('delivered_at'),
        }))
        .where('id', '=', reminderId)
        .where('status', '=', 'PENDING'),
    );
  }
}
