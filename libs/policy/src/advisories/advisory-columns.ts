import type { ColumnMap, ColumnSpec } from '../sql/condition-to-sql';

const text = (column: string): ColumnSpec => ({ sql: `a.${column}`, type: 'text', array: false });
const textArray = (column: string): ColumnSpec => ({ sql: `a.${column}`, type: 'text', array: true });

/**
 * The advisory properties that policy conditions may name, and their columns in `advisories a`.
 * A condition on any other property fails to compile: the policy cannot silently ignore a rule.
 */
export const ADVISORY_COLUMNS: ColumnMap = {
  id: { sql: 'a.id', type: 'uuid', array: false },
  status: text('status'),
  severity: text('severity'),
  originatorOrgId: { sql: 'a.originator_org_id', type: 'uuid', array: false },
  authorId: { sql: 'a.author_id', type: 'uuid', array: false },
  attributed: { sql: 'a.attributed', type: 'boolean', array: false },
  fullClassification: text('full_classification'),
  fullTlp: text('full_tlp'),
  hasTearLine: { sql: 'a.has_tear_line', type: 'boolean', array: false },
  tearLineClassification: text('tear_line_classification'),
  tearLineTlp: text('tear_line_tlp'),
  tearLineReleaseToNonMemberLocalGovernments: {
    sql: 'a.tear_line_release_to_non_member_lg',
    type: 'boolean',
    array: false,
  },
  audienceTiers: textArray('audience_tiers'),
  audienceSectors: textArray('audience_sectors'),
  audienceRegions: textArray('audience_regions'),
  audienceMunicipalityPrefectures: textArray('audience_municipality_prefectures'),
  audienceOrganisationIds: { sql: 'a.audience_organisation_ids', type: 'uuid', array: true },
  audiencePersonIds: { sql: 'a.audience_person_ids', type: 'uuid', array: true },
  audienceNoForeign: { sql: 'a.audience_no_foreign', type: 'boolean', array: false },
};
