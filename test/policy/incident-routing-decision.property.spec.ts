import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decideRouting,
  mayStillDeliver,
  type RoutableAuthority,
  type RoutedSubmission,
  type RoutingRule,
} from '../../libs/policy/src/incidents/incident-routing-decision';
import { IncidentType, PersonalDataCondition, ReportingAuthorityKind, Sector } from '../../libs/platform/src/vocabulary';

const RUNS = Number(process.env.COUNCIL_POLICY_RUNS ?? 1000);
const IDS = ['a1', 'a2', 'a3'];
const SECTORS = [Sector.FINANCE, Sector.GAS, Sector.RAILWAY];
const TYPES = [IncidentType.RANSOMWARE, IncidentType.DDOS, IncidentType.PHISHING];

const ruleArbitrary: fc.Arbitrary<RoutingRule> = fc.record({
  sectors: fc.subarray(SECTORS),
  incidentTypes: fc.subarray(TYPES),
  personalData: fc.constantFrom(PersonalDataCondition.ANY, PersonalDataCondition.INVOLVED, PersonalDataCondition.NOT_INVOLVED),
});

const authorityArbitrary: fc.Arbitrary<RoutableAuthority> = fc.record({
  id: fc.constantFrom(...IDS),
  kind: fc.constantFrom(...Object.values(ReportingAuthorityKind)),
  active: fc.boolean(),
  requiresReporterConsent: fc.boolean(),
  routingRules: fc.array(ruleArbitrary, { maxLength: 3 }),
});

const submissionArbitrary: fc.Arbitrary<RoutedSubmission> = fc.record({
  sectors: fc.subarray(SECTORS),
  incidentType: fc.option(fc.constantFrom(...TYPES), { nil: null }),
  personalDataInvolved: fc.option(fc.boolean(), { nil: null }),
  permittedAuthorityIds: fc.subarray(IDS),
  consentToPolice: fc.boolean(),
  earlierRecipientIds: fc.subarray(IDS),
});

/** The one window's routing as the brief of issues 6 and 13 states it, written apart from libs/policy. */
function expectedRouting(authority: RoutableAuthority, report: RoutedSubmission): { receives: boolean; reason: string } {
  if (!authority.active) return { receives: false, reason: 'INACTIVE' };
  const matches = authority.routingRules.some(
    (rule) =>
      (rule.sectors.length === 0 || rule.sectors.some((s) => report.sectors.includes(s))) &&
      (rule.incidentTypes.length === 0 || (report.incidentType !== null && rule.incidentTypes.includes(report.incidentType))) &&
      (rule.personalData === PersonalDataCondition.ANY ||
        (rule.personalData === PersonalDataCondition.INVOLVED
          ? report.personalDataInvolved === true
          : report.personalDataInvolved === false)),
  );
  const named = report.permittedAuthorityIds.includes(authority.id);
  const reason = matches ? 'RULE' : named ? 'PERMITTED' : report.earlierRecipientIds.includes(authority.id) ? 'EARLIER_REPORT' : null;
  if (reason === null) return { receives: false, reason: 'NOT_DUE' };
  const police = authority.kind === ReportingAuthorityKind.POLICE;
  if (police && !report.consentToPolice) return { receives: false, reason: 'NO_CONSENT' };
  if (!police && authority.requiresReporterConsent && !named) return { receives: false, reason: 'NO_CONSENT' };
  return { receives: true, reason };
}

describe('the incident routing decision (libs/policy) against the rules written out', () => {
  it('agrees with the written-out rules for every authority and report', () => {
    fc.assert(
      fc.property(authorityArbitrary, submissionArbitrary, (authority, report) => {
        expect(decideRouting(authority, report)).toEqual({ authorityId: authority.id, ...expectedRouting(authority, report) });
      }),
      { numRuns: RUNS },
    );
  });

  it('no rule, naming or earlier report delivers to the police a report that does not consent, at routing or at send time', () => {
    const police = authorityArbitrary.map((a) => ({ ...a, kind: ReportingAuthorityKind.POLICE, active: true }));
    const refusing = submissionArbitrary.map((s) => ({ ...s, consentToPolice: false }));
    fc.assert(
      fc.property(police, refusing, (authority, report) => {
        expect(decideRouting(authority, report).receives).toBe(false);
        expect(mayStillDeliver(authority, report)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('at send time, a delivery goes on exactly when the latest report would still route to the authority for consent', () => {
    fc.assert(
      fc.property(authorityArbitrary, submissionArbitrary, (authority, latest) => {
        const routable = {
          ...authority,
          active: true,
          routingRules: [{ sectors: [], incidentTypes: [], personalData: PersonalDataCondition.ANY }],
        };
        expect(mayStillDeliver(authority, latest)).toBe(decideRouting(routable, latest).receives);
      }),
      { numRuns: RUNS },
    );
  });
});
