import { beforeAll, describe, expect, it } from '@jest/globals';
import { AccessLevel, AdvisoryStatus, Classification, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import type { AdvisoryView } from '../../libs/policy/src/advisories/advisory-projection';
import {
  advisoryViewToStix,
  buildStixBundle,
  indicatorId,
  reportId,
  stixString,
  typeIndicator,
  type StixIndicator,
  type StixObject,
  type StixReport,
} from '../../libs/feeds/src/stix/export';
import {
  CLASSIFICATION_MARKING_IDS,
  COUNCIL_IDENTITY_ID,
  TLP1_MARKING_IDS,
  TLP2_MARKING_IDS,
  allCouncilMarkingDefinitions,
  classificationForMarkingId,
  tlp2MarkingDefinition,
  tlpForMarkingId,
  uuidV5,
} from '../../libs/feeds/src/stix/stix-markings';
import { loadStixValidator, type StixValidator } from './stix-export-schemas';

const ADVISORY_ID = '3f1c8a52-8d0e-4c55-9a51-0d6f2d1b7e10';
const PUBLISHED = new Date('2026-03-01T09:00:00.123Z');
const UPDATED = new Date('2026-03-02T10:30:00.456Z');
const STIX_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function view(fields: Partial<AdvisoryView> = {}): AdvisoryView {
  return {
    id: ADVISORY_ID,
    access: AccessLevel.FULL,
    status: AdvisoryStatus.PUBLISHED,
    severity: Severity.HIGH,
    version: 2,
    classification: Classification.COUNCIL_CONFIDENTIAL,
    tlp: Tlp.AMBER,
    title: 'Ransomware campaign against hospitals',
    summary: 'Summary of the campaign',
    body: 'FULL BODY: internal details',
    recommendedActions: ['Patch VPN appliances', 'Rotate credentials'],
    indicators: ['198.51.100.7'],
    originatorOrgId: null,
    audience: null,
    withdrawalReason: null,
    rejectionReason: null,
    publishedAt: PUBLISHED,
    updatedAt: UPDATED,
    ...fields,
  };
}

const ALL_KINDS = [
  '198.51.100.7',
  '203.0.113.0/24',
  '2001:db8::1',
  '2001:db8::/32',
  'evil.example.com',
  'https://evil.example.com/login?next=/home',
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
];

let stix: StixValidator;
beforeAll(() => {
  stix = loadStixValidator();
});

function expectValid(objects: readonly StixObject[]): void {
  for (const object of objects) expect({ id: object.id, errors: stix.objectErrors(object) }).toEqual({ id: object.id, errors: [] });
  const bundle = buildStixBundle(objects);
  expect(stix.bundleErrors(bundle)).toEqual([]);
  for (const object of bundle.objects) expect({ id: object.id, errors: stix.objectErrors(object) }).toEqual({ id: object.id, errors: [] });
}

function markedOnEveryObject(objects: readonly StixObject[], tlp: Tlp, classification: Classification): void {
  for (const object of objects) {
    expect((object as StixReport).object_marking_refs).toEqual([TLP2_MARKING_IDS[tlp], CLASSIFICATION_MARKING_IDS[classification]]);
  }
}

describe('STIX markings', () => {
  it('uses the official TLP 2.0 marking definitions and maps TLP 1.0 and 2.0 ids back to our vocabulary', () => {
    expect(TLP2_MARKING_IDS).toEqual({
      CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
      GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
      AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
      AMBER_STRICT: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    });
    expect(tlp2MarkingDefinition(Tlp.AMBER_STRICT)).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:AMBER+STRICT',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'amber+strict' },
      },
    });
    for (const tlp of Object.values(Tlp)) expect(tlpForMarkingId(TLP2_MARKING_IDS[tlp])).toBe(tlp);
    expect(tlpForMarkingId(TLP1_MARKING_IDS.WHITE)).toBe(Tlp.CLEAR);
    expect(tlpForMarkingId(TLP1_MARKING_IDS.RED)).toBe(Tlp.RED);
    expect(tlpForMarkingId('marking-definition--00000000-0000-4000-8000-000000000000')).toBeUndefined();
    for (const c of Object.values(Classification)) expect(classificationForMarkingId(CLASSIFICATION_MARKING_IDS[c])).toBe(c);
    expect(new Set(Object.values(CLASSIFICATION_MARKING_IDS)).size).toBe(3);
    for (const definition of allCouncilMarkingDefinitions()) expect(stix.objectErrors(definition)).toEqual([]);
  });

  it('derives RFC 4122 version-5 UUIDs (the RFC test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('advisoryViewToStix', () => {
  it('exports a FULL view as a report with one indicator per typed indicator, every object marked and valid', () => {
    const objects = advisoryViewToStix(view({ indicators: [...ALL_KINDS, 'not an indicator', 'hxxp://defanged[.]example'] }));
    const [report, ...indicators] = objects as [StixReport, ...StixIndicator[]];
    expect(report.type).toBe('report');
    expect(report.id).toBe(reportId(ADVISORY_ID, AccessLevel.FULL));
    expect(report.name).toBe('Ransomware campaign against hospitals');
    expect(report.published).toBe('2026-03-01T09:00:00.123Z');
    expect(report.created).toBe('2026-03-01T09:00:00.123Z');
    expect(report.modified).toBe('2026-03-02T10:30:00.456Z');
    expect(report.created_by_ref).toBe(COUNCIL_IDENTITY_ID);
    expect(report.description).toContain('FULL BODY: internal details');
    expect(report.description).toContain('- Patch VPN appliances');
    expect(report.description).toContain('Other indicators:\n- not an indicator\n- hxxp://defanged[.]example');
    expect(indicators.map((i) => i.pattern)).toEqual([
      "[ipv4-addr:value = '198.51.100.7']",
      "[ipv4-addr:value = '203.0.113.0/24']",
      "[ipv6-addr:value = '2001:db8::1']",
      "[ipv6-addr:value = '2001:db8::/32']",
      "[domain-name:value = 'evil.example.com']",
      "[url:value = 'https://evil.example.com/login?next=/home']",
      "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']",
      "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
      "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
      `[file:hashes.'SHA-512' = '${ALL_KINDS[9]}']`,
    ]);
    expect(report.object_refs).toEqual(indicators.map((i) => i.id));
    for (const indicator of indicators) {
      expect(indicator.pattern_type).toBe('stix');
      expect(indicator.valid_from).toBe('2026-03-01T09:00:00.123Z');
      expect(indicator.created).toMatch(STIX_MS);
      expect(indicator.modified >= indicator.created).toBe(true);
    }
    expect(indicators[0].id).toBe(indicatorId(ADVISORY_ID, '198.51.100.7'));
    markedOnEveryObject(objects, Tlp.AMBER, Classification.COUNCIL_CONFIDENTIAL);
    expectValid(objects);
  });

  it('exports a TEAR_LINE view with the tear-line content only: no body, no indicators, its own id and markings', () => {
    const tearLine = view({
      access: AccessLevel.TEAR_LINE,
      classification: Classification.UNCLASSIFIED,
      tlp: Tlp.GREEN,
      title: 'Releasable: campaign against hospitals',
      summary: 'Releasable summary',
      // Even a view that (wrongly) carried them must not leak them.
      body: 'FULL BODY: internal details',
      indicators: ['198.51.100.7'],
      recommendedActions: ['Patch'],
    });
    const objects = advisoryViewToStix(tearLine);
    expect(objects).toHaveLength(1);
    const report = objects[0] as StixReport;
    expect(report.id).toBe(reportId(ADVISORY_ID, AccessLevel.TEAR_LINE));
    expect(report.id).not.toBe(reportId(ADVISORY_ID, AccessLevel.FULL));
    expect(report.name).toBe('Releasable: campaign against hospitals');
    expect(report.description).toBe('Releasable summary\n\nRecommended actions:\n- Patch');
    expect(JSON.stringify(objects)).not.toContain('FULL BODY');
    expect(JSON.stringify(objects)).not.toContain('198.51.100.7');
    expect(report.object_refs).toEqual([COUNCIL_IDENTITY_ID]);
    markedOnEveryObject(objects, Tlp.GREEN, Classification.UNCLASSIFIED);
    expectValid(objects);
  });

  it('exports a withdrawn advisory as its report revoked, with no content', () => {
    for (const access of [AccessLevel.FULL, AccessLevel.TEAR_LINE]) {
      const objects = advisoryViewToStix(
        view({
          access,
          status: AdvisoryStatus.WITHDRAWN,
          // The secretariat still reads withdrawn content: the export must not carry it anyway.
          title: 'Secret title',
          summary: 'Secret summary',
          body: 'Secret body',
          indicators: ['198.51.100.7'],
          withdrawalReason: 'Wrong attribution',
        }),
      );
      expect(objects).toHaveLength(1);
      const report = objects[0] as StixReport;
      expect(report).toMatchObject({ id: reportId(ADVISORY_ID, access), revoked: true, name: 'Withdrawn advisory' });
      expect(report.description).toBeUndefined();
      expect(JSON.stringify(objects)).not.toMatch(/Secret|198\.51|Wrong attribution/);
      expectValid(objects);
    }
  });

  it('exports nothing for a metadata-only view, a draft or a rejected advisory', () => {
    expect(advisoryViewToStix(view({ access: AccessLevel.METADATA_ONLY, title: null, summary: null, body: null }))).toEqual([]);
    expect(advisoryViewToStix(view({ status: AdvisoryStatus.DRAFT }))).toEqual([]);
    expect(advisoryViewToStix(view({ status: AdvisoryStatus.REJECTED }))).toEqual([]);
    expect(advisoryViewToStix(view({ status: AdvisoryStatus.PENDING_REVIEW }))).toEqual([]);
  });

  it('escapes quotes and backslashes in patterns and keeps hostile text intact in valid JSON', () => {
    const hostileUrl = 'http://evil.example/a\'b\\c?q="x"';
    const objects = advisoryViewToStix(
      view({
        title: 'Quote \' double " backslash \\ 日本語 🚨 \u0000 </script>',
        summary: "Line one\nLine two ' \\'",
        indicators: [
          hostileUrl,
          'ドメイン.example',
          "' OR 1=1 --",
          "1.2.3.4' OR '1'='1",
          'sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
        ],
      }),
    );
    const [report, ...indicators] = objects as [StixReport, ...StixIndicator[]];
    expect(indicators.map((i) => i.pattern)).toEqual([
      "[url:value = 'http://evil.example/a\\'b\\\\c?q=\"x\"']",
      "[domain-name:value = 'xn--eckwd4c7c.example']",
      "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
    ]);
    expect(report.name).toBe('Quote \' double " backslash \\ 日本語 🚨 \u0000 </script>');
    expect(report.description).toContain("- ' OR 1=1 --");
    expect(report.description).toContain("- 1.2.3.4' OR '1'='1");
    expect(JSON.parse(JSON.stringify(objects))).toEqual(objects);
    expectValid(objects);
  });

  it('gives the same ids for the same view, and modified ≥ created with millisecond precision', () => {
    const a = advisoryViewToStix(view({ indicators: ALL_KINDS }));
    const b = advisoryViewToStix(view({ indicators: ALL_KINDS }));
    expect(a.map((o) => o.id)).toEqual(b.map((o) => o.id));
    // Published after the last update (clock skew between writers): created never exceeds modified.
    const [skewed] = advisoryViewToStix(view({ publishedAt: new Date('2026-03-03T00:00:00Z') })) as StixReport[];
    expect(skewed.created <= skewed.modified).toBe(true);
    expect(skewed.created).toMatch(STIX_MS);
    expect(skewed.modified).toMatch(STIX_MS);
  });
});

describe('the schema validation itself', () => {
  it('refuses objects the schemas forbid (so that passing means something)', () => {
    const [report, indicator] = advisoryViewToStix(view()) as [StixReport, StixIndicator];
    expect(stix.objectErrors({ ...indicator, pattern: undefined })).not.toEqual([]);
    expect(stix.objectErrors({ ...report, id: 'report--not-a-uuid' })).not.toEqual([]);
    expect(stix.objectErrors({ ...report, modified: '2026-03-02 10:30' })).not.toEqual([]);
    expect(stix.objectErrors({ ...report, object_refs: [] })).not.toEqual([]);
    expect(stix.bundleErrors({ type: 'bundle', id: 'bundle--x', objects: [report] })).not.toEqual([]);
  });
});

describe('typeIndicator', () => {
  it('types what it can be sure of and leaves the rest alone', () => {
    expect(typeIndicator('256.1.1.1')).toBeNull();
    expect(typeIndicator('10.0.0.0/33')).toBeNull();
    expect(typeIndicator('2001:db8::/129')).toBeNull();
    expect(typeIndicator('abc')).toBeNull();
    expect(typeIndicator('d41d8cd98f00b204e9800998ecf8427')).toBeNull();
    expect(typeIndicator('md5:da39a3ee5e6b4b0d3255bfef95601890afd80709')).toBeNull();
    expect(typeIndicator('javascript://alert(1)')).toBeNull();
    expect(typeIndicator('user@example.com')).toBeNull();
    expect(typeIndicator('  evil.example.org  ')?.pattern).toBe("[domain-name:value = 'evil.example.org']");
    expect(stixString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});

describe('buildStixBundle', () => {
  it('adds the council identity and exactly the marking definitions the objects refer to', () => {
    const objects = advisoryViewToStix(view({ tlp: Tlp.RED, classification: Classification.IESI }));
    const bundle = buildStixBundle(objects, 'bundle--6f1f0c2e-63f5-4d0e-9f0b-8b1e2b9a3c11');
    expect(bundle.id).toBe('bundle--6f1f0c2e-63f5-4d0e-9f0b-8b1e2b9a3c11');
    const ids = bundle.objects.map((o) => o.id);
    expect(ids).toContain(COUNCIL_IDENTITY_ID);
    expect(ids).toContain(TLP2_MARKING_IDS[Tlp.RED]);
    expect(ids).toContain(CLASSIFICATION_MARKING_IDS[Classification.IESI]);
    expect(ids).not.toContain(TLP2_MARKING_IDS[Tlp.GREEN]);
    expect(ids).not.toContain(CLASSIFICATION_MARKING_IDS[Classification.COUNCIL_CONFIDENTIAL]);
    expect(stix.bundleErrors(bundle)).toEqual([]);
    for (const object of bundle.objects) expect(stix.objectErrors(object)).toEqual([]);
  });
});
