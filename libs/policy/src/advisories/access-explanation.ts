import type { MongoQuery } from '@casl/ability';
import { Classification, ClearanceLevel, MembershipTier, OrganisationKind, rank, Tlp, TLP_ORDER } from '@app/platform/vocabulary';
import { councilConditionsMatcher } from '../ability';
import { deriveFacts, valid, type Reader, type ReaderFacts } from '../reader';
import { ruleAConditions, type AudienceRequirement } from './advisory-ability';
import type { AdvisoryRecord } from './advisory-projection';

/**
 * Why a person gets less than the FULL view of an advisory, in the secretariat's words ("pledge
 * expired", "not in region 13", "no IESI clearance"). The reasons are the conditions of rule A for
 * the FULL view (ruleAConditions, from which the ability is built) that the advisory fails, each
 * put into words with the detail the secretariat needs; the access level itself always comes from
 * the policy's SQL.
 */
export function reasonsForLessThanFull(reader: Reader, advisory: AdvisoryRecord, now: Date): string[] {
  const facts = deriveFacts(reader, now);
  if (facts.isAuditor) return ['auditors read no advisories'];
  const org = reader.organisation;
  const holds = (condition: MongoQuery) => councilConditionsMatcher(condition)(advisory);
  const reasons: string[] = [];
  if (!reader.active) reasons.push('person deactivated');
  if (org && !org.active) reasons.push('organisation deactivated');

  const ruleA = ruleAConditions(reader, facts, 'readFull');
  for (const { requirement, condition } of ruleA.audience) {
    if (!holds(condition)) reasons.push(audienceReason(requirement, reader, advisory));
  }
  // Item 3 (no way in), or item 4 (confidential content needs a member).
  const contentHolds = holds(ruleA.content);
  if (!ruleA.ways.some(holds) || (!contentHolds && !facts.isMember)) reasons.push(...membershipReasons(reader, facts, advisory, now));
  // Item 5.
  if (advisory.fullClassification === Classification.IESI && !facts.cleared) reasons.push(clearanceReason(reader, now));

  if (
    advisory.hasTearLine &&
    advisory.tearLineReleaseToNonMemberLocalGovernments &&
    org?.kind !== OrganisationKind.LOCAL_GOVERNMENT &&
    !facts.isMember
  ) {
    reasons.push('tear line released to local governments only');
  }
  if (
    advisory.hasTearLine &&
    advisory.tearLineTlp &&
    rank(TLP_ORDER, advisory.tearLineTlp) > rank(TLP_ORDER, Tlp.GREEN) &&
    !facts.isMember
  ) {
    reasons.push(`tear line TLP ${advisory.tearLineTlp} is for members only`);
  }
  return reasons.length > 0 ? [...new Set(reasons)] : ['view restricted by the policy'];
}

function audienceReason(requirement: AudienceRequirement, reader: Reader, a: AdvisoryRecord): string {
  switch (requirement) {
    case 'region':
      return reader.organisation?.prefecture
        ? `not in region ${a.audienceRegions.join(', ')}`
        : `not in region ${a.audienceRegions.join(', ')} (no prefecture)`;
    case 'sector':
      return `not in sector ${a.audienceSectors.join(', ')}`;
    case 'organisation':
      return 'organisation not named in the audience';
    case 'person':
      return 'not a named person';
    case 'noForeign':
      return 'foreign organisation (no-foreign caveat)';
    case 'amberStrict':
      return 'TLP AMBER+STRICT: organisation not named';
  }
}

function membershipReasons(reader: Reader, facts: ReaderFacts, a: AdvisoryRecord, now: Date): string[] {
  const org = reader.organisation;
  const reasons: string[] = [];
  const agreementLapsed = org !== null && !valid(org.agreementExpiresAt, now);
  if (agreementLapsed) reasons.push('organisation confidentiality agreement expired or missing');
  if (facts.memberTier === MembershipTier.NONE && !agreementLapsed) reasons.push('not a member (no tier)');
  if (!facts.pledgeValid) reasons.push(reader.pledgeExpiresAt ? 'pledge expired' : 'no pledge signed');
  if (facts.isMember && a.audienceTiers.length > 0 && !a.audienceTiers.includes(facts.memberTier)) {
    reasons.push(`tier ${facts.memberTier} not in the audience (${a.audienceTiers.join(', ')})`);
  }
  return reasons;
}

function clearanceReason(reader: Reader, now: Date): string {
  if (reader.clearanceLevel !== ClearanceLevel.IESI) return 'no IESI clearance';
  if (reader.clearanceSuspended) return 'IESI clearance suspended';
  if (!valid(reader.clearanceExpiresAt, now)) return 'IESI clearance expired';
  return 'facility clearance of the organisation missing or expired';
}
