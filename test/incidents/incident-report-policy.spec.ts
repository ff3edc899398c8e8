import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import fc from 'fast-check';
import { Client } from 'pg';
import { Role } from '../../libs/platform/src/vocabulary';
import {
  defineIncidentReportAbility,
  INCIDENT_REPORT,
  type IncidentReportAction,
  type IncidentReportSubjectFields,
} from '../../libs/policy/src/incidents/incident-report-ability';
import { incidentReportActionToSql } from '../../libs/policy/src/incidents/incident-report-access-sql';
import type { Reader } from '../../libs/policy/src/reader';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import { testOrganisation, testReader } from '../support/test-readers';
import { createTestDatabase } from '../support/test-database';

const NOW = new Date('2030-06-01T00:00:00Z');
const LATER = new Date('2031-06-01T00:00:00Z');
const EARLIER = new Date('2029-06-01T00:00:00Z');
const ORG_IDS = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
const PERSON_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];

const organisationArbitrary = fc.record({
  id: fc.constantFrom(...ORG_IDS),
  active: fc.boolean(),
  agreementExpiresAt: fc.constantFrom(null, EARLIER, LATER),
});

const readerArbitrary = fc.record({
  id: fc.constantFrom(...PERSON_IDS),
  active: fc.boolean(),
  roles: fc.subarray([Role.SECRETARIAT, Role.ORG_ADMIN, Role.CISO, Role.ANALYST, Role.AUDITOR]),
  pledgeExpiresAt: fc.constantFrom(null, EARLIER, LATER),
  organisation: fc.option(organisationArbitrary, { nil: null }),
});

const reportArbitrary = fc.record({
  authorId: fc.constantFrom(...PERSON_IDS),
  incidentOpenedById: fc.constantFrom(...PERSON_IDS),
  organisationId: fc.option(fc.constantFrom(...ORG_IDS), { nil: null }),
});

type GeneratedReader = {
  id: string;
  active: boolean;
  roles: Role[];
  pledgeExpiresAt: Date | null;
  organisation: { id: string; active: boolean; agreementExpiresAt: Date | null } | null;
};

function readerOf(generated: GeneratedReader): Reader {
  return testReader({
    id: generated.id,
    active: generated.active,
    roles: generated.roles,
    pledgeExpiresAt: generated.pledgeExpiresAt,
    organisation: generated.organisation ? testOrganisation(generated.organisation) : null,
  });
}

/** Issue 6 "Access", written out independently of the CASL rules. */
function reference(reader: GeneratedReader, report: IncidentReportSubjectFields, action: IncidentReportAction): boolean {
  const valid = (d: Date | null) => d !== null && d > NOW;
  if (!reader.active || reader.roles.includes(Role.AUDITOR)) return false;
  const org = reader.organisation;
  const activeWithOrg = org === null || org.active;
  const isMember = org !== null && org.active && valid(org.agreementExpiresAt) && valid(reader.pledgeExpiresAt);
  const reporterSide =
    activeWithOrg &&
    (report.authorId === reader.id ||
      report.incidentOpenedById === reader.id ||
      (org !== null && report.organisationId === org.id && (reader.roles.includes(Role.ORG_ADMIN) || reader.roles.includes(Role.CISO))));
  const secretariat = reader.roles.includes(Role.SECRETARIAT) && valid(reader.pledgeExpiresAt);
  switch (action) {
    case 'read':
    case 'postFeedback':
      return reporterSide || secretariat;
    case 'followUp':
      return reporterSide && isMember;
    default:
      throw new Error(action);
  }
}

describe('incident-report policy: the SQL WHERE clause, the in-memory ability and the written rules agree', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: await createTestDatabase() });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  async function sqlAllows(reader: Reader, action: IncidentReportAction, reports: IncidentReportSubjectFields[]): Promise<boolean[]> {
    const params = new SqlParameters(1);
    const condition = incidentReportActionToSql(defineIncidentReportAbility(reader, NOW), action, params);
    const rows: Array<{ i: number; allowed: boolean }> = await client
      .query(
        `SELECT v.i, ${condition} AS allowed
         FROM jsonb_to_recordset($1::jsonb) AS v(i int, author_id uuid, opened_by_id uuid, organisation_id uuid),
              LATERAL (SELECT v.author_id, v.organisation_id) AS r,
              LATERAL (SELECT v.opened_by_id) AS c
        ORDER BY v.i`,
        [
          JSON.stringify(
            reports.map((r, i) => ({ i, author_id: r.authorId, opened_by_id: r.incidentOpenedById, organisation_id: r.organisationId })),
          ),
          ...params.values,
        ],
      )
      .then((result) => result.rows);
    return rows.map((row) => row.allowed);
  }

  it('for generated readers and reports (NULL organisations included)', async () => {
    await fc.assert(
      fc.asyncProperty(readerArbitrary, fc.array(reportArbitrary, { minLength: 1, maxLength: 12 }), async (generated, reports) => {
        const reader = readerOf(generated);
        const ability = defineIncidentReportAbility(reader, NOW);
        for (const action of ['read', 'followUp', 'postFeedback'] as IncidentReportAction[]) {
          const inSql = await sqlAllows(reader, action, reports);
          const inMemory = reports.map((r) => ability.can(action, subject(INCIDENT_REPORT, { ...r })));
          const written = reports.map((r) => reference(generated, r, action));
          expect(inSql).toEqual(inMemory);
          expect(inMemory).toEqual(written);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives submit to active members only, triage to the pledged secretariat only, and nothing to an auditor', () => {
    const base: GeneratedReader = {
      id: PERSON_IDS[0],
      active: true,
      roles: [],
      pledgeExpiresAt: LATER,
      organisation: { id: ORG_IDS[0], active: true, agreementExpiresAt: LATER },
    };
    const can = (g: GeneratedReader, action: IncidentReportAction) =>
      defineIncidentReportAbility(readerOf(g), NOW).can(action, INCIDENT_REPORT);
    expect(can(base, 'submit')).toBe(true);
    expect(can({ ...base, pledgeExpiresAt: EARLIER }, 'submit')).toBe(false);
    expect(can({ ...base, organisation: { ...base.organisation!, agreementExpiresAt: null } }, 'submit')).toBe(false);
    expect(can({ ...base, roles: [Role.CISO, Role.AUDITOR] }, 'submit')).toBe(false);
    expect(can({ ...base, roles: [Role.CISO, Role.AUDITOR] }, 'read')).toBe(false);
    expect(can(base, 'triage')).toBe(false);
    expect(can({ ...base, roles: [Role.SECRETARIAT] }, 'triage')).toBe(true);
    expect(can({ ...base, roles: [Role.SECRETARIAT], pledgeExpiresAt: null }, 'triage')).toBe(false);
    expect(can({ ...base, roles: [Role.SECRETARIAT, Role.AUDITOR] }, 'triage')).toBe(false);
    expect(can({ ...base, roles: [Role.SECRETARIAT], active: false }, 'read')).toBe(false);
  });
});
