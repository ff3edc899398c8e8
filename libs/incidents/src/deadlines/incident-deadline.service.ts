import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import type { IncidentType } from '@app/platform/vocabulary';
import { defineIncidentRoutingAbility } from '@app/policy/incidents/incident-routing-ability';
import type { Reader } from '@app/policy/reader';
import { DEFAULT_DEADLINE_SCOPE } from './incident-follow-up-deadline.entity';
import type { ReminderStatus } from './incident-follow-up-reminder.entity';

/** The follow-up time when the secretariat has set none: three days after the FIRST report. */
export const BUILT_IN_FOLLOW_UP_SECONDS = 72 * 3600;
export const MIN_FOLLOW_UP_SECONDS = 60;
export const MAX_FOLLOW_UP_SECONDS = 90 * 86_400;

export interface FollowUpDeadlineSetting {
  /** null: the global default. */
  incidentType: IncidentType | null;
  followUpSeconds: number;
  updatedAt: Date | null;
}

export interface OverdueIncident {
  incidentId: string;
  reportId: string;
  organisationId: string | null;
  organisationName: string | null;
  authorId: string;
  incidentType: IncidentType | null;
  submittedAt: Date;
  dueAt: Date;
  reminderStatus: ReminderStatus | null;
  remindedAt: Date | null;
}

/** The follow-up state of one FIRST report, as its readers see it on the report. */
export interface FollowUpState {
  dueAt: Date;
  /** No FOLLOW_UP or FINAL yet, and the due time has passed. */
  overdue: boolean;
  /** A FOLLOW_UP or FINAL arrived. */
  followedUp: boolean;
  reminderStatus: ReminderStatus | null;
  remindedAt: Date | null;
}

/**
 * The follow-up time of each incident, from its FIRST report: the setting for the FIRST report's
 * incident type, else the DEFAULT setting, else BUILT_IN_FOLLOW_UP_SECONDS. Evaluated when asked,
 * so a changed setting applies to incidents already open.
 */
const DUE = sql<Date>`r.submitted_at + make_interval(secs => coalesce(t.follow_up_seconds, d.follow_up_seconds, ${sql.lit(BUILT_IN_FOLLOW_UP_SECONDS)}))`;
const FIRST_REPORTS = db
  .selectFrom('incident_cases as c')
  .innerJoin('incident_reports as r', (join) => join.onRef('r.incident_id', '=', 'c.id').on('r.sequence', '=', sql.lit(1)))
  .leftJoin('incident_follow_up_deadlines as t', 't.scope', 'r.incident_type')
  .leftJoin('incident_follow_up_deadlines as d', (join) => join.on('d.scope', '=', sql.lit(DEFAULT_DEADLINE_SCOPE)));
/** Overdue: the incident is open, its latest report is still the FIRST, and the due time passed. */
const overdueAt = (now: Date) => sql<boolean>`c.status = 'OPEN' AND c.latest_stage = 'FIRST' AND ${DUE} <= ${now}`;

/**
 * Deadlines (issue 6): the secretariat's follow-up times, the overdue list, and one reminder per
 * overdue incident. A reminder row is written once (unique per incident) by the worker's periodic
 * check; the row is the outbox of its e-mail job (incident-outbox-sources.ts), and the
 * reminder is visible in the platform on the report (followUp) and in the overdue list.
 */
@Injectable()
export class IncidentDeadlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async settings(reader: Reader): Promise<FollowUpDeadlineSetting[]> {
    this.assert(reader, 'configure');
    const rows = await typedSql(this.dataSource).rows(
      db.selectFrom('incident_follow_up_deadlines').select(['scope', 'follow_up_seconds', 'updated_at']).orderBy('scope'),
    );
    const defaultRow = rows.find((row) => row.scope === DEFAULT_DEADLINE_SCOPE);
    return [
      {
        incidentType: null,
        followUpSeconds: defaultRow?.follow_up_seconds ?? BUILT_IN_FOLLOW_UP_SECONDS,
        updatedAt: defaultRow?.updated_at ?? null,
      },
      ...rows
        .filter((row) => row.scope !== DEFAULT_DEADLINE_SCOPE)
        .map((row) => ({ incidentType: row.scope as IncidentType, followUpSeconds: row.follow_up_seconds, updatedAt: row.updated_at })),
    ];
  }

  /**
   * Sets the follow-up time of one incident type, or the global default (incidentType null).
   * `followUpSeconds` null removes a type's own setting (it then follows the default); the
   * default itself cannot be removed, only changed. Audited.
   */
  async set(reader: Reader, incidentType: IncidentType | null, followUpSeconds: number | null): Promise<FollowUpDeadlineSetting[]> {
    this.assert(reader, 'configure');
    if (
      followUpSeconds !== null &&
      (!Number.isInteger(followUpSeconds) || followUpSeconds < MIN_FOLLOW_UP_SECONDS || followUpSeconds > MAX_FOLLOW_UP_SECONDS)
    ) {
      throw inputProblem(
        'followUpSeconds',
        `must be a whole number of seconds between ${MIN_FOLLOW_UP_SECONDS} and ${MAX_FOLLOW_UP_SECONDS} (90 days)`,
      );
    }
    if (followUpSeconds === null && incidentType === null) {
      throw inputProblem('followUpSeconds', 'the default follow-up time can be changed but not removed');
    }
    const scope = incidentType ?? DEFAULT_DEADLINE_SCOPE;
    await this.dataSource.transaction(async (manager) => {
      const before = await typedSql(manager).first(
        db.selectFrom('incident_follow_up_deadlines').select('follow_up_seconds').where('scope', '=', scope).forUpdate(),
      );
      if (followUpSeconds === null) {
        await typedSql(manager).execute(db.deleteFrom('incident_follow_up_deadlines').where('scope', '=', scope));
      } else {
        await typedSql(manager).execute(
          db
            .insertInto('incident_follow_up_deadlines')
            .values({ scope, follow_up_seconds: followUpSeconds, updated_by_id: reader.id, updated_at: this.clock.now() })
            .onConflict((conflict) =>
              conflict.column('scope').doUpdateSet((eb) => ({
                follow_up_seconds: eb.ref('excluded.follow_up_seconds'),
                updated_by_id: eb.ref('excluded.updated_by_id'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            ),
        );
      }
      await this.audit.append(manager, {
        actorId: reader.id,
        action: 'incident.follow-up-deadline.set',
        subjectType: 'IncidentFollowUpDeadline',
        subjectId: scope,
        before: { followUpSeconds: before?.follow_up_seconds ?? null },
        after: { followUpSeconds },
      });
    });
    return this.settings(reader);
  }

  /** The secretariat's list of overdue incidents, the most overdue first. */
  async overdue(reader: Reader, first: number): Promise<OverdueIncident[]> {
    this.assert(reader, 'review');
    const rows = await typedSql(this.dataSource).rows(
      FIRST_REPORTS.leftJoin('organisations as o', 'o.id', 'c.organisation_id')
        .leftJoin('incident_follow_up_reminders as m', 'm.incident_id', 'c.id')
        .select([
          'c.id as incident_id',
          'r.id as report_id',
          'c.organisation_id',
          'o.name as organisation_name',
          'r.author_id',
          'r.incident_type',
          'r.submitted_at',
          DUE.as('due_at'),
          'm.status as reminder_status',
          'm.delivered_at as reminded_at',
        ])
        .where(overdueAt(this.clock.now()))
        .orderBy('due_at')
        .orderBy('c.id')
        .limit(first)
        .$narrowType<{ incident_type: IncidentType | null; reminder_status: ReminderStatus | null }>(),
    );
    return rows.map((row) => ({
      incidentId: row.incident_id,
      reportId: row.report_id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      authorId: row.author_id,
      incidentType: row.incident_type,
      submittedAt: new Date(row.submitted_at),
      dueAt: new Date(row.due_at),
      reminderStatus: row.reminder_status,
      remindedAt: row.reminded_at ? new Date(row.reminded_at) : null,
    }));
  }

  /**
   * The follow-up state of a FIRST report (null for any other report). The caller has read the
   * report through the report policy: whoever reads it sees its deadline.
   */
  async followUpOf(reportId: string): Promise<FollowUpState | null> {
    const row = await typedSql(this.dataSource).first(
      FIRST_REPORTS.leftJoin('incident_follow_up_reminders as m', 'm.incident_id', 'c.id')
        .select([
          DUE.as('due_at'),
          sql<boolean>`(${overdueAt(this.clock.now())})`.as('overdue'),
          sql<boolean>`(c.latest_stage <> 'FIRST')`.as('followed_up'),
          'm.status as reminder_status',
          'm.delivered_at as reminded_at',
        ])
        .where('r.id', '=', reportId)
        .$narrowType<{ reminder_status: ReminderStatus | null }>(),
    );
    if (!row) return null;
    return {
      dueAt: new Date(row.due_at),
      overdue: row.overdue,
      followedUp: row.followed_up,
      reminderStatus: row.reminder_status,
      remindedAt: row.reminded_at ? new Date(row.reminded_at) : null,
    };
  }

  /**
   * The worker's periodic check: one reminder row for every overdue incident that has none
   * (ON CONFLICT: once per incident, however often or in however many workers this runs).
   * Returns how many were written.
   */
  async writeDueReminders(): Promise<number> {
    const now = this.clock.now();
    const rows = await typedSql(this.dataSource).rows(
      db
        .insertInto('incident_follow_up_reminders')
        .columns(['incident_id', 'report_id', 'person_id', 'due_at', 'status', 'created_at'])
        .expression(
          FIRST_REPORTS.select((eb) => [
            'c.id',
            'r.id',
            'r.author_id',
            DUE.as('due_at'),
            sql.lit('PENDING').as('status'),
            eb.val(now).as('created_at'),
          ])
            .where(overdueAt(now))
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb.selectFrom('incident_follow_up_reminders as m').select(sql.lit(1).as('one')).whereRef('m.incident_id', '=', 'c.id'),
                ),
              ),
            ),
        )
        .onConflict((conflict) => conflict.constraint('incident_follow_up_reminders_incident_unique').doNothing())
        .returning('id'),
    );
    return rows.length;
  }

  private assert(reader: Reader, action: 'configure' | 'review'): void {
    if (!defineIncidentRoutingAbility(reader, this.clock.now()).can(action, 'IncidentDeadline')) {
      throw CouncilError.forbidden(
        action === 'configure'
          ? 'Only the secretariat sets follow-up deadlines'
          : 'Only the secretariat (with a valid confidentiality pledge) lists overdue incident reports',
      );
    }
  }
}
