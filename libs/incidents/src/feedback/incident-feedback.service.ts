import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { projectFeedbackAuthor } from '@app/policy/incidents/incident-feedback-projection';
import { defineIncidentReportAbility } from '@app/policy/incidents/incident-report-ability';
import { deriveFacts, type Reader } from '@app/policy/reader';
import { IncidentErrors } from '../incident-errors';
import { IncidentReportQueryService } from '../reports/incident-report-query.service';
import { INCIDENT_REPORT_SUBJECT } from '../reports/incident-report-submission.service';
import { IncidentFeedbackMessageEntity } from './incident-feedback-message.entity';

export const MAX_FEEDBACK_CHARACTERS = 4000;

/** One message as the reader sees it. */
export interface FeedbackMessageView {
  id: string;
  body: string;
  createdAt: Date;
  fromSecretariat: boolean;
  /** "Secretariat" for the secretariat's messages unless the reader is secretariat; else the author's name. */
  authorName: string;
  /** Null where the name is withheld. */
  authorId: string | null;
}

/**
 * The feedback thread of a report, between the reporting organisation's people who may read it
 * and the secretariat. The secretariat speaks as an office: its people's names are not shown to
 * the reporter's side (the reporter's names are shown to the secretariat, who sees the report).
 */
@Injectable()
export class IncidentFeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: IncidentReportQueryService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** The thread, oldest first; null when the report does not exist for the reader. */
  async thread(reader: Reader, reportId: string): Promise<FeedbackMessageView[] | null> {
    const { visible } = await this.queries.may(reader, 'read', reportId);
    if (!visible) return null;
    const messages = await this.dataSource.getRepository(IncidentFeedbackMessageEntity).find({
      where: { reportId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return this.views(reader, messages);
  }

  async post(author: Reader, reportId: string, body: string): Promise<FeedbackMessageView> {
    const text = body.trim();
    if (text.length === 0) throw IncidentErrors.invalid('body', 'body must not be empty');
    if ([...text].length > MAX_FEEDBACK_CHARACTERS) {
      throw IncidentErrors.invalid('body', `body must be at most ${MAX_FEEDBACK_CHARACTERS} characters`);
    }
    const now = this.clock.now();
    const message = await this.dataSource.transaction(async (manager) => {
      const { visible, allowed } = await this.queries.may(author, 'postFeedback', reportId, manager);
      if (!visible) throw IncidentErrors.reportNotFound();
      if (!allowed) throw IncidentErrors.mayNotPostFeedback();
      const saved = await manager.save(
        manager.create(IncidentFeedbackMessageEntity, {
          reportId,
          authorId: author.id,
          fromSecretariat: deriveFacts(author, now).isSecretariat,
          body: text,
        }),
      );
      await this.audit.append(manager, {
        actorId: author.id,
        action: 'incident_feedback.posted',
        subjectType: INCIDENT_REPORT_SUBJECT,
        subjectId: reportId,
        after: { messageId: saved.id, fromSecretariat: saved.fromSecretariat },
      });
      return saved;
    });
    const [view] = await this.views(author, [message]);
    return view;
  }

  private async views(reader: Reader, messages: IncidentFeedbackMessageEntity[]): Promise<FeedbackMessageView[]> {
    const ability = defineIncidentReportAbility(reader, this.clock.now());
    const ids = [...new Set(messages.map((m) => m.authorId))];
    const people = ids.length ? await this.dataSource.getRepository(PersonEntity).findBy({ id: In(ids) }) : [];
    const names = new Map(people.map((p) => [p.id, p.displayName]));
    return messages.map((m) => ({
      id: m.id,
      body: m.body,
      createdAt: m.createdAt,
      fromSecretariat: m.fromSecretariat,
      ...projectFeedbackAuthor(ability, {
        fromSecretariat: m.fromSecretariat,
        authorId: m.authorId,
        authorName: names.get(m.authorId) ?? '',
      }),
    }));
  }
}
