import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdvisoryStatus, Classification, ClearanceLevel, Role, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const REPORT = `query Report($id: ID!) {
  advisoryAccessReport(id: $id) {
    advisoryId
    counts { full tearLine metadataOnly none }
    organisations { organisation { id } counts { full tearLine none } people { person { id } access reasons } }
  }
}`;

describe('advisoryAccessReport: who can see this, and why not', () => {
  let api: TestApp;
  let secretariatToken: string;
  let memberToken: string;
  let advisoryId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApp();
    const ds = api.dataSource;
    const tokyoFinance = await insertOrganisation(ds, {
      prefecture: '13',
      sectors: ['FINANCE'] as never,
      facilityClearanceExpiresAt: inDays(100),
    });
    const kanagawaFinance = await insertOrganisation(ds, { prefecture: '14', sectors: ['FINANCE'] as never });
    const author = await insertPerson(ds, { organisationId: tokyoFinance.id });
    ids.cleared = (
      await insertPerson(ds, { organisationId: tokyoFinance.id, clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(50) })
    ).id;
    const uncleared = await insertPerson(ds, { organisationId: tokyoFinance.id });
    ids.uncleared = uncleared.id;
    ids.expiredPledge = (await insertPerson(ds, { organisationId: tokyoFinance.id, pledgeExpiresAt: inDays(-1) })).id;
    ids.elsewhere = (await insertPerson(ds, { organisationId: kanagawaFinance.id })).id;
    const secretariat = await insertPerson(ds, { roles: [Role.SECRETARIAT] });
    secretariatToken = api.tokenFor(secretariat.id);
    memberToken = api.tokenFor(uncleared.id);
    advisoryId = (
      await insertAdvisory(ds, {
        authorId: author.id,
        originatorOrgId: tokyoFinance.id,
        status: AdvisoryStatus.PENDING_REVIEW,
        fullClassification: Classification.IESI,
        fullTlp: Tlp.AMBER,
        hasTearLine: true,
        tearLineClassification: Classification.COUNCIL_CONFIDENTIAL,
        tearLineTlp: Tlp.GREEN,
        tearLineTitle: 'tear line',
        tearLineSummary: 'tear line summary',
        audienceRegions: ['13'],
        audienceSectors: ['FINANCE'] as never,
      })
    ).id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('gives each person the access the policy would give after publication, with the reasons for less', async () => {
    const data = await api.gqlOk(REPORT, { id: advisoryId }, secretariatToken);
    const lines = new Map<string, { access: string | null; reasons: string[] }>(
      data.advisoryAccessReport.organisations.flatMap((o: any) => o.people.map((p: any) => [p.person.id, p])),
    );
    expect(lines.get(ids.cleared)).toMatchObject({ access: 'FULL', reasons: [] });
    expect(lines.get(ids.uncleared)).toMatchObject({ access: 'TEAR_LINE', reasons: ['no IESI clearance'] });
    expect(lines.get(ids.expiredPledge)?.access).toBeNull();
    expect(lines.get(ids.expiredPledge)?.reasons).toContain('pledge expired');
    expect(lines.get(ids.elsewhere)?.access).toBeNull();
    expect(lines.get(ids.elsewhere)?.reasons).toContain('not in region 13');
  });

  it('pages through organisations with the same lines and counts as the whole report', async () => {
    const whole = await api.gqlOk(REPORT, { id: advisoryId }, secretariatToken);
    const PAGE = `query Page($id: ID!, $after: String) {
      advisoryAccessReport(id: $id) {
        counts { full tearLine metadataOnly none }
        organisationPage(first: 1, after: $after) {
          items { organisation { id } counts { full tearLine none } people { person { id } access reasons } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    const paged: any[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const data: any = await api.gqlOk(PAGE, { id: advisoryId, after }, secretariatToken);
      expect(data.advisoryAccessReport.counts).toEqual(whole.advisoryAccessReport.counts);
      paged.push(...data.advisoryAccessReport.organisationPage.items);
      if (!data.advisoryAccessReport.organisationPage.pageInfo.hasNextPage) break;
      after = data.advisoryAccessReport.organisationPage.pageInfo.endCursor;
    }
    const key = (o: any) => o.organisation?.id ?? 'none';
    const sortByKey = (list: any[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sortByKey(paged)).toEqual(sortByKey(whole.advisoryAccessReport.organisations));
    const total = whole.advisoryAccessReport.counts;
    expect(paged.reduce((n, o) => n + o.people.length, 0)).toBe(total.full + total.tearLine + total.metadataOnly + total.none);
  });

  it('refuses a page size out of range and a cursor of another list', async () => {
    const bad = `query Bad($id: ID!, $first: Int!, $after: String) {
      advisoryAccessReport(id: $id) { organisationPage(first: $first, after: $after) { items { counts { full } } } }
    }`;
    const tooMany = await api.gql(bad, { id: advisoryId, first: 201 }, secretariatToken);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await api.gql(
      bad,
      { id: advisoryId, first: 5, after: Buffer.from('auditLog|12').toString('base64url') },
      secretariatToken,
    );
    expect(foreign.errors?.[0]?.message).toMatch(/after: not a cursor/);
  });

  it('is for the secretariat only', async () => {
    const result = await api.gql(REPORT, { id: advisoryId }, memberToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('agrees with what the feed gives once the advisory is published', async () => {
    await api.dataSource.query(`UPDATE advisories SET status = 'PUBLISHED', published_at = now(), sort_at = now() WHERE id = $1`, [
      advisoryId,
    ]);
    const one = `query One($id: ID!) { advisory(id: $id) { access } }`;
    for (const [name, access] of [
      ['cleared', 'FULL'],
      ['uncleared', 'TEAR_LINE'],
      ['expiredPledge', null],
      ['elsewhere', null],
    ] as const) {
      const result = await api.gqlOk(one, { id: advisoryId }, api.tokenFor(ids[name]));
      expect({ name, access: result.advisory?.access ?? null }).toEqual({ name, access });
    }
  });
});
