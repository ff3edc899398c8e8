import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import type { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import type { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { AccessLevel, Classification, ClearanceLevel, MembershipTier, Tlp } from '../../libs/platform/src/vocabulary';
import { reportId } from '../../libs/feeds/src/stix/export/stix-object-ids';
import { ADVISORIES_COLLECTION_ID } from '../../libs/feeds/src/taxii/taxii-resources';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { castOf, clearedApprover, grantClearanceThroughApi, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * A SOC tool polls the TAXII collection with added_after. When the reader's access grows while no
 * advisory changes (a clearance granted, a tier raised), the next poll must bring the older
 * advisories they may now read: a full re-read would find them, so a poll must too.
 */
const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = `/taxii2/council/collections/${ADVISORIES_COLLECTION_ID}`;
const CREATE_TOKEN = `mutation($input: CreateFeedTokenInput!) { createFeedToken(input: $input) { token } }`;
const UPDATE_ORGANISATION = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { id } }`;
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type StixLike = { type: string; id: string; modified?: string; created: string };
interface Page {
  status: number;
  headers: Headers;
  body: any;
}

let t: TestApp;
let cast: Cast;
/** A cleared secretariat person who approves the clearance grants the bootstrap secretariat person requests. */
let approver: { id: string; token: string };
let author: PersonEntity;
/** Published ten days ago and never changed since. */
const old: Record<'green' | 'iesi1' | 'iesi2' | 'iesi3' | 'iesi4' | 'iesi5' | 'class1Only' | 'iesiWithTearLine', string> = {} as never;

async function get(path: string, token: string): Promise<Page> {
  const response = await fetch(`${t.url}${path}`, { headers: { accept: TAXII, authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function feedTokenOf(person: PersonEntity): Promise<string> {
  const data = await t.gqlOk<{ createFeedToken: { token: string } }>(CREATE_TOKEN, { input: { name: 'soc' } }, t.tokenFor(person.id));
  return data.createFeedToken.token;
}

/** Every object added after `addedAfter`, page by page through `next`. */
async function poll(
  token: string,
  addedAfter: string,
  limit = 1000,
  kind: 'objects' | 'manifest' = 'objects',
): Promise<{ objects: any[]; pages: Page[] }> {
  const objects: any[] = [];
  const pages: Page[] = [];
  let next: string | undefined;
  for (let round = 0; round < 200; round += 1) {
    const params = new URLSearchParams({ added_after: addedAfter, limit: String(limit) });
    if (next) params.set('next', next);
    const page = await get(`${COLLECTION}/${kind}/?${params}`, token);
    expect(page.status).toBe(200);
    pages.push(page);
    objects.push(...(page.body.objects ?? []));
    if (!page.body.more) return { objects, pages };
    next = page.body.next;
  }
  throw new Error('too many pages');
}

const reportIds = (objects: readonly StixLike[]): string[] =>
  objects
    .filter((o) => o.type === 'report')
    .map((o) => o.id)
    .sort();
const full = (...names: Array<keyof typeof old>): string[] => names.map((name) => reportId(old[name], AccessLevel.FULL)).sort();

/** A reader of their own organisation (member, CLASS_2, facility cleared, not personally cleared). */
async function freshReader(
  fields: Partial<OrganisationEntity> = {},
): Promise<{ person: PersonEntity; organisation: OrganisationEntity; token: string }> {
  const organisation = await insertOrganisation(t.dataSource, {
    tier: MembershipTier.CLASS_2,
    facilityClearanceExpiresAt: inDays(365),
    ...fields,
  });
  const person = await insertPerson(t.dataSource, { organisationId: organisation.id });
  return { person, organisation, token: await feedTokenOf(person) };
}

/** Now, as a client would send it, once everything before it is settled and committed. */
async function pollingInstant(): Promise<string> {
  await new Promise((r) => setTimeout(r, 5));
  const instant = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  return instant;
}

beforeAll(async () => {
  t = await startTestApp({
    COUNCIL_FEED_PULLS_PER_PERSON: '100000',
    COUNCIL_FEED_PULLS_PER_ADDRESS: '100000',
    COUNCIL_TAXII_SETTLE_MS: '0',
  });
  cast = await castOf(t);
  approver = await clearedApprover(t);
  const authorOrganisation = await insertOrganisation(t.dataSource, {
    tier: MembershipTier.CLASS_1,
    facilityClearanceExpiresAt: inDays(365),
  });
  author = await insertPerson(t.dataSource, {
    organisationId: authorOrganisation.id,
    clearanceLevel: ClearanceLevel.IESI,
    clearanceExpiresAt: inDays(365),
  });
  const tenDaysAgo = inDays(-10);
  const add = async (name: keyof typeof old, fields: Partial<AdvisoryEntity>) => {
    old[name] = (
      await insertAdvisory(t.dataSource, {
        authorId: author.id,
        fullIndicators: [],
        updatedAt: tenDaysAgo,
        publishedAt: tenDaysAgo,
        ...fields,
      })
    ).id;
  };
  await add('green', {});
  for (const name of ['iesi1', 'iesi2', 'iesi3', 'iesi4', 'iesi5'] as const) {
    await add(name, { fullClassification: Classification.IESI, fullTlp: Tlp.AMBER, fullTitle: `IESI ${name}` });
  }
  await add('class1Only', { audienceTiers: [MembershipTier.CLASS_1] });
  await add('iesiWithTearLine', {
    fullClassification: Classification.IESI,
    fullTlp: Tlp.AMBER,
    hasTearLine: true,
    tearLineClassification: Classification.COUNCIL_CONFIDENTIAL,
    tearLineTlp: Tlp.GREEN,
    tearLineTitle: 'Tear line',
    tearLineSummary: 'Tear-line summary',
    tearLineRecommendedActions: [],
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("TAXII added_after when the reader's access grows without any advisory changing", () => {
  it('brings the IESI advisories published before a clearance is granted, dated when it was granted, once', async () => {
    const { person, token } = await freshReader();
    const before = await pollingInstant();
    expect(reportIds((await poll(token, before)).objects)).toEqual([]);

    await grantClearanceThroughApi(t, {
      personId: person.id,
      expiresAt: inDays(200).toISOString(),
      requesterToken: cast.secretariatToken,
      approverToken: approver.token,
    });
    const { objects, pages } = await poll(token, before);
    const now = reportIds(objects);
    expect(now).toEqual(expect.arrayContaining(full('iesi1', 'iesi2', 'iesi3', 'iesi4', 'iesi5', 'iesiWithTearLine')));
    // What a full re-read gives is what the poll gave (re-sent views included: harmless).
    const everything = reportIds((await get(`${COLLECTION}/objects/?limit=1000`, token)).body.objects);
    expect(now).toEqual(everything);

    // The manifest says the same, and every date added is after the poll the reader had made.
    const manifest = await poll(token, before, 1000, 'manifest');
    expect(manifest.objects.map((m) => m.id)).toEqual(objects.map((o) => o.id));
    const dates: string[] = manifest.objects.map((m) => m.date_added);
    for (const date of dates) {
      expect(date).toMatch(MICROS);
      expect(date > before.replace('Z', '000Z')).toBe(true);
    }
    expect(pages[0].headers.get('x-taxii-date-added-first')).toBe(dates[0]);
    expect(pages[0].headers.get('x-taxii-date-added-last')).toBe(dates.at(-1));
    expect(manifest.pages[0].headers.get('x-taxii-date-added-last')).toBe(dates.at(-1));

    // The versions endpoint of an object that came with the grant: the same date added.
    const iesi = reportId(old.iesi1, AccessLevel.FULL);
    const versions = await get(`${COLLECTION}/objects/${iesi}/versions/`, token);
    expect(versions.status).toBe(200);
    expect(versions.headers.get('x-taxii-date-added-first')).toBe(manifest.objects.find((m) => m.id === iesi).date_added);

    // Polling on from the last date added: nothing comes again.
    const last = pages.at(-1)!.headers.get('x-taxii-date-added-last') as string;
    expect((await poll(token, last)).objects).toEqual([]);
  });

  it("brings the advisories for a higher tier when the organisation's tier is raised", async () => {
    const { token, organisation } = await freshReader();
    const before = await pollingInstant();
    expect(reportIds((await get(`${COLLECTION}/objects/?limit=1000`, token)).body.objects)).not.toContain(full('class1Only')[0]);
    expect(reportIds((await poll(token, before)).objects)).toEqual([]);

    await t.gqlOk(UPDATE_ORGANISATION, { id: organisation.id, input: { tier: 'CLASS_1' } }, cast.secretariatToken);
    expect(reportIds((await poll(token, before)).objects)).toContain(full('class1Only')[0]);
  });

  it("brings the members' advisories when a lapsed pledge is renewed, and when a lapsed agreement is", async () => {
    const individual = await insertPerson(t.dataSource, { individualTier: MembershipTier.GENERAL, pledgeExpiresAt: inDays(-20) });
    const lapsed = await insertOrganisation(t.dataSource, { tier: MembershipTier.CLASS_2, agreementExpiresAt: inDays(-30) });
    const employee = await insertPerson(t.dataSource, { organisationId: lapsed.id });
    const tokens = { individual: await feedTokenOf(individual), employee: await feedTokenOf(employee) };
    const before = await pollingInstant();
    for (const token of Object.values(tokens)) {
      expect(reportIds((await get(`${COLLECTION}/objects/?limit=1000`, token)).body.objects)).not.toContain(full('green')[0]);
      expect(reportIds((await poll(token, before)).objects)).toEqual([]);
    }

    await t.gqlOk(`mutation { signPledge { id } }`, {}, t.tokenFor(individual.id));
    await t.gqlOk(UPDATE_ORGANISATION, { id: lapsed.id, input: { agreementExpiresAt: inDays(365).toISOString() } }, cast.secretariatToken);
    for (const token of Object.values(tokens)) expect(reportIds((await poll(token, before)).objects)).toContain(full('green')[0]);
  });

  it('brings nothing again after a change that does not touch access', async () => {
    const { person, organisation, token } = await freshReader();
    const before = await pollingInstant();

    await t.gqlOk(
      UPDATE_ORGANISATION,
      { id: organisation.id, input: { name: 'Renamed Bank', escalationDelaySeconds: 600 } },
      cast.secretariatToken,
    );
    // No mutation edits a display name yet; the column is the person's all the same.
    await t.dataSource.query(`UPDATE persons SET display_name = 'Renamed Person', updated_at = now() WHERE id = $1`, [person.id]);
    expect((await poll(token, before)).objects).toEqual([]);
  });

  it('pages through the advisories that came with the grant with next, each object exactly once', async () => {
    const { person, token } = await freshReader();
    const before = await pollingInstant();
    await grantClearanceThroughApi(t, {
      personId: person.id,
      expiresAt: inDays(200).toISOString(),
      requesterToken: cast.secretariatToken,
      approverToken: approver.token,
    });
    // One published after the grant: it comes after the group, by its own date added.
    const after = await insertAdvisory(t.dataSource, {
      authorId: author.id,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullIndicators: ['192.0.2.1'],
    });
    await new Promise((r) => setTimeout(r, 5));

    const wholeObjects = (await poll(token, before)).objects;
    expect(reportIds(wholeObjects)).toEqual(expect.arrayContaining(full('iesi1', 'iesi2', 'iesi3', 'iesi4', 'iesi5', 'iesiWithTearLine')));
    const whole = wholeObjects.map((o: StixLike) => `${o.id}@${o.modified ?? o.created}`);
    expect(whole).toContain(`${reportId(after.id, AccessLevel.FULL)}@${after.updatedAt.toISOString()}`);
    for (const limit of [1, 2, 3]) {
      const { objects, pages } = await poll(token, before, limit);
      expect(pages.length).toBeGreaterThan(whole.length / limit - 1);
      const seen = objects.map((o: StixLike) => `${o.id}@${o.modified ?? o.created}`);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(whole);
      const dates = pages
        .flatMap((p) => [p.headers.get('x-taxii-date-added-first'), p.headers.get('x-taxii-date-added-last')])
        .filter(Boolean);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it("brings the tear-line view of an advisory once the reader's clearance has lapsed with time", async () => {
    const organisation = await insertOrganisation(t.dataSource, { tier: MembershipTier.CLASS_2, facilityClearanceExpiresAt: inDays(365) });
    const person = await insertPerson(t.dataSource, {
      organisationId: organisation.id,
      clearanceLevel: ClearanceLevel.IESI,
      // Seconds ahead: the FULL view must still be read below before it lapses, on a loaded machine too.
      clearanceExpiresAt: new Date(Date.now() + 3_000),
    });
    const token = await feedTokenOf(person);
    const tearLine = reportId(old.iesiWithTearLine, AccessLevel.TEAR_LINE);
    const before = await pollingInstant();
    expect((await get(`${COLLECTION}/objects/?limit=1000`, token)).body.objects.map((o: StixLike) => o.id)).toContain(
      full('iesiWithTearLine')[0],
    );
    await waitFor('the tear-line view once the clearance has lapsed', async () =>
      reportIds((await poll(token, before)).objects).includes(tearLine),
    );
  });
});
