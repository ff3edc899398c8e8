import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from 'xmlbuilder2';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import {
  AdvisoryStatus,
  Classification,
  ClearanceLevel,
  MembershipTier,
  OrganisationKind,
  Role,
  Sector,
  Severity,
  Tlp,
} from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { clearedApprover, grantClearanceThroughApi, signInAsBootstrapAdmin } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const ATOM = 'http://www.w3.org/2005/Atom';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const CREATE_TOKEN = `mutation($input: CreateFeedTokenInput!) { createFeedToken(input: $input) { token } }`;
const UPDATE_ORGANISATION = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { id } }`;

interface ParsedEntry {
  id: string;
  title: string;
  updated: string;
  content: string;
  summary: string | null;
  categories: Record<string, string>;
  xml: string;
}

interface ParsedFeed {
  root: Element;
  entries: ParsedEntry[];
}

type Element = {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  childNodes: Iterable<unknown>;
  getAttribute(name: string): string | null;
  toString(): string;
};

function children(element: Element, name: string): Element[] {
  return [...element.childNodes].filter(
    (node): node is Element => (node as Element).namespaceURI === ATOM && (node as Element).localName === name,
  );
}

function one(element: Element, name: string): Element {
  const found = children(element, name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Parses the document and checks what RFC 4287 requires of the feed and of each entry. */
function parseFeed(xml: string): ParsedFeed {
  const root = (create(xml).node as unknown as { documentElement: Element }).documentElement;
  expect(root.namespaceURI).toBe(ATOM);
  expect(root.localName).toBe('feed');
  expect(one(root, 'id').textContent).toMatch(/^https?:\/\//);
  expect(one(root, 'title').textContent).not.toBe('');
  expect(one(root, 'updated').textContent).toMatch(RFC3339);
  expect(one(one(root, 'author'), 'name').textContent).not.toBe('');
  const self = children(root, 'link').filter((link) => link.getAttribute('rel') === 'self');
  expect(self).toHaveLength(1);
  expect(self[0].getAttribute('href')).toBe(one(root, 'id').textContent);
  const entries = children(root, 'entry').map((entry) => {
    const id = one(entry, 'id').textContent!;
    expect(id).toMatch(/^urn:uuid:/);
    expect(id.slice('urn:uuid:'.length)).toMatch(UUID);
    expect(one(entry, 'updated').textContent).toMatch(RFC3339);
    expect(one(entry, 'published').textContent).toMatch(RFC3339);
    const content = one(entry, 'content');
    expect(content.getAttribute('type')).toBe('text');
    const categories: Record<string, string> = {};
    for (const category of children(entry, 'category')) {
      const scheme = category.getAttribute('scheme')!;
      expect(category.getAttribute('term')).toBeTruthy();
      categories[scheme.replace('urn:council:', '')] = category.getAttribute('term')!;
    }
    const summaries = children(entry, 'summary');
    return {
      id: id.slice('urn:uuid:'.length),
      title: one(entry, 'title').textContent!,
      updated: one(entry, 'updated').textContent!,
      content: content.textContent!,
      summary: summaries[0]?.textContent ?? null,
      categories,
      xml: entry.toString(),
    };
  });
  return { root, entries };
}

describe('the regional Atom feed', () => {
  let api: TestApp;
  const tokens: Record<'municipality' | 'prefecture' | 'uncleared' | 'cleared' | 'secretariat' | 'originator', string> = {} as never;
  const items: Record<string, AdvisoryEntity> = {};
  let clearedPersonId: string;
  let utilityId: string;

  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_FEED_PULLS_PER_PERSON: '1000', COUNCIL_FEED_PULLS_PER_ADDRESS: '10000' });
    const ds = api.dataSource;
    const municipality = await insertOrganisation(ds, {
      name: 'Osaka City (non-member)',
      kind: OrganisationKind.LOCAL_GOVERNMENT,
      tier: MembershipTier.NONE,
      sectors: [Sector.GOVERNMENT_SERVICES],
      prefecture: '27',
      municipality: '27100',
      agreementExpiresAt: null,
    });
    const prefecture = await insertOrganisation(ds, {
      name: 'Osaka Prefecture (member)',
      kind: OrganisationKind.LOCAL_GOVERNMENT,
      tier: MembershipTier.GENERAL,
      sectors: [Sector.GOVERNMENT_SERVICES],
      prefecture: '27',
      municipality: null,
    });
    const bank = await insertOrganisation(ds, {
      name: 'Tokyo Bank',
      tier: MembershipTier.CLASS_2,
      sectors: [Sector.FINANCE],
      prefecture: '13',
    });
    const utility = await insertOrganisation(ds, {
      name: 'Tokyo Power',
      tier: MembershipTier.CLASS_1,
      sectors: [Sector.ELECTRICITY],
      prefecture: '13',
      facilityClearanceExpiresAt: inDays(300),
    });
    const authorOrg = await insertOrganisation(ds, {
      name: 'Vendor',
      tier: MembershipTier.CLASS_1,
      sectors: [Sector.INFORMATION_COMMUNICATION],
    });
    const author = await insertPerson(ds, {
      organisationId: authorOrg.id,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    const people = {
      municipality: await insertPerson(ds, { organisationId: municipality.id, pledgeExpiresAt: null }),
      prefecture: await insertPerson(ds, { organisationId: prefecture.id }),
      uncleared: await insertPerson(ds, { organisationId: bank.id }),
      cleared: await insertPerson(ds, { organisationId: utility.id, clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(100) }),
      secretariat: await insertPerson(ds, { roles: [Role.SECRETARIAT] }),
      originator: author,
    };
    clearedPersonId = people.cleared.id;
    utilityId = utility.id;
    for (const [who, person] of Object.entries(people)) {
      const data = await api.gqlOk<{ createFeedToken: { token: string } }>(
        CREATE_TOKEN,
        { input: { name: `${who} reader` } },
        api.tokenFor(person.id),
      );
      tokens[who as keyof typeof tokens] = data.createFeedToken.token;
    }

    const tearLine = (classification: Classification, tlp: Tlp, release: boolean, key: string) => ({
      hasTearLine: true,
      tearLineClassification: classification,
      tearLineTlp: tlp,
      tearLineTitle: `TL-${key}`,
      tearLineSummary: `TLSUM-${key}`,
      tearLineRecommendedActions: [`TLACT-${key}`],
      tearLineReleaseToNonMemberLocalGovernments: release,
    });
    const full = (classification: Classification, tlp: Tlp) => ({ fullClassification: classification, fullTlp: tlp });
    const definitions: Record<string, Partial<AdvisoryEntity>> = {
      clearNational: full(Classification.UNCLASSIFIED, Tlp.CLEAR),
      greenNational: full(Classification.UNCLASSIFIED, Tlp.GREEN),
      confidentialReleasedToOsakaCity: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'confidentialReleasedToOsakaCity'),
        audienceRegions: ['27100'],
      },
      confidentialReleasedToSakai: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'confidentialReleasedToSakai'),
        audienceRegions: ['27140'],
      },
      confidentialReleasedToTokyo: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'confidentialReleasedToTokyo'),
        audienceRegions: ['13'],
      },
      confidentialReleasedNationwide: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'confidentialReleasedNationwide'),
      },
      confidentialNotReleased: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, false, 'confidentialNotReleased'),
      },
      iesiWithReleasedTearLine: {
        ...full(Classification.IESI, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'iesiWithReleasedTearLine'),
      },
      iesiWithConfidentialTearLine: {
        ...full(Classification.IESI, Tlp.AMBER),
        ...tearLine(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER, false, 'iesiWithConfidentialTearLine'),
      },
      iesiWithoutTearLine: full(Classification.IESI, Tlp.AMBER),
      electricityOnly: { ...full(Classification.UNCLASSIFIED, Tlp.GREEN), audienceSectors: [Sector.ELECTRICITY] },
      class1Only: { ...full(Classification.UNCLASSIFIED, Tlp.GREEN), audienceTiers: [MembershipTier.CLASS_1] },
      withdrawnReleased: {
        ...full(Classification.COUNCIL_CONFIDENTIAL, Tlp.AMBER),
        ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true, 'withdrawnReleased'),
        status: AdvisoryStatus.WITHDRAWN,
        withdrawalReason: 'Superseded by a corrected advisory',
      },
      draft: { ...full(Classification.UNCLASSIFIED, Tlp.CLEAR), status: AdvisoryStatus.DRAFT },
      pendingReview: { ...full(Classification.UNCLASSIFIED, Tlp.CLEAR), status: AdvisoryStatus.PENDING_REVIEW },
      rejected: { ...full(Classification.UNCLASSIFIED, Tlp.CLEAR), status: AdvisoryStatus.REJECTED },
    };
    const base = Date.now() - 3_600_000;
    let i = 0;
    for (const [key, fields] of Object.entries(definitions)) {
      const at = new Date(base + 1000 * i++);
      items[key] = await insertAdvisory(ds, {
        authorId: author.id,
        originatorOrgId: authorOrg.id,
        severity: key === 'clearNational' ? Severity.CRITICAL : key === 'greenNational' ? Severity.HIGH : Severity.MEDIUM,
        fullTitle: `FULL-${key}`,
        fullSummary: `FULLSUM-${key}`,
        fullBody: `BODY-${key}`,
        fullRecommendedActions: [`FULLACT-${key}`],
        fullIndicators: [`IOC-${key}`],
        updatedAt: at,
        ...(fields.status === AdvisoryStatus.PUBLISHED || fields.status === undefined || fields.status === AdvisoryStatus.WITHDRAWN
          ? { publishedAt: at }
          : {}),
        ...fields,
      });
    }
  });
  afterAll(async () => {
    await api.close();
  });

  async function pull(token: string, query = '', headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${api.url}/feeds/advisories.atom${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  }

  async function feedOf(token: string, query = ''): Promise<ParsedFeed> {
    const response = await pull(token, query);
    expect(response.status).toBe(200);
    return parseFeed(await response.text());
  }

  /** key → access level, for exactly the entries in the feed. */
  function accessByKey(feed: ParsedFeed): Record<string, string> {
    const keyOf = new Map(Object.entries(items).map(([key, item]) => [item.id, key]));
    return Object.fromEntries(feed.entries.map((entry) => [keyOf.get(entry.id) ?? `unknown ${entry.id}`, entry.categories.access]));
  }

  function expectTearLineOnly(feed: ParsedFeed): void {
    for (const entry of feed.entries.filter((e) => e.categories.access === 'TEAR_LINE')) {
      expect(entry.xml).not.toMatch(/BODY-|FULL-|FULLSUM-|FULLACT-|IOC-/);
    }
  }

  it('gives a non-member municipality only what is CLEAR or released to its municipality or nationwide, as tear lines', async () => {
    const feed = await feedOf(tokens.municipality);
    expect(accessByKey(feed)).toEqual({
      clearNational: 'FULL',
      confidentialReleasedToOsakaCity: 'TEAR_LINE',
      confidentialReleasedNationwide: 'TEAR_LINE',
      iesiWithReleasedTearLine: 'TEAR_LINE',
      withdrawnReleased: 'TEAR_LINE',
    });
    expectTearLineOnly(feed);
    const osaka = feed.entries.find((e) => e.id === items.confidentialReleasedToOsakaCity.id)!;
    expect(osaka.title).toBe('TL-confidentialReleasedToOsakaCity');
    expect(osaka.summary).toBe('TLSUM-confidentialReleasedToOsakaCity');
    expect(osaka.content).toContain('TLACT-confidentialReleasedToOsakaCity');
    expect(osaka.categories).toMatchObject({ classification: 'UNCLASSIFIED', tlp: 'GREEN', status: 'PUBLISHED', severity: 'MEDIUM' });
    // Only CLEAR content reaches the municipality in full; nothing confidential anywhere in the document.
    const xml = await (await pull(tokens.municipality)).text();
    expect(xml).not.toMatch(/BODY-(?!clearNational)|FULL-(?!clearNational)|IOC-(?!clearNational)|COUNCIL_CONFIDENTIAL|IESI"/);
  });

  it('gives a member prefecture everything for members and what is aimed at its municipalities', async () => {
    const feed = await feedOf(tokens.prefecture);
    expect(accessByKey(feed)).toEqual({
      clearNational: 'FULL',
      greenNational: 'FULL',
      confidentialReleasedToOsakaCity: 'FULL',
      confidentialReleasedToSakai: 'FULL',
      confidentialReleasedNationwide: 'FULL',
      confidentialNotReleased: 'FULL',
      iesiWithReleasedTearLine: 'TEAR_LINE',
      iesiWithConfidentialTearLine: 'TEAR_LINE',
      withdrawnReleased: 'FULL',
    });
    expectTearLineOnly(feed);
    const sakai = feed.entries.find((e) => e.id === items.confidentialReleasedToSakai.id)!;
    expect(sakai.content).toContain('BODY-confidentialReleasedToSakai');
    expect(sakai.content).toContain('IOC-confidentialReleasedToSakai');
  });

  it('gives an uncleared member tear lines of IESI items and never their body', async () => {
    const feed = await feedOf(tokens.uncleared);
    expect(accessByKey(feed)).toEqual({
      clearNational: 'FULL',
      greenNational: 'FULL',
      confidentialReleasedToTokyo: 'FULL',
      confidentialReleasedNationwide: 'FULL',
      confidentialNotReleased: 'FULL',
      iesiWithReleasedTearLine: 'TEAR_LINE',
      iesiWithConfidentialTearLine: 'TEAR_LINE',
      withdrawnReleased: 'FULL',
    });
    expectTearLineOnly(feed);
    const iesi = feed.entries.find((e) => e.id === items.iesiWithConfidentialTearLine.id)!;
    expect(iesi.categories).toMatchObject({ classification: 'COUNCIL_CONFIDENTIAL', tlp: 'AMBER', access: 'TEAR_LINE' });
    expect(iesi.title).toBe('TL-iesiWithConfidentialTearLine');
  });

  it('gives a cleared member of a cleared facility the full IESI views, within its sector and tier', async () => {
    const feed = await feedOf(tokens.cleared);
    expect(accessByKey(feed)).toEqual({
      clearNational: 'FULL',
      greenNational: 'FULL',
      confidentialReleasedToTokyo: 'FULL',
      confidentialReleasedNationwide: 'FULL',
      confidentialNotReleased: 'FULL',
      iesiWithReleasedTearLine: 'FULL',
      iesiWithConfidentialTearLine: 'FULL',
      iesiWithoutTearLine: 'FULL',
      electricityOnly: 'FULL',
      class1Only: 'FULL',
      withdrawnReleased: 'FULL',
    });
    const iesi = feed.entries.find((e) => e.id === items.iesiWithoutTearLine.id)!;
    expect(iesi.content).toContain('BODY-iesiWithoutTearLine');
    expect(iesi.categories.classification).toBe('IESI');
    const logged = await api.dataSource.query(`SELECT 1 FROM access_log WHERE person_id = $1 AND advisory_id = $2`, [
      clearedPersonId,
      items.iesiWithoutTearLine.id,
    ]);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('leaves out what the secretariat sees only as metadata, and drafts, pending and rejected items', async () => {
    const feed = await feedOf(tokens.secretariat);
    expect(accessByKey(feed)).toEqual({
      clearNational: 'FULL',
      greenNational: 'FULL',
      confidentialReleasedToOsakaCity: 'FULL',
      confidentialReleasedToSakai: 'FULL',
      confidentialReleasedToTokyo: 'FULL',
      confidentialReleasedNationwide: 'FULL',
      confidentialNotReleased: 'FULL',
      iesiWithReleasedTearLine: 'TEAR_LINE',
      iesiWithConfidentialTearLine: 'TEAR_LINE',
      electricityOnly: 'FULL',
      class1Only: 'FULL',
      withdrawnReleased: 'FULL',
    });
    expectTearLineOnly(feed);
  });

  it('shows a withdrawn advisory as withdrawn, with its reason and none of its content', async () => {
    for (const token of [tokens.municipality, tokens.cleared, tokens.secretariat, tokens.originator]) {
      const feed = await feedOf(token);
      const withdrawn = feed.entries.find((e) => e.id === items.withdrawnReleased.id)!;
      expect(withdrawn.categories.status).toBe('WITHDRAWN');
      expect(withdrawn.title).toBe('Withdrawn advisory');
      expect(withdrawn.content).toContain('This advisory has been withdrawn.');
      expect(withdrawn.content).toContain('Superseded by a corrected advisory');
      expect(withdrawn.summary).toBeNull();
      expect(withdrawn.xml).not.toMatch(/withdrawnReleased/);
    }
  });

  it('lists entries newest first and serves Atom with private caching', async () => {
    const response = await pull(tokens.cleared);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/\bprivate\b/);
    const feed = parseFeed(await response.text());
    const order = feed.entries.map((e) => e.id);
    const expected = Object.values(items)
      .filter((item) => order.includes(item.id))
      .sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime())
      .map((item) => item.id);
    expect(order).toEqual(expected);
    // Every advisory here is dated an hour back, before this reader's access was recorded (the
    // person and organisation rows were inserted just now): each entry is updated when that was.
    const [{ changed }] = await api.dataSource.query(
      `SELECT greatest(p.access_changed_at, o.access_changed_at) AS changed FROM persons p JOIN organisations o ON o.id = p.organisation_id WHERE p.id = $1`,
      [clearedPersonId],
    );
    expect((changed as Date).getTime()).toBeGreaterThan(items.withdrawnReleased.updatedAt.getTime());
    expect(new Set(feed.entries.map((e) => e.updated))).toEqual(new Set([(changed as Date).toISOString()]));
    expect(one(feed.root, 'updated').textContent).toBe((changed as Date).toISOString());
  });

  it('marks every entry updated once when a clearance is granted, so feed readers drop the tear lines they cached', async () => {
    const secretariat = await signInAsBootstrapAdmin(api);
    const person = await insertPerson(api.dataSource, { organisationId: utilityId });
    const data = await api.gqlOk<{ createFeedToken: { token: string } }>(CREATE_TOKEN, { input: { name: 'soc' } }, api.tokenFor(person.id));
    const token = data.createFeedToken.token;
    const before = await pull(token);
    const etag = before.headers.get('etag')!;
    const tearLines = parseFeed(await before.text());
    const iesiBefore = tearLines.entries.find((e) => e.id === items.iesiWithConfidentialTearLine.id)!;
    expect(iesiBefore).toMatchObject({
      title: 'TL-iesiWithConfidentialTearLine',
      categories: expect.objectContaining({ access: 'TEAR_LINE' }),
    });

    // A change the policy does not read: the feed is the same, and so is its ETag.
    await api.gqlOk(UPDATE_ORGANISATION, { id: utilityId, input: { name: 'Tokyo Power (renamed)' } }, secretariat.token);
    expect((await pull(token, '', { 'if-none-match': etag })).status).toBe(304);

    await grantClearanceThroughApi(api, {
      personId: person.id,
      expiresAt: inDays(200).toISOString(),
      requesterToken: secretariat.token,
      approverToken: (await clearedApprover(api)).token,
    });
    const after = await pull(token, '', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    const full = parseFeed(await after.text());
    const iesiAfter = full.entries.find((e) => e.id === items.iesiWithConfidentialTearLine.id)!;
    expect(iesiAfter).toMatchObject({
      title: 'FULL-iesiWithConfidentialTearLine',
      categories: expect.objectContaining({ access: 'FULL' }),
    });
    expect(iesiAfter.content).toContain('BODY-iesiWithConfidentialTearLine');
    expect(Date.parse(iesiAfter.updated)).toBeGreaterThan(Date.parse(iesiBefore.updated));
    // Every entry the reader already had, FULL or not, is updated (ids unchanged), and the feed with them.
    for (const entry of tearLines.entries) {
      expect(Date.parse(full.entries.find((e) => e.id === entry.id)!.updated)).toBeGreaterThan(Date.parse(entry.updated));
    }
    expect(Date.parse(one(full.root, 'updated').textContent!)).toBeGreaterThan(Date.parse(one(tearLines.root, 'updated').textContent!));

    // Once: the next pull with the new ETag is 304 again.
    expect((await pull(token, '', { 'if-none-match': after.headers.get('etag')! })).status).toBe(304);

    // And back: a suspended clearance gives the tear line again, as an update too.
    await api.gqlOk(
      `mutation($personId: ID!) { suspendClearance(personId: $personId) { id } }`,
      { personId: person.id },
      secretariat.token,
    );
    const suspended = await pull(token, '', { 'if-none-match': after.headers.get('etag')! });
    expect(suspended.status).toBe(200);
    const iesiSuspended = parseFeed(await suspended.text()).entries.find((e) => e.id === items.iesiWithConfidentialTearLine.id)!;
    expect(iesiSuspended.title).toBe('TL-iesiWithConfidentialTearLine');
    expect(Date.parse(iesiSuspended.updated)).toBeGreaterThan(Date.parse(iesiAfter.updated));
  });

  it('answers If-None-Match with 304 and no body, and changes the ETag when what the reader gets changes', async () => {
    const first = await pull(tokens.uncleared);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect((await pull(tokens.uncleared)).headers.get('etag')).toBe(etag);

    const notModified = await pull(tokens.uncleared, '', { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect((await pull(tokens.uncleared, '', { 'if-none-match': `"other", ${etag.slice(2)}` })).status).toBe(304);
    expect((await pull(tokens.uncleared, '', { 'if-none-match': '"other"' })).status).toBe(200);

    // Another reader, and another filter, get other ETags.
    expect((await pull(tokens.cleared)).headers.get('etag')).not.toBe(etag);
    expect((await pull(tokens.uncleared, '?severity=HIGH')).headers.get('etag')).not.toBe(etag);

    // A new version of an advisory the reader sees gives a new representation.
    await api.dataSource.query(`UPDATE advisories SET version = version + 1, full_summary = 'changed', updated_at = now() WHERE id = $1`, [
      items.greenNational.id,
    ]);
    const changed = await pull(tokens.uncleared, '', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('changed');
  });

  it('filters by minimum severity and by sectors (repeatable)', async () => {
    const high = await feedOf(tokens.cleared, '?severity=HIGH');
    expect(high.entries.map((e) => e.id).sort()).toEqual([items.clearNational.id, items.greenNational.id].sort());
    expect(high.entries.every((e) => ['HIGH', 'CRITICAL'].includes(e.categories.severity))).toBe(true);
    expect(one(high.root, 'id').textContent).toMatch(/\/feeds\/advisories\.atom\?severity=HIGH$/);

    // The policy's sector filter: for the secretariat, who may read audiences, advisories for every
    // sector or for one of those asked for; for a member, who may not, the whole feed when the filter
    // names one of their own sectors and nothing otherwise (the audience's other sectors stay hidden).
    const bySecretariat = await feedOf(tokens.secretariat);
    const medicalForSecretariat = await feedOf(tokens.secretariat, '?sector=MEDICAL');
    expect(medicalForSecretariat.entries.map((e) => e.id)).toEqual(
      bySecretariat.entries.map((e) => e.id).filter((id) => id !== items.electricityOnly.id),
    );
    const electricityForSecretariat = await feedOf(tokens.secretariat, '?sector=MEDICAL&sector=ELECTRICITY');
    expect(electricityForSecretariat.entries.map((e) => e.id)).toEqual(bySecretariat.entries.map((e) => e.id));
    expect(one(electricityForSecretariat.root, 'id').textContent).toMatch(/\?sector=ELECTRICITY&sector=MEDICAL$/);

    const byMember = await feedOf(tokens.cleared);
    expect((await feedOf(tokens.cleared, '?sector=ELECTRICITY&sector=MEDICAL')).entries).toEqual(byMember.entries);
    expect((await feedOf(tokens.cleared, '?sector=MEDICAL')).entries).toEqual([]);
    expect((await feedOf(tokens.cleared, '?sector=ELECTRICITY&severity=HIGH')).entries.map((e) => e.id).sort()).toEqual(
      [items.clearNational.id, items.greenNational.id].sort(),
    );
  });

  it('refuses bad filters with clear 400 messages', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?severity=SEVERE', /severity: must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL/],
      ['?severity=HIGH&severity=LOW', /severity: give it at most once/],
      ['?sector=NUCLEAR', /sector: "NUCLEAR" is not a sector/],
      ['?sectors=FINANCE', /unknown query parameter "sectors"/],
    ];
    for (const [query, message] of cases) {
      const response = await pull(tokens.cleared, query);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string };
      expect(body.message).toMatch(message);
    }
  });

  it('accepts ?token= on the Atom feed and keeps it out of the links of the document', async () => {
    const response = await fetch(`${api.url}/feeds/advisories.atom?token=${tokens.municipality}&severity=LOW`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).not.toContain(tokens.municipality);
    expect(xml).toContain('/feeds/advisories.atom?severity=LOW');
  });

  it('drops characters XML cannot carry instead of writing an invalid document', async () => {
    const fresh = await startTestApp();
    try {
      const author = await insertPerson(fresh.dataSource, { organisationId: (await insertOrganisation(fresh.dataSource)).id });
      await insertAdvisory(fresh.dataSource, {
        authorId: author.id,
        fullTlp: Tlp.CLEAR,
        fullTitle: 'bell\u0007 and <tag> & "quote"',
        fullBody: 'unit separator\u001f',
      });
      const data = await fresh.gqlOk<{ createFeedToken: { token: string } }>(
        CREATE_TOKEN,
        { input: { name: 'r' } },
        fresh.tokenFor(author.id),
      );
      const response = await fetch(`${fresh.url}/feeds/advisories.atom`, {
        headers: { authorization: `Bearer ${data.createFeedToken.token}` },
      });
      const xml = await response.text();
      // eslint-disable-next-line no-control-regex -- the control characters are what must not appear
      expect(xml).not.toMatch(/[\u0007\u001f]/);
      const feed = parseFeed(xml);
      expect(feed.entries[0].title).toBe('bell and <tag> & "quote"');
    } finally {
      await fresh.close();
    }
  });
});

describe('the size of the regional Atom feed', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('carries the newest 100 readable entries, filling in for metadata-only ones', async () => {
    const ds = api.dataSource;
    const org = await insertOrganisation(ds);
    const author = await insertPerson(ds, { organisationId: org.id });
    const secretariat = await insertPerson(ds, { roles: [Role.SECRETARIAT] });
    const base = Date.now() - 1_000_000;
    const readable: string[] = [];
    for (let i = 0; i < 105; i++) {
      // Every fourth is IESI without a tear line: the uncleared secretariat sees only its metadata.
      const iesi = i % 4 === 0;
      const item = await insertAdvisory(ds, {
        authorId: author.id,
        fullClassification: iesi ? Classification.IESI : Classification.UNCLASSIFIED,
        publishedAt: new Date(base + i * 1000),
      });
      if (!iesi) readable.push(item.id);
    }
    const data = await api.gqlOk<{ createFeedToken: { token: string } }>(
      CREATE_TOKEN,
      { input: { name: 'r' } },
      api.tokenFor(secretariat.id),
    );
    const response = await fetch(`${api.url}/feeds/advisories.atom`, {
      headers: { authorization: `Bearer ${data.createFeedToken.token}` },
    });
    const feed = parseFeed(await response.text());
    expect(readable).toHaveLength(78);
    expect(feed.entries.map((e) => e.id)).toEqual(readable.reverse());

    for (let i = 0; i < 30; i++) {
      await insertAdvisory(ds, { authorId: author.id, publishedAt: new Date(base + (200 + i) * 1000) });
    }
    const fuller = parseFeed(
      await (
        await fetch(`${api.url}/feeds/advisories.atom`, { headers: { authorization: `Bearer ${data.createFeedToken.token}` } })
      ).text(),
    );
    expect(fuller.entries).toHaveLength(100);
  });
});
