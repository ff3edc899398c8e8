import {
  Classification,
  OrganisationKind,
  rank,
  Tlp,
  TLP_ORDER,
} from '@app/platform/vocabulary';
import { deriveFacts, valid, type Reader } from '../reader';
import type { AdvisoryRecord } from './advisory-projection';

/**
 * Why a person gets less than the FULL view of an advisory, in the secretariat's words ("pledge
 * expired", "not in region 13", "no IESI clearance"). The access level itself always comes from
 * the policy (advisory-audience-sql.ts); these reasons only describe which requirement of
 * ACCESS-POLICY.md rule A the person misses, for the secretariat before it approves.
 */
export function reasonsForLessThanFull(reader: Reader, advisory: AdvisoryRecord, now: Date): string[] {
  return missingRequirements(reader, advisory, now);
}

function missingRequirements(reader: Reader, a: AdvisoryRecord, now: Date): string[] {
  const facts = deriveFacts(reader, now);
  const org = reader.organisation;
  const reasons: string[] = [];
  if (facts.isAuditor) return ['auditors read no advisories'];
  if (!reader.active) reasons.push('person deactivated');
  if (org && !org.active) reasons.push('organisation deactivated');

  if (a.audienceRegions.length > 0) {
    const regionList = a.audienceRegions.join(', ');
    if (!org?.prefecture) reasons.push(`not in region ${regionList} (no prefecture)`);
    else {
      const inRegion = a.audienceRegions.some(
        (r) =>
          r === org.prefecture ||
          r === org.municipality ||
          (r.length === 5 && r.startsWith(org.prefecture!) && org.kind === OrganisationKind.LOCAL_GOVERNMENT && !org.municipality),
      );
      if (!inRegion) reasons.push(`not in region ${regionList}`);
    }
  }
  if (a.audienceSectors.length > 0 && !org?.sectors.some((s) => a.audienceSectors.includes(s))) {
    reasons.push(`not in sector ${a.audienceSectors.join(', ')}`);
  }
  if (a.audienceOrganisationIds.length > 0 && !(org && a.audienceOrganisationIds.includes(org.id))) {
    reasons.push('organisation not named in the audience');
  }
  if (a.audiencePersonIds.length > 0 && !a.audiencePersonIds.includes(reader.id)) reasons.push('not a named person');
  if (a.audienceNoForeign && org?.foreign) reasons.push('foreign organisation (no-foreign caveat)');
  if (a.fullTlp === Tlp.AMBER_STRICT && !(org && a.audienceOrganisationIds.includes(org.id))) {
    reasons.push('TLP AMBER+STRICT: organisation not named');
  }

  const membershipReasons: string[] = [];
  if (org && !valid(org.agreementExpiresAt, now)) membershipReasons.push('organisation confidentiality agreement expired or missing');
  if (facts.memberTier === 'NONE' && !(org && !valid(org.agreementExpiresAt, now))) membershipReasons.push('not a member (no tier)');
  if (!facts.pledgeValid) membershipReasons.push(reader.pledgeExpiresAt ? 'pledge expired' : 'no pledge signed');
  if (facts.isMember && a.audienceTiers.length > 0 && !a.audienceTiers.includes(facts.memberTier)) {
    membershipReasons.push(`tier ${facts.memberTier} not in the audience (${a.audienceTiers.join(', ')})`);
  }
  const fullIsOpen = a.fullClassification === Classification.UNCLASSIFIED && a.fullTlp === Tlp.CLEAR;
  if (!fullIsOpen) reasons.push(...membershipReasons);

  if (a.fullClassification === Classification.IESI && !facts.cleared) {
    if (reader.clearanceLevel !== 'IESI') reasons.push('no IESI clearance');
    else if (reader.clearanceSuspended) reasons.push('IESI clearance suspended');
    else if (!valid(reader.clearanceExpiresAt, now)) reasons.push('IESI clearance expired');
    else reasons.push('facility clearance of the organisation missing or expired');
  }
  if (a.hasTearLine && a.tearLineReleaseToNonMemberLocalGovernments && org?.kind !== OrganisationKind.LOCAL_GOVERNMENT && !facts.isMember) {
    reasons.push('tear line released to local governments only');
  }
  if (a.hasTearLine && a.tearLineTlp && rank(TLP_ORDER, a.tearLineTlp) > rank(TLP_ORDER, Tlp.GREEN) && !facts.isMember) {
    reasons.push(`tear line TLP ${a.tearLineTlp} is for members only`);
  }
  return reasons.length > 0 ? [...new Set(reasons)] : ['view restricted by the policy'];
}
