import type {
  IncidentReportPurpose,
  IncidentReportStage,
  IncidentType,
  ReportingAuthorityKind,
  Sector,
  Severity,
} from '@app/platform/vocabulary';

/** The webhook body of one report delivered to one authority (signed like an alert, ALERTS.md). */
export interface IncidentDeliveryPayload {
  deliveryId: string;
  event: 'incident.report.submitted';
  authority: { id: string; kind: ReportingAuthorityKind };
  incidentId: string;
  reportId: string;
  stage: IncidentReportStage;
  /** The report's number within the incident: 1 for the FIRST, then 2, 3, … */
  sequence: number;
  submittedAt: string;
  report: {
    detectedAt: string;
    occurredAt: string | null;
    whatWasSeen: string;
    affectedService: string;
    incidentType: IncidentType | null;
    sectorsAffected: Sector[];
    personalDataInvolved: boolean | null;
    severity: Severity | null;
    impact: string | null;
    actionsTaken: string | null;
    indicators: string[];
    details: string | null;
    /** What the reporter allows the report to be used for. */
    permittedPurposes: IncidentReportPurpose[];
  };
  reporter: {
    /** The reporting organisation; null when an individual member reports. */
    organisation: { id: string; name: string; sectors: Sector[]; prefecture: string | null } | null;
    /** How to reach the reporter, exactly as they wrote it in the report. */
    contact: string;
  };
}

export interface IncidentDeliveryRow {
  id: string;
  authority_id: string;
  authority_kind: ReportingAuthorityKind;
  incident_id: string;
  report_id: string;
  stage: IncidentReportStage;
  sequence: number;
  submitted_at: Date;
  detected_at: Date;
  occurred_at: Date | null;
  what_was_seen: string;
  affected_service: string;
  incident_type: IncidentType | null;
  sectors_affected: Sector[];
  personal_data_involved: boolean | null;
  severity: Severity | null;
  impact: string | null;
  actions_taken: string | null;
  indicators: string[];
  details: string | null;
  permitted_purposes: IncidentReportPurpose[];
  contact: string;
  organisation_id: string | null;
  organisation_name: string | null;
  organisation_sectors: Sector[] | null;
  organisation_prefecture: string | null;
}

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/**
 * What an authority receives: the report as submitted — authorities are its intended recipients —
 * and, of the reporter, the organisation (name, sectors, prefecture) and the contact the reporter
 * wrote into the report for this purpose. Never the author's platform account (person id, name,
 * e-mail), never the other authorities it went to (the police's involvement is nobody else's
 * business), never the feedback thread or the secretariat's triage.
 */
export function buildIncidentDeliveryPayload(row: IncidentDeliveryRow): IncidentDeliveryPayload {
  return {
    deliveryId: row.id,
    event: 'incident.report.submitted',
    authority: { id: row.authority_id, kind: row.authority_kind },
    incidentId: row.incident_id,
    reportId: row.report_id,
    stage: row.stage,
    sequence: row.sequence,
    submittedAt: iso(row.submitted_at) as string,
    report: {
      detectedAt: iso(row.detected_at) as string,
      occurredAt: iso(row.occurred_at),
      whatWasSeen: row.what_was_seen,
      affectedService: row.affected_service,
      incidentType: row.incident_type,
      sectorsAffected: [...(row.sectors_affected ?? [])],
      personalDataInvolved: row.personal_data_involved,
      severity: row.severity,
      impact: row.impact,
      actionsTaken: row.actions_taken,
      indicators: [...(row.indicators ?? [])],
      details: row.details,
      permittedPurposes: [...(row.permitted_purposes ?? [])],
    },
    reporter: {
      organisation: row.organisation_id
        ? {
            id: row.organisation_id,
            name: row.organisation_name ?? '',
            sectors: [...(row.organisation_sectors ?? [])],
            prefecture: row.organisation_prefecture,
          }
        : null,
      contact: row.contact,
    },
  };
}

/** The same content as an e-mail to an authority's address. */
export function incidentDeliveryMail(payload: IncidentDeliveryPayload): {
  subject: string;
  encryptedSubject: string;
  text: string;
  headers: Record<string, string>;
} {
  const r = payload.report;
  const line = (label: string, value: string | null | undefined) => (value ? [`${label}: ${value}`] : []);
  const text = [
    `Incident report (${payload.stage}, report ${payload.sequence} on incident ${payload.incidentId}), submitted ${payload.submittedAt}.`,
    '',
    ...line('Reporting organisation', payload.reporter.organisation?.name ?? 'an individual member'),
    ...line('Contact', payload.reporter.contact),
    '',
    ...line('Affected service', r.affectedService),
    ...line('Detected at', r.detectedAt),
    ...line('Occurred at', r.occurredAt),
    ...line('Incident type', r.incidentType),
    ...line('Sectors affected', r.sectorsAffected.join(', ')),
    ...line('Personal data involved', r.personalDataInvolved === null ? 'not known yet' : r.personalDataInvolved ? 'yes' : 'no'),
    ...line('Severity', r.severity),
    '',
    'What was seen:',
    r.whatWasSeen,
    ...(r.impact ? ['', 'Impact:', r.impact] : []),
    ...(r.actionsTaken ? ['', 'Actions taken:', r.actionsTaken] : []),
    ...(r.indicators.length ? ['', 'Indicators:', ...r.indicators.map((i) => `- ${i}`)] : []),
    ...(r.details ? ['', 'Details:', r.details] : []),
    '',
    ...line('The reporter permits its use for', r.permittedPurposes.join(', ') || 'no stated purpose'),
    '',
    `Delivery ${payload.deliveryId}`,
  ];
  return {
    subject: `[Incident report ${payload.stage} #${payload.sequence}] ${r.affectedService}`.slice(0, 300),
    encryptedSubject: `[Incident report ${payload.stage} #${payload.sequence}] (encrypted)`,
    text: text.join('\n'),
    headers: { 'X-Council-Delivery': payload.deliveryId, 'X-Council-Incident': payload.incidentId },
  };
}
