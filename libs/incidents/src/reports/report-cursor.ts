import { CouncilError } from '@app/platform/errors/council-error';
import { isUuid } from '../rows';

/** A keyset position in a list of reports: submission time (microseconds, as text) and id. */
export interface ReportPosition {
  submittedAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The SQL expression of a report's submission time as the cursor spells it. */
export const SUBMITTED_AT_TEXT = `to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeReportCursor(position: ReportPosition): string {
  return Buffer.from(`${position.submittedAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeReportCursor(cursor: string): ReportPosition {
  const [submittedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !submittedAt || !id || !TIMESTAMP.test(submittedAt) || !isUuid(id)) {
    throw CouncilError.badInput('after: not a cursor returned by this list');
  }
  return { submittedAt, id };
}
