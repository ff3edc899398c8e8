import { describe, expect, it } from '@jest/globals';
import { checkRoutingRules } from '../../libs/incidents/src/authorities/routing-rule';
import {
  decideRouting,
  routeTo,
  ruleMatches,
  type RoutableAuthority,
  type RoutedSubmission,
} from '../../libs/policy/src/incidents/incident-routing-decision';
import { IncidentType, PersonalDataCondition, ReportingAuthorityKind, Sector } from '../../libs/platform/src/vocabulary';

const rule = (fields: Partial<{ sectors: Sector[]; incidentTypes: IncidentType[]; personalData: PersonalDataCondition }> = {}) => ({
  sectors: [],
  incidentTypes: [],
  personalData: PersonalDataCondition.ANY,
  ...fields,
});

const authority = (id: string, fields: Partial<RoutableAuthority> = {}): RoutableAuthority => ({
  id,
  kind: ReportingAuthorityKind.OTHER,
  active: true,
  requiresReporterConsent: false,
  routingRules: [],
  ...fields,
});

const submission = (fields: Partial<RoutedSubmission> = {}): RoutedSubmission => ({
  sectors: [Sector.FINANCE],
  incidentType: IncidentType.RANSOMWARE,
  personalDataInvolved: false,
  permittedAuthorityIds: [],
  consentToPolice: false,
  earlierRecipientIds: [],
  ...fields,
});

const financeMinistry = authority('fsa', {
  kind: ReportingAuthorityKind.SECTOR_MINISTRY,
  routingRules: [rule({ sectors: [Sector.FINANCE, Sector.CREDIT_CARD] })],
});
const energyMinistry = authority('meti', {
  kind: ReportingAuthorityKind.SECTOR_MINISTRY,
  routingRules: [rule({ sectors: [Sector.ELECTRICITY, Sector.GAS] })],
});
const ppc = authority('ppc', {
  kind: ReportingAuthorityKind.DATA_PROTECTION,
  routingRules: [rule({ personalData: PersonalDataCondition.INVOLVED })],
});
const police = authority('npa', {
  kind: ReportingAuthorityKind.POLICE,
  requiresReporterConsent: true,
  routingRules: [rule({ incidentTypes: [IncidentType.RANSOMWARE, IncidentType.INTRUSION] })],
});
const nco = authority('nco', { kind: ReportingAuthorityKind.NCO });
const all = [financeMinistry, energyMinistry, ppc, police, nco];
const ids = (list: RoutableAuthority[]) => list.map((a) => a.id);

describe('routing rules (one window)', () => {
  it('a rule matches when every non-empty condition holds; an empty rule matches every report', () => {
    expect(ruleMatches(rule(), submission())).toBe(true);
    expect(ruleMatches(rule({ sectors: [Sector.ELECTRICITY] }), submission())).toBe(false);
    expect(ruleMatches(rule({ sectors: [Sector.ELECTRICITY, Sector.FINANCE] }), submission())).toBe(true);
    expect(ruleMatches(rule({ sectors: [Sector.FINANCE], incidentTypes: [IncidentType.DDOS] }), submission())).toBe(false);
  });

  it('a report whose type or personal data is not known yet matches only rules without that condition', () => {
    const unknown = submission({ incidentType: null, personalDataInvolved: null });
    expect(ruleMatches(rule({ incidentTypes: [IncidentType.RANSOMWARE] }), unknown)).toBe(false);
    expect(ruleMatches(rule({ personalData: PersonalDataCondition.INVOLVED }), unknown)).toBe(false);
    expect(ruleMatches(rule({ personalData: PersonalDataCondition.NOT_INVOLVED }), unknown)).toBe(false);
    expect(ruleMatches(rule({ personalData: PersonalDataCondition.NOT_INVOLVED }), submission({ personalDataInvolved: false }))).toBe(true);
  });

  it('the sector ministry by sector, the data-protection commission only with personal data, the police only with consent', () => {
    expect(ids(routeTo(all, submission()))).toEqual(['fsa']);
    expect(ids(routeTo(all, submission({ personalDataInvolved: true })))).toEqual(['fsa', 'ppc']);
    expect(ids(routeTo(all, submission({ sectors: [Sector.GAS], consentToPolice: true })))).toEqual(['meti', 'npa']);
    expect(decideRouting(police, submission())).toEqual({ authorityId: 'npa', receives: false, reason: 'NO_CONSENT' });
  });

  it('consent to the police is the police answer alone; another authority that requires consent has it when named', () => {
    const otherConsentOnly = authority('x', { requiresReporterConsent: true, routingRules: [rule()] });
    expect(decideRouting(otherConsentOnly, submission({ consentToPolice: true })).receives).toBe(false);
    expect(decideRouting(otherConsentOnly, submission({ permittedAuthorityIds: ['x'] })).reason).toBe('RULE');
    // Naming the police does not outweigh a refusal (issue 13), whatever makes the police due.
    expect(decideRouting(police, submission({ permittedAuthorityIds: ['npa'] }))).toEqual({
      authorityId: 'npa',
      receives: false,
      reason: 'NO_CONSENT',
    });
    const unruledPolice = { ...police, routingRules: [] };
    expect(decideRouting(unruledPolice, submission({ permittedAuthorityIds: ['npa'] })).reason).toBe('NO_CONSENT');
    expect(decideRouting(unruledPolice, submission({ permittedAuthorityIds: ['npa'], consentToPolice: true }))).toEqual({
      authorityId: 'npa',
      receives: true,
      reason: 'PERMITTED',
    });
    // A police authority whose stored flag was cleared (by hand) still needs consent.
    expect(decideRouting({ ...police, requiresReporterConsent: false }, submission()).reason).toBe('NO_CONSENT');
    // Consent without any reason to go there: the police rule needs ransomware or intrusion.
    expect(decideRouting(police, submission({ incidentType: IncidentType.DDOS, consentToPolice: true })).reason).toBe('NOT_DUE');
  });

  it('the reporter adds authorities that no rule makes due, but cannot remove one a rule makes due', () => {
    expect(ids(routeTo(all, submission({ permittedAuthorityIds: ['nco'] })))).toEqual(['fsa', 'nco']);
    expect(decideRouting(nco, submission({ permittedAuthorityIds: ['nco'] })).reason).toBe('PERMITTED');
    expect(decideRouting(financeMinistry, submission({ permittedAuthorityIds: [] })).receives).toBe(true);
  });

  it('a follow-up reaches every authority that had an earlier report, but never one that is inactive or lost consent', () => {
    const followUp = submission({ personalDataInvolved: false, earlierRecipientIds: ['ppc', 'npa', 'meti'] });
    expect(decideRouting(ppc, followUp)).toEqual({ authorityId: 'ppc', receives: true, reason: 'EARLIER_REPORT' });
    expect(decideRouting(police, followUp).reason).toBe('NO_CONSENT');
    expect(decideRouting({ ...energyMinistry, active: false }, followUp).reason).toBe('INACTIVE');
  });

  it('an inactive authority receives nothing, whatever the rules or the reporter say', () => {
    const inactive = { ...financeMinistry, active: false };
    expect(decideRouting(inactive, submission({ permittedAuthorityIds: ['fsa'] }))).toEqual({
      authorityId: 'fsa',
      receives: false,
      reason: 'INACTIVE',
    });
  });

  it('each authority at most once, even when listed twice or matched by several rules', () => {
    const twoRules = authority('two', { routingRules: [rule(), rule({ sectors: [Sector.FINANCE] })] });
    expect(ids(routeTo([twoRules, twoRules], submission({ permittedAuthorityIds: ['two'] })))).toEqual(['two']);
  });

  it('rules are checked and normalised as the secretariat gives them', () => {
    expect(checkRoutingRules([{ sectors: [Sector.GAS, Sector.ELECTRICITY, Sector.GAS] }])).toEqual([
      { sectors: [Sector.ELECTRICITY, Sector.GAS], incidentTypes: [], personalData: PersonalDataCondition.ANY },
    ]);
    expect(() => checkRoutingRules([{ sectors: ['NUCLEAR' as Sector] }])).toThrow(/Routing rule 1: unknown sector NUCLEAR/);
    expect(() => checkRoutingRules([{}, { incidentTypes: ['WORM' as IncidentType] }])).toThrow(
      /Routing rule 2: unknown incident type WORM/,
    );
    expect(() => checkRoutingRules(Array.from({ length: 51 }, () => ({})))).toThrow(/At most 50 routing rules/);
  });
});
