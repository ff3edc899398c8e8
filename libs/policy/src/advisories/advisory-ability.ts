import type { MongoQuery } from '@casl/ability';
import { AdvisoryStatus, Classification, OrganisationKind, Tlp } from '@app/platform/vocabulary';
import { buildAbility, type CouncilAbility, type RawCouncilRule } from '../ability';
import { deriveFacts, type Reader, type ReaderFacts } from '../reader';

/**
 * What a reader may do with advisories. The read actions are per view; the page query turns their
 * conditions into SQL (advisory-access-sql.ts), the projection asks the same ability per row.
 */
export type AdvisoryAction =
  | 'readFull'
  | 'readTearLine'
  /** Rule B/C: the advisory exists for the reader even if no view does. */
  | 'readMetadata'
  /** Rule B/C readers still read the content of a withdrawn advisory. */
  | 'readRetracted'
  | 'readOriginator'
  | 'readAudience'
  | 'listVersions'
  | 'create'
  | 'edit'
  | 'submit'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'proposeWidening'
  | 'consentWidening'
  /**
   * Lowering a view's classification from IESI, or from COUNCIL_CONFIDENTIAL (ACCESS-POLICY.md
   * "Moderation rules"): asked of the proposer and of the consenting originator alike, for each
   * view a widening lowers. Type-level: who may declassify does not depend on the advisory.
   */
  | 'lowerFromIesi'
  | 'lowerFromConfidential';

export const ADVISORY = 'Advisory';
export type AdvisorySubject = typeof ADVISORY;
export type AdvisoryAbility = CouncilAbility<AdvisoryAction, AdvisorySubject>;

type Rule = RawCouncilRule<AdvisoryAction, AdvisorySubject>;

/** The two views and the columns (entity properties) that hold their classification and TLP. */
export const VIEWS = {
  readFull: { classification: 'fullClassification', tlp: 'fullTlp', only: {} },
  readTearLine: { classification: 'tearLineClassification', tlp: 'tearLineTlp', only: { hasTearLine: true } },
} as const;
export type ViewAction = keyof typeof VIEWS;

/** The action that lowering a view from `from` needs; null where nothing is needed (UNCLASSIFIED). */
export function declassificationAction(from: Classification): 'lowerFromIesi' | 'lowerFromConfidential' | null {
  if (from === Classification.IESI) return 'lowerFromIesi';
  if (from === Classification.COUNCIL_CONFIDENTIAL) return 'lowerFromConfidential';
  return null;
}

const VISIBLE_UNDER_RULE_A = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.WITHDRAWN];

function allOf(...conditions: (MongoQuery | null)[]): MongoQuery {
  const parts = conditions.filter((c): c is MongoQuery => c !== null && Object.keys(c).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0];
  return { $and: parts };
}

function anyOf(...conditions: MongoQuery[]): MongoQuery {
  return conditions.length === 1 ? conditions[0] : { $or: conditions };
}

const emptyOr = (field: string, match: MongoQuery): MongoQuery => anyOf({ [field]: { $size: 0 } }, match);

/** The requirements of rule A item 2, one by one (ACCESS-POLICY.md order). */
export type AudienceRequirement = 'region' | 'sector' | 'organisation' | 'person' | 'noForeign' | 'amberStrict';

/**
 * Rule A for one view of one reader, as conditions on the advisory: the requirements of item 2 by
 * name, items 4 and 5 (`content`), and the ways of item 3 (any one suffices). The ability is built
 * from these, and the access report's reasons are which of them an advisory fails, so the two
 * cannot drift apart.
 */
export interface RuleAConditions {
  audience: Array<{ requirement: AudienceRequirement; condition: MongoQuery }>;
  content: MongoQuery;
  ways: MongoQuery[];
}

export function ruleAConditions(reader: Reader, facts: ReaderFacts, view: ViewAction): RuleAConditions {
  const org = reader.organisation;
  const { classification, tlp } = VIEWS[view];
  const regionCodes = org?.prefecture ? [org.prefecture, ...(org.municipality ? [org.municipality] : [])] : [];
  const region: MongoQuery =
    regionCodes.length === 0
      ? { audienceRegions: { $size: 0 } }
      : anyOf(
          { audienceRegions: { $size: 0 } },
          { audienceRegions: { $in: regionCodes } },
          ...(org?.kind === OrganisationKind.LOCAL_GOVERNMENT && !org.municipality
            ? [{ audienceMunicipalityPrefectures: org.prefecture }]
            : []),
        );
  const sector: MongoQuery =
    org && org.sectors.length > 0
      ? emptyOr('audienceSectors', { audienceSectors: { $in: [...org.sectors] } })
      : { audienceSectors: { $size: 0 } };
  const organisation: MongoQuery = org
    ? emptyOr('audienceOrganisationIds', { audienceOrganisationIds: org.id })
    : { audienceOrganisationIds: { $size: 0 } };
  const person = emptyOr('audiencePersonIds', { audiencePersonIds: reader.id });
  const amberStrict: MongoQuery = org
    ? anyOf({ [tlp]: { $ne: Tlp.AMBER_STRICT } }, { audienceOrganisationIds: org.id })
    : { [tlp]: { $ne: Tlp.AMBER_STRICT } };
  const audience: RuleAConditions['audience'] = [
    { requirement: 'region', condition: region },
    { requirement: 'sector', condition: sector },
    { requirement: 'organisation', condition: organisation },
    { requirement: 'person', condition: person },
    ...(org?.foreign ? [{ requirement: 'noForeign' as const, condition: { audienceNoForeign: false } }] : []),
    { requirement: 'amberStrict', condition: amberStrict },
  ];

  const ways: MongoQuery[] = [];
  if (facts.isMember) ways.push(emptyOr('audienceTiers', { audienceTiers: facts.memberTier }));
  if (view === 'readTearLine' && org?.kind === OrganisationKind.LOCAL_GOVERNMENT) {
    ways.push({
      tearLineReleaseToNonMemberLocalGovernments: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: { $in: [Tlp.CLEAR, Tlp.GREEN] },
    });
  }
  ways.push({ [classification]: Classification.UNCLASSIFIED, [tlp]: Tlp.CLEAR });

  return { audience, content: contentClearance(facts, view), ways };
}

/** Rule A items 4 and 5, and rule C's use of them. */
function contentClearance(facts: ReaderFacts, view: ViewAction): MongoQuery {
  const classification = VIEWS[view].classification;
  if (!facts.isMember) return { [classification]: Classification.UNCLASSIFIED };
  if (!facts.cleared) return { [classification]: { $ne: Classification.IESI } };
  return {};
}

export function defineAdvisoryAbility(reader: Reader, now: Date): AdvisoryAbility {
  const facts = deriveFacts(reader, now);
  const org = reader.organisation;
  const rules: Rule[] = [];
  const can = (action: AdvisoryAction, conditions: MongoQuery) => rules.push({ action, subject: ADVISORY, conditions });

  // An overseer reads the logs and no advisory at all, whatever else they hold.
  if (!reader.active || facts.isAuditor) return buildAbility(rules);

  // Rule A — members and recipients.
  if (facts.activeWithOrganisation) {
    for (const view of Object.keys(VIEWS) as ViewAction[]) {
      const ruleA = ruleAConditions(reader, facts, view);
      const audience = allOf(...ruleA.audience.map((part) => part.condition));
      const base = allOf({ status: { $in: VISIBLE_UNDER_RULE_A } }, VIEWS[view].only, audience, ruleA.content);
      for (const way of ruleA.ways) can(view, allOf(base, way));
    }
  }

  // Rule B — the secretariat.
  const notDraft: MongoQuery = { status: { $ne: AdvisoryStatus.DRAFT } };
  if (facts.isSecretariat) {
    if (facts.pledgeValid) {
      for (const view of Object.keys(VIEWS) as ViewAction[]) {
        const { classification, only } = VIEWS[view];
        can(view, allOf(notDraft, only, facts.cleared ? null : { [classification]: { $ne: Classification.IESI } }));
      }
    }
    for (const action of ['readMetadata', 'readOriginator', 'readAudience', 'listVersions'] as const) {
      can(action, notDraft);
    }
    // Withdrawn content only in the views rule B gives: with a valid pledge every view rule A could
    // give is one rule B gives too, without it none is (rule A readers read no retracted content).
    if (facts.pledgeValid) can('readRetracted', notDraft);
    can('proposeWidening', { status: AdvisoryStatus.PUBLISHED });
    can('withdraw', { status: AdvisoryStatus.PUBLISHED });
    // Four eyes, and a moderator must be able to read the FULL view under rule B.
    if (facts.pledgeValid) {
      const moderatable = allOf(
        { status: AdvisoryStatus.PENDING_REVIEW, authorId: { $ne: reader.id } },
        facts.cleared ? null : { fullClassification: { $ne: Classification.IESI } },
      );
      can('approve', moderatable);
      can('reject', moderatable);
    }
  }

  // Rule C — the originator: the author, and ORG_ADMIN people of the originator organisation.
  const originator: MongoQuery =
    facts.isOrgAdmin && org ? anyOf({ authorId: reader.id }, { originatorOrgId: org.id }) : { authorId: reader.id };
  if (facts.activeWithOrganisation) {
    for (const view of Object.keys(VIEWS) as ViewAction[]) {
      can(view, allOf(originator, VIEWS[view].only, contentClearance(facts, view)));
    }
    // An organisation that is not active withdraws nothing (and alerts no one).
    can('withdraw', allOf(originator, { status: AdvisoryStatus.PUBLISHED }));
  }
  // Rule C's views are a superset of rule A's for the originator: retracted content stays theirs.
  for (const action of ['readMetadata', 'readRetracted', 'readAudience', 'listVersions'] as const) {
    can(action, originator);
  }
  if (facts.isOrgAdmin && org) {
    can('consentWidening', { originatorOrgId: org.id, status: { $in: VISIBLE_UNDER_RULE_A } });
  }
  // An individual member has no organisation to consent for them: the originator is the author.
  if (!org) {
    can('consentWidening', { authorId: reader.id, originatorOrgId: null, status: { $in: VISIBLE_UNDER_RULE_A } });
  }

  // Declassification: from IESI only by the cleared, from COUNCIL_CONFIDENTIAL only by members or
  // the secretariat under a valid pledge, on both sides of a widening.
  if (facts.cleared) can('lowerFromIesi', {});
  if (facts.isMember || (facts.isSecretariat && facts.pledgeValid)) can('lowerFromConfidential', {});

  // `originator` is shown when attributed, to the secretariat (above) and to the originator's people.
  can('readOriginator', { attributed: true });
  if (org) can('readOriginator', { originatorOrgId: org.id });

  // Writing: only members author; the originator organisation is the author's.
  if (facts.isMember && facts.activeWithOrganisation) {
    can('create', {});
    can('submit', { authorId: reader.id, status: { $in: [AdvisoryStatus.DRAFT, AdvisoryStatus.REJECTED] } });
    can('edit', allOf(originator, { status: { $in: [AdvisoryStatus.DRAFT, AdvisoryStatus.REJECTED, AdvisoryStatus.PUBLISHED] } }));
  }

  return buildAbility(rules);
}
