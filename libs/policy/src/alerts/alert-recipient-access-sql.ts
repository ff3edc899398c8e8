import { advisoryAudienceSql } from '../advisories/advisory-audience-sql';
import type { AdvisoryRecord } from '../advisories/advisory-projection';
import { SqlParameters } from '../sql/sql-fragment';

/** Recipients asked about one advisory, as it was just read (the payload is built from this record too). */
export interface AlertRecipientsAsked {
  advisory: AdvisoryRecord;
  personIds: readonly string[];
}

/**
 * What an alert may still carry to each recipient when it is sent (ACCESS-POLICY.md "Every other
 * path": content that leaves the platform is decided when it is sent, not when it was queued).
 * The statement answers one row per group (`asked`: its index in `asked`) and person that exists, with
 * `access`: the level advisory(id) answers that person now (rules A, B and C, so the secretariat
 * or the originator may get more than rule A gives), or NULL when nothing may be sent — the person
 * or their organisation is inactive, the person is an auditor, or rule A no longer gives them the
 * FULL or TEAR_LINE view (ALERTS.md: eligibility is rule A's, now as at the fan-out).
 *
 * Each advisory's part is advisoryAudienceSql (the rules seen from the advisory's side, its values
 * as constants) over the recipients' rows, so one statement answers a whole batch of sends.
 */
export function alertRecipientAccessSql(asked: readonly AlertRecipientsAsked[], now: Date): { sql: string; values: unknown[] } {
  const params = new SqlParameters();
  const parts = asked.map(({ advisory, personIds }, index) => {
    const audience = advisoryAudienceSql(advisory, now, params, { asPublished: false });
    return `SELECT ${params.add(index, 'int')} AS asked, p.id AS person_id,
              CASE WHEN ${audience.ruleAFull} OR ${audience.ruleATearLine} THEN ${audience.access} END AS access
            FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
            WHERE p.id = ANY(${params.add(personIds, 'uuid[]')})`;
  });
  return params.compact(
    parts.length ? parts.join('\nUNION ALL\n') : 'SELECT NULL::int AS asked, NULL::uuid AS person_id, NULL::text AS access WHERE FALSE',
  );
}
