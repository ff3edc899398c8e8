import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CLASSIFICATION_MARKING_IDS, TLP1_MARKING_IDS } from '../../libs/feeds/src/stix/stix-markings';
import { Classification } from '../../libs/platform/src/vocabulary';
import { ADVISORY_FIELDS, auditOf, buildCouncil, ONE, outboxOf, type LifecycleCouncil } from '../advisories/lifecycle-council';
import { expectNothingInternal, expectRefusal } from '../support/membership-session';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { bundleOf, exampleBundle, idOf, indicator, mispBundle, openCtiBundle, report, text } from './stix-import-bundles';

const IMPORT = `mutation Import($input: ImportStixBundleInput!) {
  importStixBundle(input: $input) {
    bundleId reportId indicatorCount
    skippedIndicators { id reason }
    ignoredObjects { type count }
    advisory { ${ADVISORY_FIELDS} }
  }
}`;

/** Every row an import could write, to show that a refusal wrote nothing. */
async function snapshot(ds: DataSource): Promise<string> {
  const tables = ['advisories', 'advisory_versions', 'audit_log', 'outbox_events', 'access_log', 'widening_proposals'];
  const parts = await Promise.all(
    tables.map((t) => ds.query(`SELECT to_jsonb(t) AS row FROM ${t} t ORDER BY to_jsonb(t)::text`).then((rows) => JSON.stringify(rows))),
  );
  return parts.join('\n');
}

describe('importStixBundle through GraphQL', () => {
  let api: TestApp;
  let council: LifecycleCouncil;

  beforeAll(async () => {
    api = await startTestApp();
    council = await buildCouncil(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const input = (bundle: string, overrides: Record<string, unknown> = {}) => ({
    bundle,
    severity: 'HIGH',
    attributed: true,
    classification: 'COUNCIL_CONFIDENTIAL',
    audience: { sectors: ['FINANCE'] },
    ...overrides,
  });
  const importAs = (token: string, bundle: string, overrides: Record<string, unknown> = {}) =>
    api.gql(IMPORT, { input: input(bundle, overrides) }, token);

  /** The import is refused with BAD_USER_INPUT (or `code`), its message matching, and nothing written. */
  async function expectRefusedImport(
    bundle: string,
    message: RegExp,
    overrides: Record<string, unknown> = {},
    code = 'BAD_USER_INPUT',
  ): Promise<string> {
    const before = await snapshot(api.dataSource);
    const result = await importAs(council.author.token, bundle, overrides);
    const said = expectRefusal(result as GraphQLResponse, code, message);
    expect(await snapshot(api.dataSource)).toBe(before);
    return said;
  }

  describe('a MISP event', () => {
    it("becomes the author's DRAFT: report name, indicators, TLP:AMBER from its marking, the member's own choices", async () => {
      const { bundle, reportId, expectedIndicators } = mispBundle();
      const result = await api.gqlOk(
        IMPORT,
        {
          input: input(text(bundle), {
            summary: 'One-time-password phishing against regional banks.',
            recommendedActions: ['Block the indicators'],
          }),
        },
        council.author.token,
      );
      const imported = result.importStixBundle;
      expect(imported).toMatchObject({
        bundleId: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
        reportId,
        indicatorCount: 5,
        skippedIndicators: [],
        ignoredObjects: [
          { type: 'email-addr', count: 1 },
          { type: 'identity', count: 1 },
          { type: 'marking-definition', count: 1 },
          { type: 'observed-data', count: 1 },
        ],
      });
      expect(imported.advisory).toMatchObject({
        status: 'DRAFT',
        access: 'FULL',
        version: 1,
        severity: 'HIGH',
        classification: 'COUNCIL_CONFIDENTIAL',
        tlp: 'AMBER',
        title: 'フィッシング: 地方銀行のワンタイムパスワードを狙うキャンペーン',
        summary: 'One-time-password phishing against regional banks.',
        body: null,
        recommendedActions: ['Block the indicators'],
        indicators: expectedIndicators,
        publishedAt: null,
        originator: { id: council.orgId },
        audience: { tiers: [], sectors: ['FINANCE'], regions: [], organisationIds: [], personIds: [], noForeign: false },
      });
      const id = imported.advisory.id;
      // Created by the lifecycle: its audit row, no alert before publication.
      expect(await auditOf(api, id)).toEqual([{ action: 'advisory.created', actor_id: council.author.id }]);
      expect(await outboxOf(api, id)).toEqual([]);

      // Readable back by its author; a draft is private to its originator (ORG_ADMIN included, rule C).
      expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory).toMatchObject({
        id,
        status: 'DRAFT',
        indicators: expectedIndicators,
      });
      expect((await api.gqlOk(ONE, { id }, council.orgAdmin.token)).advisory).toMatchObject({ id, status: 'DRAFT' });
      for (const other of [council.colleague, council.reader, council.otherOrgAdmin, council.secretariat, council.auditor]) {
        expect((await api.gqlOk(ONE, { id }, other.token)).advisory).toBeNull();
      }
    });

    it('is refused as it is when one attribute is a filename|md5 pair (AND), and imported without it when the member agrees', async () => {
      const { bundle } = mispBundle();
      const pair = indicator(`[file:name = 'otp.exe' AND file:hashes.MD5 = '${'f'.repeat(32)}']`);
      const withPair = text({ ...bundle, objects: [...(bundle.objects as unknown[]), pair] });
      const message = await expectRefusedImport(withPair, /1 of 6 indicators cannot become indicator strings/, { summary: 'S' });
      expect(message).toContain(`${pair.id}: the pattern compares file:name`);

      const result = await api.gqlOk(
        IMPORT,
        { input: input(withPair, { summary: 'S', skipUnsupportedIndicators: true }) },
        council.author.token,
      );
      expect(result.importStixBundle.indicatorCount).toBe(5);
      expect(result.importStixBundle.skippedIndicators).toEqual([{ id: pair.id, reason: expect.stringMatching(/compares file:name/) }]);
    });
  });

  describe('an OpenCTI report', () => {
    it('takes the most restrictive marking: TLP:RED on one indicator makes the draft RED, which needs named people', async () => {
      const { bundle, expectedIndicators } = openCtiBundle();
      await expectRefusedImport(text(bundle), /audience\.personIds: TLP RED needs the named people/);

      const result = await api.gqlOk(
        IMPORT,
        { input: input(text(bundle), { audience: { personIds: [council.author.id, council.reader.id] } }) },
        council.author.token,
      );
      expect(result.importStixBundle.advisory).toMatchObject({
        status: 'DRAFT',
        tlp: 'RED',
        classification: 'COUNCIL_CONFIDENTIAL',
        title: 'ShadowPad activity against Japanese manufacturers',
        summary: expect.stringMatching(/^Exploitation of VPN appliances/),
        indicators: expectedIndicators,
      });
      expect(result.importStixBundle.ignoredObjects).toEqual([
        { type: 'attack-pattern', count: 1 },
        { type: 'identity', count: 1 },
        { type: 'malware', count: 1 },
        { type: 'marking-definition', count: 1 },
        { type: 'relationship', count: 4 },
      ]);
    });

    it("raises the member's classification to the council marking's, and never lowers what the member chose", async () => {
      const { bundle } = openCtiBundle({ redIndicator: false, councilClassification: Classification.COUNCIL_CONFIDENTIAL });
      const raised = await api.gqlOk(IMPORT, { input: input(text(bundle), { classification: 'UNCLASSIFIED' }) }, council.author.token);
      expect(raised.importStixBundle.advisory).toMatchObject({ classification: 'COUNCIL_CONFIDENTIAL', tlp: 'GREEN' });
      const kept = await api.gqlOk(IMPORT, { input: input(text(bundle), { tlp: 'AMBER' }) }, council.author.token);
      expect(kept.importStixBundle.advisory).toMatchObject({ classification: 'COUNCIL_CONFIDENTIAL', tlp: 'AMBER' });
    });

    it('refuses an IESI classification marking from an author without clearance, and accepts it from a cleared one', async () => {
      const { bundle } = openCtiBundle({ redIndicator: false, councilClassification: Classification.IESI });
      await expectRefusedImport(text(bundle), /full\.classification: only a person with a valid IESI clearance may write an IESI view/);
      const result = await api.gqlOk(IMPORT, { input: input(text(bundle)) }, council.clearedAuthor.token);
      expect(result.importStixBundle.advisory).toMatchObject({ classification: 'IESI', access: 'FULL' });
    });
  });

  describe('the OASIS examples', () => {
    it('imports the single C2 indicator once the member gives what the bundle lacks (title, summary, TLP)', async () => {
      const c2 = exampleBundle('indicator-for-c2-ip-address.json');
      await expectRefusedImport(c2, /has no report to take a title from: give input\.title and input\.summary/, { tlp: 'GREEN' });
      await expectRefusedImport(c2, /no object of the bundle carries a TLP marking: give input\.tlp/, { title: 'C2', summary: 'S' });
      const result = await api.gqlOk(
        IMPORT,
        {
          input: input(c2, {
            title: 'Known C2 address',
            summary: 'Block it.',
            tlp: 'GREEN',
            tearLine: {
              classification: 'UNCLASSIFIED',
              tlp: 'GREEN',
              title: 'C2',
              summary: 'Block it.',
              releaseToNonMemberLocalGovernments: true,
            },
          }),
        },
        council.author.token,
      );
      expect(result.importStixBundle).toMatchObject({ reportId: null, indicatorCount: 1, ignoredObjects: [] });
      expect(result.importStixBundle.advisory).toMatchObject({ title: 'Known C2 address', tlp: 'GREEN', indicators: ['10.0.0.0'] });
    });

    it('refuses APT1 as it is, naming the two x509 indicators; imports it with them skipped when asked', async () => {
      const apt1 = exampleBundle('threat-reports/apt1.json');
      const message = await expectRefusedImport(apt1, /2 of 12 indicators cannot become indicator strings/, { tlp: 'GREEN' });
      expect(message).toContain('indicator--b3b6b540-d838-41e2-853b-005056c00008');
      const result = await api.gqlOk(
        IMPORT,
        { input: input(apt1, { tlp: 'GREEN', skipUnsupportedIndicators: true }) },
        council.author.token,
      );
      expect(result.importStixBundle).toMatchObject({ reportId: 'report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf', indicatorCount: 10 });
      expect(result.importStixBundle.skippedIndicators.map((s: { id: string }) => s.id)).toEqual([
        'indicator--b3b6b540-d838-41e2-853b-005056c00008',
        'indicator--b3b7035e-d838-41e2-8d38-005056c00008',
      ]);
      expect(result.importStixBundle.advisory).toMatchObject({
        title: "APT1: Exposing One of China's Cyber Espionage Units",
        summary: expect.stringMatching(/^Since 2004, Mandiant has investigated/),
        body: null,
        tlp: 'GREEN',
      });
      expect(result.importStixBundle.advisory.indicators).toContain('223.166.0.0/15');
    });

    it('imports Poison Ivy with skipping: OR patterns become their distinct values', async () => {
      const poisonIvy = exampleBundle('threat-reports/poisonivy.json');
      await expectRefusedImport(poisonIvy, /3 of 25 indicators/, { tlp: 'AMBER' });
      const result = await api.gqlOk(
        IMPORT,
        { input: input(poisonIvy, { tlp: 'AMBER', skipUnsupportedIndicators: true }) },
        council.author.token,
      );
      const { indicators } = result.importStixBundle.advisory;
      expect(result.importStixBundle.indicatorCount).toBe(indicators.length);
      expect(new Set(indicators).size).toBe(indicators.length);
      expect(indicators).toEqual(
        expect.arrayContaining(['219.76.208.163', 'www.webserver.dynssl.com', '113.10.246.30', 'send.have8000.com']),
      );
      expect(result.importStixBundle.skippedIndicators).toHaveLength(3);
    });
  });

  describe('refusals write nothing', () => {
    const valid = () => indicator("[ipv4-addr:value = '192.0.2.1']", { object_marking_refs: [TLP1_MARKING_IDS.GREEN] });
    const withTitle = { title: 'T', summary: 'S' };

    it.each([
      ['text that is not JSON', () => '{"type": "bundle", "objects": [', /the bundle is not valid JSON/],
      ['a JSON array', () => '[]', /the bundle must be a JSON object \(got an array\)/],
      ['a JSON string', () => '"bundle"', /the bundle must be a JSON object/],
      ['an object that is no bundle', () => text({ type: 'report' }), /"type": "bundle"/],
      ['STIX 2.0', () => text({ ...bundleOf([valid()]), spec_version: '2.0' }), /spec_version on a bundle is STIX 2.0/],
      [
        'an object without a type',
        () => text(bundleOf([{ ...valid(), type: undefined }])),
        /objects\[0\]: "type" must be a STIX type name/,
      ],
      ['an object with a malformed id', () => text(bundleOf([{ ...valid(), id: 'indicator--1' }])), /"id" must be indicator--<UUID>/],
      [
        'an object without spec_version',
        () => text(bundleOf([{ ...valid(), spec_version: undefined }])),
        /spec_version must be "2.1" \(got nothing\)/,
      ],
      [
        'the same id twice',
        () => {
          const a = valid();
          return text(bundleOf([a, a]));
        },
        /this id appears more than once/,
      ],
      [
        'a custom object type',
        () => text(bundleOf([valid(), { type: 'x-misp-object', spec_version: '2.1', id: idOf('x-misp-object') }])),
        /object types that cannot be imported: x-misp-object/,
      ],
      [
        'a __proto__ property',
        () =>
          `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${text(valid()).slice(0, -1)},"__proto__":{"polluted":true}}]}`,
        /the property name __proto__ is not allowed/,
      ],
      [
        'a constructor property',
        () => text(bundleOf([{ ...valid(), x_meta: { constructor: 1 } }])),
        /the property name x_meta\.constructor is not allowed/,
      ],
      ['a NUL character', () => text(bundleOf([{ ...valid(), name: 'C2\u0000' }])), /name contains the control character U\+0000/],
      [
        'a right-to-left override',
        () => text(bundleOf([{ ...valid(), description: 'exe.\u202egpj' }])),
        /description contains the control character U\+202E/,
      ],
      [
        'more than 500 indicators',
        () => text(bundleOf(Array.from({ length: 501 }, (_, i) => indicator(`[ipv4-addr:value = '10.1.${i >> 8}.${i & 255}']`)))),
        /501 indicators; an advisory carries at most 500/,
      ],
      ['several reports', () => text(bundleOf([report('A', 'a', []), report('B', 'b', []), valid()])), /the bundle holds 2 reports/],
      [
        'an unknown marking',
        () => text(bundleOf([{ ...valid(), object_marking_refs: ['marking-definition--9f0c3a55-7e4b-4c1a-8d2e-6b5a4c3d2e1f'] }])),
        /neither an official TLP marking nor defined in the bundle/,
      ],
      [
        'a marking that contradicts its official id',
        () =>
          text(
            bundleOf([
              valid(),
              {
                type: 'marking-definition',
                spec_version: '2.1',
                id: TLP1_MARKING_IDS.GREEN,
                created: '2017-01-20T00:00:00.000Z',
                definition_type: 'tlp',
                definition: { tlp: 'white' },
              },
            ]),
          ),
        /the marking contradicts itself/,
      ],
    ])('%s', async (_, bundle, message) => {
      await expectRefusedImport(bundle(), message, withTitle);
    });

    it('a bundle over the size limit (refused by the input validation, before parsing)', async () => {
      const big = text(
        bundleOf([
          { ...valid(), description: 'x'.repeat(99_000) },
          ...Array.from({ length: 5 }, () => ({ ...valid(), description: 'y'.repeat(99_000) })),
        ]),
      );
      expect(big.length).toBeGreaterThan(500_000);
      await expectRefusedImport(big, /bundle must be at most 500000 characters/, withTitle);
    });

    it("a tear line above the imported TLP, refused by the lifecycle's writing rules", async () => {
      await expectRefusedImport(text(bundleOf([valid()])), /tearLine\.tlp: AMBER is above the FULL view's GREEN/, {
        ...withTitle,
        tearLine: { classification: 'UNCLASSIFIED', tlp: 'AMBER', title: 'T', summary: 'S', releaseToNonMemberLocalGovernments: false },
      });
    });

    it("the member's IESI is not lowered by a lower classification marking in the bundle (and needs clearance)", async () => {
      const bundle = text(
        bundleOf([{ ...valid(), object_marking_refs: [TLP1_MARKING_IDS.GREEN, CLASSIFICATION_MARKING_IDS[Classification.UNCLASSIFIED]] }]),
      );
      await expectRefusedImport(bundle, /only a person with a valid IESI clearance/, { ...withTitle, classification: 'IESI' });
    });
  });

  describe('who may import', () => {
    const bundle = () => text(bundleOf([indicator("[ipv4-addr:value = '192.0.2.1']")]));

    it('refuses a non-member, an auditor and the secretariat exactly as createAdvisory does, even before reading the bundle', async () => {
      for (const person of [council.nonMember, council.auditor, council.secretariat]) {
        const before = await snapshot(api.dataSource);
        for (const text of [bundle(), 'not json at all']) {
          const result = await importAs(person.token, text, { title: 'T', summary: 'S', tlp: 'GREEN' });
          expectRefusal(result as GraphQLResponse, 'FORBIDDEN', /^Only members of the council author advisories/);
        }
        expect(await snapshot(api.dataSource)).toBe(before);
      }
    });

    it('refuses an anonymous request', async () => {
      const result = await api.gql(IMPORT, { input: input(bundle(), { title: 'T', summary: 'S', tlp: 'GREEN' }) });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expectNothingInternal(result as GraphQLResponse);
    });
  });
});
