import { describe, expect, it } from '@jest/globals';
import {
  buildIncidentDeliveryPayload,
  incidentDeliveryMail,
  type IncidentDeliveryRow,
} from '../../libs/incidents/src/deliveries/incident-delivery-payload';
import { reporterError } from '../../libs/policy/src/incidents/incident-routing-projection';
import {
  IncidentReportPurpose,
  IncidentReportStage,
  IncidentType,
  ReportingAuthorityKind,
  Sector,
} from '../../libs/platform/src/vocabulary';

const row = (fields: Partial<IncidentDeliveryRow> = {}): IncidentDeliveryRow => ({
  id: 'd1',
  authority_id: 'a1',
  authority_kind: ReportingAuthorityKind.SECTOR_MINISTRY,
  incident_id: 'i1',
  report_id: 'r1',
  stage: IncidentReportStage.FIRST,
  sequence: 1,
  submitted_at: new Date('2030-01-01T00:10:00Z'),
  detected_at: new Date('2030-01-01T00:00:00Z'),
  occurred_at: null,
  what_was_seen: 'Encrypted file shares',
  affected_service: 'Claims processing',
  incident_type: IncidentType.RANSOMWARE,
  sectors_affected: [Sector.FINANCE],
  personal_data_involved: null,
  severity: null,
  impact: null,
  actions_taken: null,
  indicators: ['198.51.100.9'],
  details: null,
  permitted_purposes: [IncidentReportPurpose.STATISTICS],
  contact: 'SOC +81-3-0000-0000',
  organisation_id: 'o1',
  organisation_name: 'Sakura Insurance',
  organisation_sectors: [Sector.FINANCE],
  organisation_prefecture: '13',
  ...fields,
});

describe('what an authority receives', () => {
  it('the report as submitted, the organisation and the contact the reporter wrote; nothing else about the reporter', () => {
    const payload = buildIncidentDeliveryPayload(row());
    expect(payload).toEqual({
      deliveryId: 'd1',
      event: 'incident.report.submitted',
      authority: { id: 'a1', kind: 'SECTOR_MINISTRY' },
      incidentId: 'i1',
      reportId: 'r1',
      stage: 'FIRST',
      sequence: 1,
      submittedAt: '2030-01-01T00:10:00.000Z',
      report: {
        detectedAt: '2030-01-01T00:00:00.000Z',
        occurredAt: null,
        whatWasSeen: 'Encrypted file shares',
        affectedService: 'Claims processing',
        incidentType: 'RANSOMWARE',
        sectorsAffected: ['FINANCE'],
        personalDataInvolved: null,
        severity: null,
        impact: null,
        actionsTaken: null,
        indicators: ['198.51.100.9'],
        details: null,
        permittedPurposes: ['STATISTICS'],
      },
      reporter: {
        organisation: { id: 'o1', name: 'Sakura Insurance', sectors: ['FINANCE'], prefecture: '13' },
        contact: 'SOC +81-3-0000-0000',
      },
    });
  });

  it('an individual member reports without an organisation', () => {
    expect(buildIncidentDeliveryPayload(row({ organisation_id: null, organisation_name: null })).reporter).toEqual({
      organisation: null,
      contact: 'SOC +81-3-0000-0000',
    });
  });

  it('the e-mail says the same, with the delivery id', () => {
    const mail = incidentDeliveryMail(buildIncidentDeliveryPayload(row({ personal_data_involved: true })));
    expect(mail.subject).toBe('[Incident report FIRST #1] Claims processing');
    expect(mail.text).toContain('Personal data involved: yes');
    expect(mail.text).toContain('- 198.51.100.9');
    expect(mail.text).toContain('Delivery d1');
    expect(mail.headers).toEqual({ 'X-Council-Delivery': 'd1', 'X-Council-Incident': 'i1' });
  });
});

describe("a failure as the reporter's side reads it", () => {
  it("keeps HTTP statuses and timeouts, hides the authority's addresses", () => {
    expect(reporterError(null)).toBeNull();
    expect(reporterError('receiver answered HTTP 503')).toBe('receiver answered HTTP 503');
    expect(reporterError('no answer within 10000 ms')).toBe('no answer within 10000 ms');
    expect(reporterError('connect ECONNREFUSED 10.20.30.40:443')).toBe("the authority's receiver could not be reached");
    expect(reporterError('getaddrinfo ENOTFOUND intake.ministry.go.jp')).toBe("the authority's receiver could not be reached");
  });
});
