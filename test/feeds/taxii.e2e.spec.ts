import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import type { PersonEntity } from '../../libs/membership/src/people/person.entity';
import {
  AccessLevel,
  AdvisoryStatus,
  Classification,
  ClearanceLevel,
  MembershipTier,
  OrganisationKind,
  Role,
  Sector,
  Tlp,
} from '../../libs/platform/src/vocabulary';
import { indicatorId, reportId, uuidV3Sql } from '../../libs/feeds/src/stix/export/stix-object-ids';
import { CLASSIFICATION_MARKING_IDS, COUNCIL_IDENTITY_ID, TLP2_MARKING_IDS } from '../../libs/feeds/src/stix/stix-markings';
import { ADVISORIES_COLLECTION_ID } from '../../libs/feeds/src/taxii/taxii-resources';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { loadStixValidator, type StixValidator } from './stix-export-schemas';

const TAXII = 'application/taxii+json;version=2.1';
const STIX = 'application/stix+json;version=2.1';
const ROOT = '/taxii2/council';
const COLLECTION = `${ROOT}/collections/${ADVISORIES_COLLECTION_ID}`;
const CREATE_TOKEN = `mutation($input: CreateFeedTokenInput!) { createFeedToken(input: $input) { token feedToken { id } } }`;
const REVOKE_TOKEN = `mutation($id: ID!) { revokeFeedToken(id: $id) { id } }`;
const FULL_BODY = 'FULL-BODY-MARKER';
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface TaxiiResponse {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: any;
}

type StixLike = { type: string; id: string; modified?: string; created: string; [key: string]: unknown };

let t: TestApp;
let stix: StixValidator;
const people: Record<'nonMemberMunicipality' | 'memberPrefecture' | 'unclearedMember' | 'clearedMember', PersonEntity> = {} as never;
const tokens: Record<keyof typeof people, string> = {} as never;
const advisories: Record<string, AdvisoryEntity> = {};
let author: string;

async function taxii(
  path: string,
  token: string | null,
  options: { accept?: string | null; method?: string; basic?: boolean; body?: string } = {},
): Promise<TaxiiResponse> {
  const headers: Record<string, string> = {};
  if (options.accept !== null) headers.accept = options.accept ?? TAXII;
  if (token) {
    headers.authorization = options.basic ? `Basic ${Buffer.from(`reader:${token}`).toString('base64')}` : `Bearer ${token}`;
  }
  if (options.body) headers['content-type'] = TAXII;
  const response = await fetch(`${t.url}${path}`, { method: options.method ?? 'GET', headers, body: options.body });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  // Every STIX object of every TAXII response is checked against the OASIS schemas.
  if (path.includes('/objects') && Array.isArray(body?.objects)) expectValid(body.objects);
  return { status: response.status, contentType: response.headers.get('content-type'), headers: response.headers, body };
}

async function feedToken(person: PersonEntity): Promise<{ token: string; id: string }> {
  const data = await t.gqlOk<{ createFeedToken: { token: string; feedToken: { id: string } } }>(
    CREATE_TOKEN,
    { input: { name: `taxii ${person.id.slice(0, 8)}` } },
    t.tokenFor(person.id),
  );
  return { token: data.createFeedToken.token, id: data.createFeedToken.feedToken.id };
}

/** Every object of the collection for a reader, page by page (limit), checking each page. */
async function readAll(token: string, limit: number, query = ''): Promise<StixLike[]> {
  const objects: StixLike[] = [];
  let next: string | undefined;
  for (let pages = 0; pages < 500; pages += 1) {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (next) params.set('next', next);
    const page = await taxii(`${COLLECTION}/objects/?${params}`, token);
    expect(page.status).toBe(200);
    expect(page.body.objects.length).toBeLessThanOrEqual(limit);
    objects.push(...page.body.objects);
    if (!page.body.more) return objects;
    next = page.body.next;
    expect(typeof next).toBe('string');
  }
  throw new Error('too many pages');
}

function expectValid(objects: readonly StixLike[]): void {
  for (const object of objects) expect({ id: object.id, errors: stix.objectErrors(object) }).toEqual({ id: object.id, errors: [] });
}

function reports(objects: readonly StixLike[]): StixLike[] {
  return objects.filter((o) => o.type === 'report');
}

const version = (o: StixLike): string => o.modified ?? o.created;

beforeAll(async () => {
  stix = loadStixValidator();
  t = await startTestApp({
    COUNCIL_FEED_PULLS_PER_PERSON: '100000',
    COUNCIL_FEED_PULLS_PER_ADDRESS: '100000',
    // Served as soon as committed here; the settling wait has its own test below.
    COUNCIL_TAXII_SETTLE_MS: '0',
  });
  const ds = t.dataSource;
  const municipality = await insertOrganisation(ds, {
    kind: OrganisationKind.LOCAL_GOVERNMENT,
    tier: MembershipTier.NONE,
    sectors: [Sector.GOVERNMENT_SERVICES],
    prefecture: '13',
    municipality: '13101',
    agreementExpiresAt: null,
  });
  const prefecture = await insertOrganisation(ds, {
    kind: OrganisationKind.LOCAL_GOVERNMENT,
    tier: MembershipTier.GENERAL,
    sectors: [Sector.GOVERNMENT_SERVICES],
    prefecture: '13',
    municipality: null,
  });
  const operator = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE], prefecture: '27' });
  const clearedOperator = await insertOrganisation(ds, {
    tier: MembershipTier.CLASS_1,
    sectors: [Sector.FINANCE],
    prefecture: '27',
    facilityClearanceExpiresAt: inDays(365),
  });
  people.nonMemberMunicipality = await insertPerson(ds, { organisationId: municipality.id, pledgeExpiresAt: null });
  people.memberPrefecture = await insertPerson(ds, { organisationId: prefecture.id });
  people.unclearedMember = await insertPerson(ds, { organisationId: operator.id });
  people.clearedMember = await insertPerson(ds, {
    organisationId: clearedOperator.id,
    clearanceLevel: ClearanceLevel.IESI,
    clearanceExpiresAt: inDays(365),
  });
  for (const key of Object.keys(people) as Array<keyof typeof people>) tokens[key] = (await feedToken(people[key])).token;

  // The author is none of the readers: an originator reads their own advisories whatever the audience.
  const authorOrganisation = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1, facilityClearanceExpiresAt: inDays(365) });
  author = (
    await insertPerson(ds, { organisationId: authorOrganisation.id, clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(365) })
  ).id;
  const add = async (name: string, fields: Partial<AdvisoryEntity>) => {
    advisories[name] = await insertAdvisory(ds, {
      authorId: author,
      originatorOrgId: authorOrganisation.id,
      fullBody: `${FULL_BODY} of ${name}`,
      fullIndicators: [],
      ...fields,
    });
    await new Promise((r) => setTimeout(r, 3));
  };
  await add('greenNationwide', {
    fullTitle: 'Green nationwide',
    fullIndicators: ['198.51.100.7', 'evil.example.com', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'free text'],
  });
  const tearLine = (classification: Classification, tlp: Tlp, release = false): Partial<AdvisoryEntity> => ({
    hasTearLine: true,
    tearLineClassification: classification,
    tearLineTlp: tlp,
    tearLineTitle: 'Tear-line title',
    tearLineSummary: 'Tear-line summary',
    tearLineRecommendedActions: ['Tear-line action'],
    tearLineReleaseToNonMemberLocalGovernments: release,
  });
  await add('iesiWithTearLine', {
    fullClassification: Classification.IESI,
    fullTlp: Tlp.AMBER,
    fullIndicators: ['203.0.113.9'],
    ...tearLine(Classification.COUNCIL_CONFIDENTIAL, Tlp.GREEN),
  });
  await add('confidentialReleasedToMunicipalities', {
    fullClassification: Classification.COUNCIL_CONFIDENTIAL,
    fullTlp: Tlp.AMBER,
    ...tearLine(Classification.UNCLASSIFIED, Tlp.GREEN, true),
  });
  await add('clear', { fullTlp: Tlp.CLEAR, fullIndicators: ['https://phish.example/login'] });
  await add('withdrawn', { status: AdvisoryStatus.WITHDRAWN, withdrawalReason: 'Mistaken', withdrawnAt: new Date() });
  await add('draft', { status: AdvisoryStatus.DRAFT });
  await add('tokyoMunicipalities', { audienceRegions: ['13101'] });
  await add('iesiOnly', { fullClassification: Classification.IESI, fullTlp: Tlp.AMBER, fullIndicators: ['192.0.2.77'] });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const expectedReports: Record<keyof typeof people, Array<[string, AccessLevel]>> = {
  nonMemberMunicipality: [
    ['confidentialReleasedToMunicipalities', AccessLevel.TEAR_LINE],
    ['clear', AccessLevel.FULL],
  ],
  memberPrefecture: [
    ['greenNationwide', AccessLevel.FULL],
    ['iesiWithTearLine', AccessLevel.TEAR_LINE],
    ['confidentialReleasedToMunicipalities', AccessLevel.FULL],
    ['clear', AccessLevel.FULL],
    ['withdrawn', AccessLevel.FULL],
    ['tokyoMunicipalities', AccessLevel.FULL],
  ],
  unclearedMember: [
    ['greenNationwide', AccessLevel.FULL],
    ['iesiWithTearLine', AccessLevel.TEAR_LINE],
    ['confidentialReleasedToMunicipalities', AccessLevel.FULL],
    ['clear', AccessLevel.FULL],
    ['withdrawn', AccessLevel.FULL],
  ],
  clearedMember: [
    ['greenNationwide', AccessLevel.FULL],
    ['iesiWithTearLine', AccessLevel.FULL],
    ['confidentialReleasedToMunicipalities', AccessLevel.FULL],
    ['clear', AccessLevel.FULL],
    ['withdrawn', AccessLevel.FULL],
    ['iesiOnly', AccessLevel.FULL],
  ],
};

describe('TAXII 2.1 server: discovery, API root, collections', () => {
  it('answers discovery, the API root and the collections in the TAXII media type', async () => {
    const token = tokens.unclearedMember;
    const discovery = await taxii('/taxii2/', token);
    expect(discovery.status).toBe(200);
    expect(discovery.contentType).toBe(TAXII);
    expect(discovery.body.api_roots).toHaveLength(1);
    expect(discovery.body.api_roots[0]).toMatch(/\/taxii2\/council\/$/);
    expect(discovery.body.default).toBe(discovery.body.api_roots[0]);
    expect(typeof discovery.body.title).toBe('string');

    const root = await taxii(`${ROOT}/`, token);
    expect(root.status).toBe(200);
    expect(root.contentType).toBe(TAXII);
    expect(root.body).toMatchObject({ versions: [TAXII] });
    expect(Number.isInteger(root.body.max_content_length)).toBe(true);

    const collections = await taxii(`${ROOT}/collections/`, token);
    expect(collections.status).toBe(200);
    expect(collections.body.collections).toEqual([
      expect.objectContaining({ id: ADVISORIES_COLLECTION_ID, can_read: true, can_write: false, media_types: [STIX] }),
    ]);
    const one = await taxii(`${COLLECTION}/`, token, { basic: true });
    expect(one.status).toBe(200);
    expect(one.contentType).toBe(TAXII);
    expect(one.body).toEqual(collections.body.collections[0]);
  });

  it('accepts any Accept that admits TAXII 2.1, and answers 406 to the others', async () => {
    const token = tokens.unclearedMember;
    for (const accept of [TAXII, 'application/taxii+json', '*/*', 'application/json, application/taxii+json;version=2.1;q=0.5', null]) {
      expect((await taxii(`${COLLECTION}/objects/`, token, { accept })).status).toBe(200);
    }
    for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'application/taxii+json;q=0', 'text/html']) {
      const refused = await taxii(`${COLLECTION}/objects/`, token, { accept });
      expect(refused.status).toBe(406);
      expect(refused.contentType).toBe(TAXII);
      expect(refused.body).toMatchObject({ title: 'Not acceptable', http_status: '406' });
    }
  });

  it('refuses missing, unknown, revoked and expired tokens with a TAXII 401', async () => {
    const person = people.unclearedMember;
    const revoked = await feedToken(person);
    await t.gqlOk(REVOKE_TOKEN, { id: revoked.id }, t.tokenFor(person.id));
    const expired = await feedToken(person);
    await t.dataSource.query(`UPDATE feed_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    for (const token of [null, 'not-a-token', revoked.token, expired.token]) {
      for (const path of ['/taxii2/', `${COLLECTION}/objects/`, `${COLLECTION}/manifest/`]) {
        const refused = await taxii(path, token);
        expect(refused.status).toBe(401);
        expect(refused.contentType).toBe(TAXII);
        expect(refused.body).toMatchObject({ title: 'Unauthorized', http_status: '401' });
        expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts|stack|SELECT/);
      }
    }
    // An access token (JWT) is not a feed token.
    expect((await taxii(`${COLLECTION}/objects/`, t.tokenFor(person.id))).status).toBe(401);
  });

  it('answers 404 for an unknown API root, collection or path, and 403 to writes', async () => {
    const token = tokens.unclearedMember;
    for (const path of [
      '/taxii2/other/',
      '/taxii2/other/collections/',
      `${ROOT}/collections/00000000-0000-4000-8000-000000000000/objects/`,
      `${ROOT}/nothing/`,
    ]) {
      const missing = await taxii(path, token);
      expect(missing.status).toBe(404);
      expect(missing.contentType).toBe(TAXII);
      expect(missing.body.http_status).toBe('404');
    }
    const write = await taxii(`${COLLECTION}/objects/`, token, { method: 'POST', body: JSON.stringify({ objects: [] }) });
    expect(write.status).toBe(403);
    expect(write.contentType).toBe(TAXII);
    expect(write.body).toMatchObject({ title: 'Forbidden', http_status: '403' });
  });

  it('refuses bad filters with a TAXII 400', async () => {
    const token = tokens.unclearedMember;
    for (const query of [
      'limit=0',
      'limit=ten',
      'next=garbage',
      `next=${Buffer.from('x|y|z').toString('base64url')}`,
      'added_after=yesterday',
      'match[id]=report',
      'colour=blue',
    ]) {
      const refused = await taxii(`${COLLECTION}/objects/?${query}`, token);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(refused.contentType).toBe(TAXII);
      expect(refused.body.http_status).toBe('400');
    }
  });
});

describe('TAXII 2.1 server: what each reader gets', () => {
  for (const reader of Object.keys(expectedReports) as Array<keyof typeof people>) {
    it(`gives ${reader} exactly their reports, valid STIX, tear lines without body`, async () => {
      const objects = await readAll(tokens[reader], 1000);
      expectValid(objects);
      const expected = expectedReports[reader].map(([name, access]) => reportId(advisories[name].id, access)).sort();
      expect(
        reports(objects)
          .map((r) => r.id)
          .sort(),
      ).toEqual(expected);
      const serialized = JSON.stringify(objects);
      expect(serialized).not.toContain('draft');
      for (const [name, access] of expectedReports[reader]) {
        const report = objects.find((o) => o.id === reportId(advisories[name].id, access)) as StixLike;
        if (name === 'withdrawn') {
          expect(report.revoked).toBe(true);
          expect(report.description).toBeUndefined();
          continue;
        }
        if (access === AccessLevel.TEAR_LINE) {
          expect(report.name).toBe('Tear-line title');
          expect(report.description).not.toContain(FULL_BODY);
          expect(report.object_refs).toEqual([COUNCIL_IDENTITY_ID]);
        } else {
          expect(report.description).toContain(`${FULL_BODY} of ${name}`);
        }
      }
      // No body of a view the reader does not read in full, anywhere.
      for (const name of Object.keys(advisories)) {
        const full = expectedReports[reader].some(([n, a]) => n === name && a === AccessLevel.FULL && n !== 'withdrawn');
        if (!full) expect(serialized).not.toContain(`${FULL_BODY} of ${name}`);
      }
      // Every advisory object is marked with its view's TLP 2.0 and classification markings.
      for (const object of objects.filter((o) => o.type === 'report' || o.type === 'indicator')) {
        const refs = object.object_marking_refs as string[];
        expect(refs).toHaveLength(2);
        expect(Object.values(TLP2_MARKING_IDS)).toContain(refs[0]);
        expect(Object.values(CLASSIFICATION_MARKING_IDS)).toContain(refs[1]);
      }
      // The council's own objects are there to resolve every reference.
      expect(objects.map((o) => o.id)).toEqual(expect.arrayContaining([COUNCIL_IDENTITY_ID, TLP2_MARKING_IDS[Tlp.AMBER]]));
    });
  }

  it('types indicators of FULL views only, and the tear-line reader gets none of them', async () => {
    const cleared = await readAll(tokens.clearedMember, 1000);
    const patterns = cleared
      .filter((o) => o.type === 'indicator')
      .map((o) => o.pattern)
      .sort();
    expect(patterns).toEqual(
      [
        "[ipv4-addr:value = '198.51.100.7']",
        "[domain-name:value = 'evil.example.com']",
        "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
        "[ipv4-addr:value = '203.0.113.9']",
        "[url:value = 'https://phish.example/login']",
        "[ipv4-addr:value = '192.0.2.77']",
      ].sort(),
    );
    const uncleared = await readAll(tokens.unclearedMember, 1000);
    expect(JSON.stringify(uncleared)).not.toMatch(/203\.0\.113\.9|192\.0\.2\.77/);
  });

  it('serves one object by id, and the same 404 for a hidden object as for one that never existed', async () => {
    const token = tokens.unclearedMember;
    const visibleReport = reportId(advisories.greenNationwide.id, AccessLevel.FULL);
    const visibleIndicator = indicatorId(advisories.greenNationwide.id, '198.51.100.7');
    for (const id of [visibleReport, visibleIndicator, reportId(advisories.iesiWithTearLine.id, AccessLevel.TEAR_LINE)]) {
      const found = await taxii(`${COLLECTION}/objects/${id}/`, token);
      expect(found.status).toBe(200);
      expect(found.contentType).toBe(TAXII);
      expect(found.body.objects.map((o: StixLike) => o.id)).toEqual([id]);
      expect(found.headers.get('x-taxii-date-added-first')).toMatch(MICROS);
      const versions = await taxii(`${COLLECTION}/objects/${id}/versions/`, token);
      expect(versions.status).toBe(200);
      expect(versions.body.versions).toEqual([version(found.body.objects[0])]);
    }
    const hidden = [
      reportId(advisories.iesiOnly.id, AccessLevel.FULL),
      reportId(advisories.iesiWithTearLine.id, AccessLevel.FULL),
      indicatorId(advisories.iesiWithTearLine.id, '203.0.113.9'),
      reportId(advisories.draft.id, AccessLevel.FULL),
    ];
    const neverExisted = await taxii(`${COLLECTION}/objects/report--00000000-0000-4000-8000-000000000000/`, token);
    expect(neverExisted.status).toBe(404);
    for (const id of hidden) {
      for (const suffix of ['', 'versions/']) {
        const answer = await taxii(`${COLLECTION}/objects/${id}/${suffix}`, token);
        expect({ id, status: answer.status, body: answer.body, type: answer.contentType }).toEqual({
          id,
          status: 404,
          body: neverExisted.body,
          type: TAXII,
        });
      }
    }
    // The cleared member does see them.
    for (const id of hidden.slice(0, 3)) expect((await taxii(`${COLLECTION}/objects/${id}/`, tokens.clearedMember)).status).toBe(200);
  });

  it('computes object ids in SQL exactly as in the exporter', async () => {
    const [row] = await t.dataSource.query<Array<{ id: string }>>(`SELECT ${uuidV3Sql(`'report:' || $1::text || ':FULL'`)}::text AS id`, [
      advisories.clear.id,
    ]);
    expect(`report--${row.id}`).toBe(reportId(advisories.clear.id, AccessLevel.FULL));
  });

  it('filters by match[type], match[id] and match[version]', async () => {
    const token = tokens.clearedMember;
    const indicators = await readAll(token, 2, 'match[type]=indicator');
    expect(indicators.length).toBe(6);
    expect(new Set(indicators.map((o) => o.type))).toEqual(new Set(['indicator']));
    const identity = await readAll(token, 10, 'match[type]=identity');
    expect(identity.map((o) => o.id)).toEqual([COUNCIL_IDENTITY_ID]);
    const wanted = [reportId(advisories.clear.id, AccessLevel.FULL), indicatorId(advisories.iesiOnly.id, '192.0.2.77')];
    const byId = await readAll(token, 1, `match[id]=${wanted.join(',')}`);
    expect(byId.map((o) => o.id).sort()).toEqual([...wanted].sort());
    const clearReport = byId.find((o) => o.type === 'report') as StixLike;
    expect((await readAll(token, 10, `match[id]=${clearReport.id}&match[version]=${version(clearReport)}`)).length).toBe(1);
    expect((await readAll(token, 10, `match[id]=${clearReport.id}&match[version]=2001-01-01T00:00:00.000Z`)).length).toBe(0);
    expect((await readAll(token, 10, 'match[spec_version]=2.0')).length).toBe(0);
  });

  it('lists in the manifest exactly the objects it serves, with their date added', async () => {
    const token = tokens.memberPrefecture;
    const objects = await taxii(`${COLLECTION}/objects/?limit=1000`, token);
    const manifest = await taxii(`${COLLECTION}/manifest/?limit=1000`, token);
    expect(manifest.status).toBe(200);
    expect(manifest.contentType).toBe(TAXII);
    expect(manifest.body.more).toBe(false);
    expect(manifest.body.objects.map((m: any) => [m.id, m.version])).toEqual(objects.body.objects.map((o: StixLike) => [o.id, version(o)]));
    for (const record of manifest.body.objects) {
      expect(record.media_type).toBe(STIX);
      expect(record.date_added).toMatch(MICROS);
    }
    const dates = manifest.body.objects.map((m: any) => m.date_added);
    expect([...dates].sort()).toEqual(dates);
    expect(manifest.headers.get('x-taxii-date-added-first')).toBe(dates[0]);
    expect(manifest.headers.get('x-taxii-date-added-last')).toBe(dates[dates.length - 1]);
    expect(objects.headers.get('x-taxii-date-added-last')).toBe(dates[dates.length - 1]);
  });
});

describe('TAXII 2.1 server: the secretariat and the lifecycle', () => {
  it('gives the secretariat published and withdrawn advisories only, withdrawn ones revoked without content', async () => {
    const secretariat = await insertPerson(t.dataSource, { roles: [Role.SECRETARIAT] });
    const { token } = await feedToken(secretariat);
    const pending = await insertAdvisory(t.dataSource, {
      authorId: author,
      status: AdvisoryStatus.PENDING_REVIEW,
      fullBody: `${FULL_BODY} pending`,
    });
    const rejected = await insertAdvisory(t.dataSource, {
      authorId: author,
      status: AdvisoryStatus.REJECTED,
      fullBody: `${FULL_BODY} rejected`,
    });
    const objects = await readAll(token, 1000);
    expectValid(objects);
    const ids = reports(objects).map((r) => r.id);
    for (const hidden of [pending, rejected, advisories.draft]) {
      expect(ids).not.toContain(reportId(hidden.id, AccessLevel.FULL));
      expect(ids).not.toContain(reportId(hidden.id, AccessLevel.METADATA_ONLY));
    }
    const withdrawn = objects.find((o) => o.id === reportId(advisories.withdrawn.id, AccessLevel.FULL)) as StixLike;
    expect(withdrawn).toMatchObject({ revoked: true });
    expect(withdrawn.description).toBeUndefined();
    // The secretariat reads a withdrawn advisory's content in the app; the feed still carries none.
    expect(JSON.stringify(objects)).not.toContain(`${FULL_BODY} of withdrawn`);
    // The secretariat is not cleared: IESI views stay out, even for an administrator.
    expect(JSON.stringify(objects)).not.toContain(`${FULL_BODY} of iesiOnly`);
    expect(ids).not.toContain(reportId(advisories.iesiOnly.id, AccessLevel.FULL));
  });

  it('serves a withdrawal through the lifecycle as a new, revoked version after the last pull', async () => {
    const token = tokens.unclearedMember;
    const before = await taxii(`${COLLECTION}/objects/?limit=1000`, token);
    const last = before.headers.get('x-taxii-date-added-last') as string;
    const target = advisories.greenNationwide;
    const id = reportId(target.id, AccessLevel.FULL);
    const old = before.body.objects.find((o: StixLike) => o.id === id) as StixLike;
    expect(old.revoked).toBeUndefined();
    await t.gqlOk(
      `mutation($id: ID!) { withdrawAdvisory(id: $id, reason: "Superseded") { id status } }`,
      { id: target.id },
      t.tokenFor(author),
    );
    const after = await taxii(`${COLLECTION}/objects/?added_after=${last}`, token);
    expect(after.status).toBe(200);
    const revoked = after.body.objects.find((o: StixLike) => o.id === id) as StixLike;
    expect(revoked).toMatchObject({ revoked: true, created: old.created });
    expect(version(revoked) > version(old)).toBe(true);
    expect(JSON.stringify(after.body.objects)).not.toContain(FULL_BODY);
    expectValid(after.body.objects);
  });
});

describe('TAXII 2.1 server: pagination and added_after', () => {
  it('loses nothing and repeats nothing while advisories are published and updated between pages', async () => {
    const token = tokens.unclearedMember;
    for (const limit of [1, 2, 3, 7]) {
      const seen: string[] = [];
      let next: string | undefined;
      let round = 0;
      for (;;) {
        const page = await taxii(`${COLLECTION}/objects/?limit=${limit}${next ? `&next=${next}` : ''}`, token);
        expect(page.status).toBe(200);
        expect(page.body.objects.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.objects.map((o: StixLike) => `${o.id}@${version(o)}`));
        // Between pages: a new advisory, and now and then a new version of an old one.
        round += 1;
        if (round <= 6) {
          await insertAdvisory(t.dataSource, {
            authorId: author,
            fullTitle: `Published between pages ${limit}/${round}`,
            fullIndicators: [`10.${limit}.${round}.1`],
          });
          if (round % 2 === 0) {
            await t.dataSource.query(
              `UPDATE advisories SET version = version + 1, full_title = full_title || ' (edited)', updated_at = now() WHERE id = $1`,
              [advisories.clear.id],
            );
          }
        }
        if (!page.body.more) break;
        next = page.body.next;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const everything = await readAll(token, 1000);
      for (const object of everything) expect(seen).toContain(`${object.id}@${version(object)}`);
    }
  });

  it('added_after returns only what was added after the last pull', async () => {
    const token = tokens.memberPrefecture;
    const first = await taxii(`${COLLECTION}/objects/?limit=1000`, token);
    const last = first.headers.get('x-taxii-date-added-last') as string;
    expect(last).toMatch(MICROS);
    expect((await taxii(`${COLLECTION}/objects/?added_after=${last}`, token)).body.objects).toEqual([]);
    const fresh = await insertAdvisory(t.dataSource, { authorId: author, fullTitle: 'After the pull', fullIndicators: [] });
    const after = await taxii(`${COLLECTION}/objects/?added_after=${last}`, token);
    expect(after.body.objects.map((o: StixLike) => o.id)).toEqual([reportId(fresh.id, AccessLevel.FULL)]);
    expect((after.headers.get('x-taxii-date-added-first') as string) > last).toBe(true);
    expectValid(after.body.objects);
  });
});

describe('TAXII 2.1 server: settling and pull limits', () => {
  let limited: TestApp;
  afterAll(async () => {
    await limited?.close();
  });

  it('serves a new version only once it has settled, and answers 429 as a TAXII error past the pull limit', async () => {
    // Seconds: the first pull below must come while the new version still settles, on a loaded machine too.
    const SETTLE_MS = 3_000;
    limited = await startTestApp({
      COUNCIL_TAXII_SETTLE_MS: String(SETTLE_MS),
      COUNCIL_FEED_PULLS_PER_PERSON: '4',
      COUNCIL_FEED_PULLS_PER_ADDRESS: '1000',
    });
    const organisation = await insertOrganisation(limited.dataSource, { tier: MembershipTier.CLASS_2 });
    const person = await insertPerson(limited.dataSource, { organisationId: organisation.id });
    const created = await limited.gqlOk<{ createFeedToken: { token: string } }>(
      CREATE_TOKEN,
      { input: { name: 'limited' } },
      limited.tokenFor(person.id),
    );
    const token = created.createFeedToken.token;
    const pull = async (): Promise<TaxiiResponse> => {
      const response = await fetch(`${limited.url}${COLLECTION}/objects/?match[type]=report`, {
        headers: { accept: TAXII, authorization: `Bearer ${token}` },
      });
      const body = await response.json();
      if (Array.isArray(body.objects)) expectValid(body.objects);
      return { status: response.status, contentType: response.headers.get('content-type'), headers: response.headers, body };
    };
    const fresh = await insertAdvisory(limited.dataSource, { authorId: person.id, fullTitle: 'Just published', fullIndicators: [] });
    const insertedBy = Date.now(); // its commit, and so its date added, came before
    const id = reportId(fresh.id, AccessLevel.FULL);
    // Still settling: its transaction could have been in flight when a page moved past it.
    expect((await pull()).body.objects.map((o: StixLike) => o.id)).not.toContain(id);
    // Until it has settled by the clock; polling would spend the pull limit tested below.
    await new Promise((r) => setTimeout(r, insertedBy + SETTLE_MS + 200 - Date.now()));
    expect((await pull()).body.objects.map((o: StixLike) => o.id)).toContain(id);
    expect((await pull()).status).toBe(200);
    expect((await pull()).status).toBe(200);
    const refused = await pull();
    expect(refused.status).toBe(429);
    expect(refused.contentType).toBe(TAXII);
    expect(refused.body).toMatchObject({ title: 'Too many requests', http_status: '429' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
