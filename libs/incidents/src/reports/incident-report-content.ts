import { IncidentReportPurpose, type IncidentType, type Sector, type Severity } from '@app/platform/vocabulary';
import { IncidentErrors } from '../incident-errors';
import type { IncidentReportEntity } from './incident-report.entity';

export const INCIDENT_REPORT_LIMITS = {
  whatWasSeen: 4000,
  affectedService: 300,
  contact: 300,
  impact: 4000,
  actionsTaken: 4000,
  details: 100_000,
  indicators: 500,
  indicator: 1000,
  /** A detection time may be this far ahead of the server's clock (clock skew), no further. */
  futureSkewMs: 5 * 60_000,
} as const;

/** The optional part of a report; on a follow-up, a field left out keeps the previous report's value. */
export interface IncidentReportDetails {
  incidentType?: IncidentType | null;
  sectorsAffected?: Sector[] | null;
  personalDataInvolved?: boolean | null;
  severity?: Severity | null;
  occurredAt?: Date | null;
  impact?: string | null;
  actionsTaken?: string | null;
  indicators?: string[] | null;
  details?: string | null;
  permittedPurposes?: IncidentReportPurpose[] | null;
  consentToPolice?: boolean | null;
  permittedAuthorityIds?: string[] | null;
}

/** A FIRST report: four fields to fill in within a minute, everything else optional. */
export interface FirstReportContent extends IncidentReportDetails {
  whatWasSeen: string;
  detectedAt: Date;
  affectedService: string;
  contact: string;
}

/** A FOLLOW_UP or FINAL report: what changed or became known; the rest is carried over. */
export type FollowUpContent = Partial<FirstReportContent>;

/** The columns of one report, complete. */
export type ReportColumns = Pick<
  IncidentReportEntity,
  | 'whatWasSeen'
  | 'detectedAt'
  | 'affectedService'
  | 'contact'
  | 'incidentType'
  | 'sectorsAffected'
  | 'personalDataInvolved'
  | 'severity'
  | 'occurredAt'
  | 'impact'
  | 'actionsTaken'
  | 'indicators'
  | 'details'
  | 'permittedPurposes'
  | 'consentToPolice'
  | 'permittedAuthorityIds'
>;

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw IncidentErrors.invalid(field, `${field} must not be empty`);
  if ([...trimmed].length > max) throw IncidentErrors.invalid(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  if ([...trimmed].length > max) throw IncidentErrors.invalid(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

/** The stored columns of a FIRST report; `organisationSectors` fill in sectorsAffected when none are given. */
export function firstReportColumns(content: FirstReportContent, organisationSectors: readonly Sector[]): ReportColumns {
  const sectors = content.sectorsAffected?.length ? content.sectorsAffected : [...organisationSectors];
  return {
    whatWasSeen: text('whatWasSeen', content.whatWasSeen, INCIDENT_REPORT_LIMITS.whatWasSeen),
    detectedAt: content.detectedAt,
    affectedService: text('affectedService', content.affectedService, INCIDENT_REPORT_LIMITS.affectedService),
    contact: text('contact', content.contact, INCIDENT_REPORT_LIMITS.contact),
    incidentType: content.incidentType ?? null,
    sectorsAffected: distinct(sectors),
    personalDataInvolved: content.personalDataInvolved ?? null,
    severity: content.severity ?? null,
    occurredAt: content.occurredAt ?? null,
    impact: optionalText('impact', content.impact, INCIDENT_REPORT_LIMITS.impact),
    actionsTaken: optionalText('actionsTaken', content.actionsTaken, INCIDENT_REPORT_LIMITS.actionsTaken),
    indicators: indicators(content.indicators ?? []),
    details: optionalText('details', content.details, INCIDENT_REPORT_LIMITS.details),
    permittedPurposes: distinct(content.permittedPurposes ?? []),
    consentToPolice: content.consentToPolice ?? false,
    permittedAuthorityIds: distinct((content.permittedAuthorityIds ?? []).map((id) => id.toLowerCase())),
  };
}

/** Optional fields a follow-up may clear by giving null. */
const CLEARABLE = ['incidentType', 'personalDataInvolved', 'severity', 'occurredAt', 'impact', 'actionsTaken', 'details'] as const;
/** Fields a follow-up replaces only with a value (null or left out: unchanged). */
const KEPT_UNLESS_GIVEN = [
  'whatWasSeen',
  'detectedAt',
  'affectedService',
  'contact',
  'sectorsAffected',
  'indicators',
  'permittedPurposes',
  'consentToPolice',
  'permittedAuthorityIds',
] as const;

/**
 * The stored columns of a follow-up: the previous report's, with every field given replacing it.
 * A field given as null clears an optional value; the four required fields cannot be cleared.
 */
export function followUpColumns(previous: ReportColumns, change: FollowUpContent): ReportColumns {
  const merged: FirstReportContent = { ...previous };
  for (const key of CLEARABLE) {
    if (change[key] !== undefined) Object.assign(merged, { [key]: change[key] });
  }
  for (const key of KEPT_UNLESS_GIVEN) {
    if (change[key] != null) Object.assign(merged, { [key]: change[key] });
  }
  return firstReportColumns(merged, previous.sectorsAffected);
}

/**
 * The earliest time a report or a filter may name. GraphQL's DateTime takes any year JavaScript
 * can hold (-271821…), PostgreSQL's timestamptz none before 4713 BC: without this bound such a
 * date reached the database and came back as an internal error.
 */
export const EARLIEST_INCIDENT_TIME = new Date('1900-01-01T00:00:00.000Z');

/** Refuses a time before EARLIEST_INCIDENT_TIME, naming the field. */
export function assertNotBeforeEarliest(field: string, value: Date | null | undefined): void {
  if (value && !(value.getTime() >= EARLIEST_INCIDENT_TIME.getTime())) {
    throw IncidentErrors.invalid(field, `${field} must not be before ${EARLIEST_INCIDENT_TIME.toISOString()}`);
  }
}

/** Times that cannot be right: a detection in the future, an occurrence after the detection. */
export function assertPlausibleTimes(columns: ReportColumns, now: Date): void {
  assertNotBeforeEarliest('detectedAt', columns.detectedAt);
  assertNotBeforeEarliest('occurredAt', columns.occurredAt);
  if (columns.detectedAt.getTime() > now.getTime() + INCIDENT_REPORT_LIMITS.futureSkewMs) {
    throw IncidentErrors.invalid('detectedAt', 'detectedAt must not be in the future');
  }
  if (columns.occurredAt && columns.occurredAt.getTime() > columns.detectedAt.getTime()) {
    throw IncidentErrors.invalid('occurredAt', 'occurredAt must not be after detectedAt');
  }
}

function indicators(values: string[]): string[] {
  const cleaned = distinct(values.map((v) => v.trim()).filter((v) => v.length > 0));
  if (cleaned.length > INCIDENT_REPORT_LIMITS.indicators) {
    throw IncidentErrors.invalid('indicators', `at most ${INCIDENT_REPORT_LIMITS.indicators} indicators`);
  }
  if (cleaned.some((v) => [...v].length > INCIDENT_REPORT_LIMITS.indicator)) {
    throw IncidentErrors.invalid('indicators', `each indicator must be at most ${INCIDENT_REPORT_LIMITS.indicator} characters`);
  }
  return cleaned;
}
