import { AdvisoryStatus, Classification, OrganisationKind, Tlp } from '@app/platform/vocabulary';
import type { SqlParameters } from '../sql/sql-fragment';
import type { AdvisoryRecord } from './advisory-projection';
import type { ViewAction } from './advisory-ability';

/**
 * The policy seen from one advisory's side: SQL over `persons p LEFT JOIN organisations o` that
 * says, for every person at once, what the advisory-side rules give them. Used where a person-by-
 * person loop would be too slow — the alert fan-out (rule A at publication) and the access report.
 *
 * It is the same rules as advisory-ability.ts with the advisory's values folded in as constants
 * instead of the reader's; a property test checks, for generated councils, that every person gets
 * here exactly what the reader-side CASL ability gives them.
 */
export interface AdvisoryAudienceSql {
  /** TRUE where rule A gives the person the FULL view. */
  ruleAFull: string;
  /** TRUE where rule A gives the person the TEAR_LINE view. */
  ruleATearLine: string;
  /** 'FULL' | 'TEAR_LINE' | 'METADATA_ONLY' | NULL (does not exist for them) under rules A, B and C. */
  access: string;
}

const TRUE = 'TRUE';
const FALSE = 'FALSE';
const and = (...parts: string[]): string => {
  if (parts.includes(FALSE)) return FALSE;
  const kept = parts.filter((p) => p !== TRUE);
  return kept.length === 0 ? TRUE : kept.length === 1 ? kept[0] : `(${kept.join(' AND ')})`;
};
const or = (...parts: string[]): string => {
  if (parts.includes(TRUE)) return TRUE;
  const kept = parts.filter((p) => p !== FALSE);
  return kept.length === 0 ? FALSE : kept.length === 1 ? kept[0] : `(${kept.join(' OR ')})`;
};

interface ViewValues {
  classification: Classification;
  tlp: Tlp;
}

function viewOf(advisory: AdvisoryRecord, view: ViewAction): ViewValues | null {
  if (view === 'readFull') return { classification: advisory.fullClassification, tlp: advisory.fullTlp };
  if (!advisory.hasTearLine || !advisory.tearLineClassification || !advisory.tearLineTlp) return null;
  return { classification: advisory.tearLineClassification, tlp: advisory.tearLineTlp };
}

/**
 * @param asPublished evaluate rule A as if the advisory were published (the fan-out at the moment
 * of publication, the report before approval); otherwise its stored status counts.
 */
export function advisoryAudienceSql(
  advisory: AdvisoryRecord,
  now: Date,
  params: SqlParameters,
  options: { asPublished: boolean },
): AdvisoryAudienceSql {
  const at = params.add(now, 'timestamptz');
  const valid = (column: string) => `coalesce(${column} > ${at}, false)`;
  const hasRole = (role: string) => `(${params.add(role, 'text')} = ANY(p.roles))`;

  // ACCESS-POLICY.md "Derived facts about the reader", per row.
  const activeWithOrganisation = `(p.active AND (o.id IS NULL OR o.active))`;
  const memberTier =
    `(CASE WHEN o.id IS NOT NULL THEN (CASE WHEN o.active AND ${valid('o.agreement_expires_at')} THEN o.tier ELSE 'NONE' END) ` +
    `ELSE coalesce(p.individual_tier, 'NONE') END)`;
  const isMember = `(${memberTier} <> 'NONE' AND ${valid('p.pledge_expires_at')})`;
  const cleared =
    `(p.clearance_level = 'IESI' AND ${valid('p.clearance_expires_at')} AND NOT p.clearance_suspended ` +
    `AND (o.id IS NULL OR ${valid('o.facility_clearance_expires_at')}))`;
  const isSecretariat = `(${hasRole('SECRETARIAT')} AND p.active)`;
  const isAuditor = hasRole('AUDITOR');

  const regions = advisory.audienceRegions;
  const inRegion =
    regions.length === 0
      ? TRUE
      : and(
          'o.prefecture IS NOT NULL',
          or(
            `o.prefecture = ANY(${params.add(regions, 'text[]')})`,
            `coalesce(o.municipality = ANY(${params.add(regions, 'text[]')}), false)`,
            advisory.audienceMunicipalityPrefectures.length === 0
              ? FALSE
              : `(o.kind = '${OrganisationKind.LOCAL_GOVERNMENT}' AND o.municipality IS NULL AND o.prefecture = ANY(${params.add(advisory.audienceMunicipalityPrefectures, 'text[]')}))`,
          ),
        );
  const namedOrganisation =
    advisory.audienceOrganisationIds.length === 0
      ? FALSE
      : `coalesce(o.id = ANY(${params.add(advisory.audienceOrganisationIds, 'uuid[]')}), false)`;
  const audienceCommon = and(
    inRegion,
    advisory.audienceSectors.length === 0 ? TRUE : `coalesce(o.sectors && ${params.add(advisory.audienceSectors, 'text[]')}, false)`,
    advisory.audienceOrganisationIds.length === 0 ? TRUE : namedOrganisation,
    advisory.audiencePersonIds.length === 0 ? TRUE : `p.id = ANY(${params.add(advisory.audiencePersonIds, 'uuid[]')})`,
    advisory.audienceNoForeign ? '(o.id IS NULL OR NOT o.foreign)' : TRUE,
  );

  const contentClearance = (view: ViewValues) =>
    and(
      view.classification === Classification.UNCLASSIFIED ? TRUE : isMember,
      view.classification === Classification.IESI ? cleared : TRUE,
    );

  const statusAllowsRuleA =
    options.asPublished || advisory.status === AdvisoryStatus.PUBLISHED || advisory.status === AdvisoryStatus.WITHDRAWN;
  const ruleA = (which: ViewAction): string => {
    const view = viewOf(advisory, which);
    if (!view || !statusAllowsRuleA) return FALSE;
    const tiers = advisory.audienceTiers;
    const asMember = and(isMember, tiers.length === 0 ? TRUE : `${memberTier} = ANY(${params.add(tiers, 'text[]')})`);
    const asLocalGovernment =
      which === 'readTearLine' &&
      advisory.tearLineReleaseToNonMemberLocalGovernments &&
      view.classification === Classification.UNCLASSIFIED &&
      (view.tlp === Tlp.CLEAR || view.tlp === Tlp.GREEN)
        ? `coalesce(o.kind = '${OrganisationKind.LOCAL_GOVERNMENT}', false)`
        : FALSE;
    const asAnyone = view.classification === Classification.UNCLASSIFIED && view.tlp === Tlp.CLEAR ? TRUE : FALSE;
    return and(
      activeWithOrganisation,
      audienceCommon,
      view.tlp === Tlp.AMBER_STRICT ? namedOrganisation : TRUE,
      or(asMember, asLocalGovernment, asAnyone),
      contentClearance(view),
    );
  };

  const notDraft = options.asPublished || advisory.status !== AdvisoryStatus.DRAFT;
  const ruleB = (which: ViewAction): string => {
    const view = viewOf(advisory, which);
    if (!view || !notDraft) return FALSE;
    return and(isSecretariat, valid('p.pledge_expires_at'), view.classification === Classification.IESI ? cleared : TRUE);
  };
  const originator = or(
    `p.id = ${params.add(advisory.authorId, 'uuid')}`,
    advisory.originatorOrgId ? `(${hasRole('ORG_ADMIN')} AND o.id = ${params.add(advisory.originatorOrgId, 'uuid')})` : FALSE,
  );
  const ruleC = (which: ViewAction): string => {
    const view = viewOf(advisory, which);
    if (!view) return FALSE;
    return and(originator, activeWithOrganisation, contentClearance(view));
  };

  const ruleAFull = ruleA('readFull');
  const ruleATearLine = ruleA('readTearLine');
  const full = or(ruleAFull, ruleB('readFull'), ruleC('readFull'));
  const tearLine = or(ruleATearLine, ruleB('readTearLine'), ruleC('readTearLine'));
  const metadata = or(notDraft ? isSecretariat : FALSE, originator);
  const access =
    `(CASE WHEN NOT p.active OR ${isAuditor} THEN NULL WHEN ${full} THEN 'FULL' WHEN ${tearLine} THEN 'TEAR_LINE' ` +
    `WHEN ${metadata} THEN 'METADATA_ONLY' ELSE NULL END)`;
  return {
    ruleAFull: and('NOT ' + isAuditor, ruleAFull),
    ruleATearLine: and('NOT ' + isAuditor, ruleATearLine),
    access,
  };
}
