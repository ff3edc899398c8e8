import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AccessLevel } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { alertRecipientAccessSql, type AlertRecipientsAsked } from '@app/policy/alerts/alert-recipient-access-sql';

/** One send's question: what may this person be sent about this advisory (as just read) now? */
export interface RecipientAsked {
  advisory: AdvisoryRecord;
  personId: string;
}

/** What a CANCELLED delivery shows its owner and the secretariat (no rule is named). */
export const CANCELLED_REASON = 'not sent: when it was due, its recipient could no longer receive this advisory';

/** Advisories per statement: each brings its own policy clause and parameters. */
const ADVISORIES_PER_STATEMENT = 100;

/**
 * Every send (a delivery's first attempt or retry, an escalation, a digest's items) asks here,
 * right before sending, what the recipient may receive: the policy's answer for the person as
 * they are now (alertRecipientAccessSql), for many sends in one statement.
 */
@Injectable()
export class AlertRecipientAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For each question, in order: the access level advisory(id) answers the person now (the
   * payload's `access`, and the view its content comes from), or null: send nothing, cancel.
   */
  async now(asked: readonly RecipientAsked[]): Promise<Array<AccessLevel | null>> {
    const groups: Array<{ advisory: AdvisoryRecord; personIds: Set<string> }> = [];
    const groupOf = new Map<AdvisoryRecord, number>();
    const placed = asked.map(({ advisory, personId }) => {
      let group = groupOf.get(advisory);
      if (group === undefined) {
        group = groups.push({ advisory, personIds: new Set() }) - 1;
        groupOf.set(advisory, group);
      }
      groups[group].personIds.add(personId);
      return group;
    });
    const answers = new Map<string, AccessLevel | null>();
    const now = new Date();
    for (let start = 0; start < groups.length; start += ADVISORIES_PER_STATEMENT) {
      const chunk: AlertRecipientsAsked[] = groups
        .slice(start, start + ADVISORIES_PER_STATEMENT)
        .map(({ advisory, personIds }) => ({ advisory, personIds: [...personIds] }));
      const { sql, values } = alertRecipientAccessSql(chunk, now);
      const rows = await this.dataSource.query<Array<{ asked: number; person_id: string; access: AccessLevel | null }>>(sql, values);
      for (const row of rows) answers.set(`${start + row.asked}|${row.person_id}`, row.access);
    }
    return asked.map(({ personId }, index) => answers.get(`${placed[index]}|${personId}`) ?? null);
  }
}
