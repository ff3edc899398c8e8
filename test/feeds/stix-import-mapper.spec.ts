import { describe, expect, it } from '@jest/globals';
import { mapStixBundle, type MappedStixBundle } from '../../libs/feeds/src/stix/import/stix-bundle-mapper';
import { draftContentOf, summaryOf, type StixImportFrame } from '../../libs/feeds/src/stix/import/stix-draft-content';
import { readPattern } from '../../libs/feeds/src/stix/import/stix-pattern';
import { indicatorString } from '../../libs/feeds/src/stix/import/indicator-values';
import { EMPTY_AUDIENCE } from '../../libs/advisories/src/lifecycle/advisory-content';
import { CouncilError } from '../../libs/platform/src/errors/council-error';
import {
  CLASSIFICATION_MARKING_IDS,
  classificationMarkingDefinition,
  TLP1_MARKING_IDS,
  TLP2_MARKING_IDS,
} from '../../libs/feeds/src/stix/stix-markings';
import { AccessLevel, AdvisoryStatus, Classification, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { advisoryViewToStix, buildStixBundle } from '../../libs/feeds/src/stix/export';
import type { AdvisoryView } from '../../libs/policy/src/advisories/advisory-projection';
import {
  bundleOf,
  exampleBundle,
  idOf,
  indicator,
  mispBundle,
  openCtiBundle,
  OPENCTI_AMBER_STRICT_MARKING_ID,
  report,
  text,
  tlp1Definition,
} from './stix-import-bundles';

const strict = { skipUnsupportedIndicators: false };
const lenient = { skipUnsupportedIndicators: true };
const map = (bundle: unknown, options = strict): MappedStixBundle =>
  mapStixBundle(typeof bundle === 'string' ? bundle : text(bundle), options);

/** The refusal's message; fails unless it is a BAD_USER_INPUT CouncilError. */
function refusal(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(CouncilError);
    expect((error as CouncilError).code).toBe('BAD_USER_INPUT');
    expect((error as CouncilError).message).toMatch(/^STIX import refused: /);
    return (error as CouncilError).message;
  }
  throw new Error('expected a refusal');
}
const refused = (bundle: unknown, options = strict) => refusal(() => map(bundle, options));

const marked = (markings: string[], extra: unknown[] = []) =>
  bundleOf([indicator("[ipv4-addr:value = '192.0.2.1']", { object_marking_refs: markings }), ...extra]);

describe('STIX import mapping: the OASIS examples', () => {
  it('reads the single C2 indicator (no report, no marking: the member must give title, summary and TLP)', () => {
    const mapped = map(exampleBundle('indicator-for-c2-ip-address.json'));
    expect(mapped).toMatchObject({
      bundleId: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982',
      report: null,
      indicators: ['10.0.0.0'],
      tlp: null,
      classification: null,
      skippedIndicators: [],
      ignoredObjects: [],
    });
  });

  it('refuses APT1 as it is (two compare x509 certificates) and names them; with skipping, imports the other ten', () => {
    const message = refused(exampleBundle('threat-reports/apt1.json'));
    expect(message).toMatch(/2 of 12 indicators cannot become indicator strings/);
    expect(message).toContain(
      'indicator--b3b6b540-d838-41e2-853b-005056c00008: the pattern compares x509-certificate:issuer; supported: ipv4-addr:value',
    );
    expect(message).toContain('indicator--b3b7035e-d838-41e2-8d38-005056c00008');
    expect(message).toMatch(/skipUnsupportedIndicators/);

    const mapped = map(exampleBundle('threat-reports/apt1.json'), lenient);
    expect(mapped.report).toMatchObject({
      id: 'report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf',
      name: "APT1: Exposing One of China's Cyber Espionage Units",
    });
    expect(mapped.indicators).toEqual([
      '223.166.0.0/15',
      '58.246.0.0/15',
      '112.64.0.0/15',
      '139.226.0.0/15',
      'hugesoft.org',
      'arrowservice.net',
      'msnhome.org',
      '001dd76872d80801692ff942308c64e6',
      '002325a0a67fded0381b5648d7fe9b8e',
      '00dbb9e1c09dbdafb360f3163ba5a3de',
    ]);
    expect(mapped.skippedIndicators.map((s) => s.id)).toEqual([
      'indicator--b3b6b540-d838-41e2-853b-005056c00008',
      'indicator--b3b7035e-d838-41e2-8d38-005056c00008',
    ]);
    expect(mapped.ignoredObjects).toEqual([
      { type: 'attack-pattern', count: 7 },
      { type: 'identity', count: 4 },
      { type: 'intrusion-set', count: 1 },
      { type: 'malware', count: 6 },
      { type: 'relationship', count: 30 },
      { type: 'threat-actor', count: 5 },
      { type: 'tool', count: 10 },
    ]);
    expect(mapped.tlp).toBeNull();
  });

  it('refuses Poison Ivy as it is (file names, a malformed domain); with skipping, splits its OR patterns into distinct values', () => {
    const message = refused(exampleBundle('threat-reports/poisonivy.json'));
    expect(message).toMatch(/3 of 25 indicators/);
    expect(message).toContain('indicator--137acf67-cedc-4a07-8719-72759174de3a: the pattern compares file:name');
    expect(message).toContain('"domain autuo.xicp.net" is not a domain name');

    const mapped = map(exampleBundle('threat-reports/poisonivy.json'), lenient);
    expect(mapped.report?.name).toBe('Poison Ivy: Assessing Damage and Extracting Intelligence');
    expect(mapped.skippedIndicators).toHaveLength(3);
    expect(mapped.indicators).toContain('www.webserver.dynssl.com');
    expect(mapped.indicators).toContain('113.10.246.30');
    expect(new Set(mapped.indicators).size).toBe(mapped.indicators.length);
    expect(mapped.indicators.filter((i) => i === '101.78.151.179')).toHaveLength(1);
    expect(mapped.ignoredObjects).toContainEqual({ type: 'relationship', count: 90 });
  });
});

describe('STIX import mapping: MISP and OpenCTI exports', () => {
  it("reads a MISP event: report, indicators (MISP's network-traffic idiom included), TLP:AMBER of TLP 1.0", () => {
    const { bundle, reportId, expectedIndicators } = mispBundle();
    const mapped = map(bundle);
    expect(mapped.report).toEqual({
      id: reportId,
      name: 'フィッシング: 地方銀行のワンタイムパスワードを狙うキャンペーン',
      description: null,
    });
    expect(mapped.indicators).toEqual(expectedIndicators);
    expect(mapped.tlp).toBe(Tlp.AMBER);
    expect(mapped.classification).toBeNull();
    expect(mapped.ignoredObjects).toEqual([
      { type: 'email-addr', count: 1 },
      { type: 'identity', count: 1 },
      { type: 'marking-definition', count: 1 },
      { type: 'observed-data', count: 1 },
    ]);
  });

  it('reads an OpenCTI report: TLP 2.0 ids, custom properties ignored, the most restrictive marking (RED on one indicator) wins', () => {
    const { bundle, expectedIndicators } = openCtiBundle();
    const mapped = map(bundle);
    expect(mapped.indicators).toEqual(expectedIndicators);
    expect(mapped.tlp).toBe(Tlp.RED);
    expect(map(openCtiBundle({ redIndicator: false }).bundle).tlp).toBe(Tlp.GREEN);
    expect(
      map(openCtiBundle({ redIndicator: false, councilClassification: Classification.COUNCIL_CONFIDENTIAL }).bundle).classification,
    ).toBe(Classification.COUNCIL_CONFIDENTIAL);
  });
});

describe('STIX import mapping: TLP and classification markings', () => {
  it.each([
    [[TLP1_MARKING_IDS.WHITE], Tlp.CLEAR],
    [[TLP1_MARKING_IDS.GREEN, TLP1_MARKING_IDS.AMBER], Tlp.AMBER],
    [[TLP2_MARKING_IDS[Tlp.CLEAR], TLP2_MARKING_IDS[Tlp.AMBER_STRICT], TLP1_MARKING_IDS.AMBER], Tlp.AMBER_STRICT],
    [[TLP2_MARKING_IDS[Tlp.GREEN], TLP1_MARKING_IDS.RED], Tlp.RED],
    [[OPENCTI_AMBER_STRICT_MARKING_ID], Tlp.AMBER_STRICT],
  ])('official ids %j (not defined in the bundle) → %s, the most restrictive', (markings, tlp) => {
    expect(map(marked(markings)).tlp).toBe(tlp);
  });

  it("reads TLP marking definitions of the bundle (definition_type tlp, the TLP 2.0 extension, OpenCTI's hints)", () => {
    const own = 'marking-definition--0b7b2a44-5a3f-4a4e-9a55-0f3d7f0c9e01';
    const def = (extra: object) => ({
      type: 'marking-definition',
      spec_version: '2.1',
      id: own,
      created: '2020-01-01T00:00:00Z',
      ...extra,
    });
    expect(map(marked([own], [def({ definition_type: 'tlp', definition: { tlp: 'amber' } })])).tlp).toBe(Tlp.AMBER);
    expect(map(marked([own], [def({ definition_type: 'TLP', definition: { TLP: 'TLP:RED' } })])).tlp).toBe(Tlp.RED);
    expect(
      map(
        marked(
          [own],
          [
            def({
              definition_type: 'statement',
              definition: { statement: 'custom' },
              x_opencti_definition_type: 'TLP',
              x_opencti_definition: 'TLP:AMBER+STRICT',
            }),
          ],
        ),
      ).tlp,
    ).toBe(Tlp.AMBER_STRICT);
    expect(
      map(
        marked(
          [own],
          [
            def({
              extensions: {
                'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
                  extension_type: 'property-extension',
                  tlp_2_0: 'amber+strict',
                },
              },
            }),
          ],
        ),
      ).tlp,
    ).toBe(Tlp.AMBER_STRICT);
  });

  it('counts granular markings and markings on objects it does not import', () => {
    const malware = {
      type: 'malware',
      spec_version: '2.1',
      id: idOf('malware'),
      created: 'x',
      modified: 'x',
      name: 'x',
      is_family: true,
      object_marking_refs: [TLP1_MARKING_IDS.RED],
    };
    expect(map(marked([TLP1_MARKING_IDS.GREEN], [malware])).tlp).toBe(Tlp.RED);
    const granular = indicator("[ipv4-addr:value = '192.0.2.2']", {
      granular_markings: [{ marking_ref: TLP2_MARKING_IDS[Tlp.AMBER], selectors: ['description'] }],
    });
    expect(map(marked([TLP1_MARKING_IDS.GREEN], [granular])).tlp).toBe(Tlp.AMBER);
  });

  it("does not count a marking definition that nothing references, nor a definition's own marking", () => {
    expect(map(marked([TLP1_MARKING_IDS.GREEN], [tlp1Definition('RED'), classificationMarkingDefinition(Classification.IESI)])).tlp).toBe(
      Tlp.GREEN,
    );
    expect(map(marked([TLP1_MARKING_IDS.GREEN], [classificationMarkingDefinition(Classification.IESI)])).classification).toBeNull();
  });

  it('maps the council classification marking, with or without its definition in the bundle (highest wins)', () => {
    const both = [CLASSIFICATION_MARKING_IDS[Classification.UNCLASSIFIED], CLASSIFICATION_MARKING_IDS[Classification.COUNCIL_CONFIDENTIAL]];
    expect(map(marked(both)).classification).toBe(Classification.COUNCIL_CONFIDENTIAL);
    expect(
      map(marked([CLASSIFICATION_MARKING_IDS[Classification.IESI]], [classificationMarkingDefinition(Classification.IESI)])).classification,
    ).toBe(Classification.IESI);
  });

  it('refuses a marking it cannot place, or one that contradicts itself', () => {
    const unknown = 'marking-definition--9f0c3a55-7e4b-4c1a-8d2e-6b5a4c3d2e1f';
    expect(refused(marked([unknown]))).toMatch(
      /references marking-definition--9f0c3a55-7e4b-4c1a-8d2e-6b5a4c3d2e1f, which is neither an official TLP marking nor defined in the bundle/,
    );
    const custom = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: unknown,
      created: 'x',
      definition_type: 'acme-handling',
      definition: {},
    };
    expect(refused(marked([unknown], [custom]))).toMatch(/marking definitions of type "acme-handling" are not understood/);
    const liar = { ...tlp1Definition('AMBER'), definition: { tlp: 'white' } };
    expect(refused(marked([TLP1_MARKING_IDS.AMBER], [liar]))).toMatch(
      /marking-definition--f88d31f6-486f-44da-b317-01333bde0b82: the marking contradicts itself: its id says AMBER, definition.tlp says CLEAR/,
    );
    const badLevel = { ...tlp1Definition('AMBER'), id: unknown, definition: { tlp: 'purple' } };
    expect(refused(marked([unknown], [badLevel]))).toMatch(/definition.tlp is not a TLP level \(got "purple"\)/);
    expect(refused(marked(['not-a-marking']))).toMatch(/a marking reference must be a marking-definition--<UUID> id/);
  });
});

describe('STIX import mapping: patterns', () => {
  const values = (pattern: string) => {
    const reading = readPattern(pattern);
    return 'comparisons' in reading ? reading.comparisons.map((c) => `${c.kind} ${c.value}`) : `unsupported: ${reading.unsupported}`;
  };

  it('reads = comparisons joined by OR, inside and across observations, with the hash names producers use', () => {
    expect(values("[ipv4-addr:value = '198.51.100.1']")).toEqual(['ipv4-addr 198.51.100.1']);
    expect(values("[ipv4-addr:value = '198.51.100.1' OR (domain-name:value = 'a.example' OR url:value = 'http://x.example/a b')]")).toEqual(
      ['ipv4-addr 198.51.100.1', 'domain-name a.example', 'url http://x.example/a b'],
    );
    expect(values("([ipv6-addr:value = '2001:db8::1'] OR [file:hashes.'SHA-1' = 'x'])")).toEqual(['ipv6-addr 2001:db8::1', 'SHA-1 x']);
    expect(values("[file:hashes.md5 = 'a'] OR [file:hashes.SHA256 = 'b'] OR [file:hashes.'SHA-512' = 'c']")).toEqual([
      'MD5 a',
      'SHA-256 b',
      'SHA-512 c',
    ]);
    expect(values("[url:value = 'http://x.example/it\\'s']")).toEqual(["url http://x.example/it's"]);
    expect(values("[network-traffic:dst_ref.value = '2001:db8::9' AND network-traffic:dst_ref.type = 'ipv6-addr']")).toEqual([
      'ipv6-addr 2001:db8::9',
    ]);
  });

  it.each([
    ["[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'a.example']", /AND/],
    ["[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '1.2.3.4']", /compares network-traffic:dst_ref.type/],
    [
      "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port = 443]",
      /network-traffic/,
    ],
    ["[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '1.2.3.5']", /FOLLOWEDBY/],
    ["[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS", /WITHIN/],
    ["[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES", /REPEATS/],
    ["[ipv4-addr:value != '1.2.3.4']", /operator !=/],
    ["[domain-name:value MATCHES '^evil']", /operator MATCHES/],
    ["[ipv4-addr:value IN ('1.2.3.4', '1.2.3.5')]", /operator IN/],
    ["[NOT ipv4-addr:value = '1.2.3.4']", /NOT/],
    ["[file:name = 'a.exe']", /compares file:name/],
    ["[file:hashes.'SSDEEP' = 'x']", /hash SSDEEP/],
    ["[artifact:payload_bin = b'aGk=']", /compares artifact:payload_bin|typed literal/],
    ["[ipv4-addr:value = '1.2.3.4'", /ends too early/],
    ["[ipv4-addr:value = '1.2.3.4]", /unterminated/],
    ['', /empty/],
    ["[url:value = 'a\\n']", /invalid escape/],
  ])('does not read %s', (pattern, reason) => {
    expect(values(pattern)).toMatch(reason);
  });

  it('checks each value against its kind', () => {
    expect(indicatorString('ipv4-addr', '10.0.0.0/8')).toEqual({ indicator: '10.0.0.0/8' });
    expect(indicatorString('ipv4-addr', '10.0.0.256')).toHaveProperty('problem');
    expect(indicatorString('ipv4-addr', '10.0.0.0/33')).toHaveProperty('problem');
    expect(indicatorString('ipv6-addr', '2001:DB8::/32')).toEqual({ indicator: '2001:db8::/32' });
    expect(indicatorString('domain-name', 'Example.COM.')).toEqual({ indicator: 'example.com' });
    expect(indicatorString('domain-name', 'xn--e1afmkfd.example')).toEqual({ indicator: 'xn--e1afmkfd.example' });
    expect(indicatorString('domain-name', '例え.jp')).toEqual({ indicator: '例え.jp' });
    expect(indicatorString('domain-name', 'bad domain.example')).toHaveProperty('problem');
    expect(indicatorString('url', 'http://x.example/a b')).toHaveProperty('problem');
    expect(indicatorString('url', 'not a url')).toHaveProperty('problem');
    expect(indicatorString('url', 'https://x.example/Path?Q=1')).toEqual({ indicator: 'https://x.example/Path?Q=1' });
    expect(indicatorString('url', 'hxxp://x.example/defanged')).toHaveProperty('problem');
    expect(indicatorString('domain-name', '198.51.100.1')).toHaveProperty('problem');
    expect(indicatorString('domain-name', 'localhost')).toHaveProperty('problem');
    expect(indicatorString('MD5', 'a'.repeat(40))).toEqual({ problem: expect.stringMatching(/is not an MD5 hash/) });
    expect(indicatorString('MD5', 'A'.repeat(32))).toEqual({ indicator: 'a'.repeat(32) });
    expect(indicatorString('SHA-1', 'a'.repeat(32))).toHaveProperty('problem');
    expect(indicatorString('SHA-512', 'f'.repeat(128))).toEqual({ indicator: 'f'.repeat(128) });
    expect(indicatorString('url', `http://x.example/${'a'.repeat(2000)}`)).toEqual({ problem: expect.stringMatching(/longer than 2000/) });
  });

  it('skips revoked indicators always, and other pattern languages unless refused', () => {
    const revoked = indicator("[ipv4-addr:value = '192.0.2.9']", { revoked: true });
    const snort = indicator('alert tcp any any -> any 80 (msg:"x";)', { pattern_type: 'snort' });
    expect(refused(bundleOf([revoked, snort]))).toMatch(/pattern_type is "snort"; only STIX patterns are read/);
    const mapped = map(bundleOf([revoked, snort, indicator("[ipv4-addr:value = '192.0.2.10']")]), lenient);
    expect(mapped.indicators).toEqual(['192.0.2.10']);
    expect(mapped.skippedIndicators).toEqual([
      { id: revoked.id, reason: 'revoked by its producer' },
      { id: snort.id, reason: expect.stringMatching(/snort/) },
    ]);
  });
});

describe('STIX import mapping: what is refused', () => {
  const ok = () => indicator("[ipv4-addr:value = '192.0.2.1']");

  it.each([
    ['[]', /the bundle must be a JSON object \(got an array\)/],
    ['"bundle"', /must be a JSON object \(got "bundle"\)/],
    ['42', /must be a JSON object/],
    ['null', /must be a JSON object \(got null\)/],
    ['{"type": "bundle", ', /not valid JSON/],
    ['{"type": "report"}', /"type": "bundle"/],
    ['{"type": "bundle", "id": "bundle--1"}', /bundle--<UUID>/],
  ])('refuses the text %s', (bundleText, message) => {
    expect(refused(bundleText)).toMatch(message);
  });

  it('refuses an oversize bundle before parsing it', () => {
    expect(refused(' '.repeat(500_001))).toMatch(/500001 characters long; at most 500000/);
  });

  it('refuses STIX 2.0 and objects without a valid type, id or spec_version, naming them', () => {
    expect(refused({ ...bundleOf([ok()]), spec_version: '2.0' })).toMatch(/spec_version on a bundle is STIX 2.0/);
    expect(refused(bundleOf([]))).toMatch(/nothing to import/);
    expect(refused(bundleOf([ok(), 'indicator']))).toMatch(/objects\[1\]: every object of a bundle must be a JSON object/);
    expect(refused(bundleOf([{ ...ok(), type: undefined }]))).toMatch(/objects\[0\]: "type" must be a STIX type name \(got nothing\)/);
    expect(refused(bundleOf([{ ...ok(), type: 'Indicator' }]))).toMatch(/"type" must be a STIX type name/);
    expect(refused(bundleOf([{ ...ok(), id: 'indicator--123' }]))).toMatch(
      /objects\[0\]: "id" must be indicator--<UUID> \(got "indicator--123"\)/,
    );
    expect(refused(bundleOf([{ ...ok(), id: 'report--33fe3b22-0201-47cf-85d0-97c02164528d' }]))).toMatch(/"id" must be indicator--<UUID>/);
    const twoOh = { ...ok(), spec_version: undefined };
    expect(refused(bundleOf([twoOh]))).toMatch(new RegExp(`${twoOh.id}: spec_version must be "2.1" \\(got nothing\\)`));
    expect(refused(bundleOf([{ ...ok(), spec_version: '2.0' }]))).toMatch(/spec_version must be "2.1" \(got "2.0"\)/);
    // SCOs may leave spec_version out
    expect(
      map(bundleOf([ok(), { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '192.0.2.3' }]))
        .ignoredObjects,
    ).toEqual([{ type: 'ipv4-addr', count: 1 }]);
  });

  it('refuses the same id twice', () => {
    const a = ok();
    expect(refused(bundleOf([a, { ...a, modified: '2027-01-01T00:00:00.000Z' }]))).toMatch(
      new RegExp(`${a.id}: this id appears more than once`),
    );
  });

  it('refuses custom and unknown object types, naming the types and the objects', () => {
    const custom = { type: 'x-misp-object', spec_version: '2.1', id: idOf('x-misp-object'), name: 'x' };
    const future = { type: 'detection-rule', spec_version: '2.1', id: idOf('detection-rule') };
    const message = refused(bundleOf([ok(), custom, future]));
    expect(message).toMatch(/object types that cannot be imported: x-misp-object, detection-rule/);
    expect(message).toContain(custom.id);
    expect(message).toContain(future.id);
  });

  it('refuses prototype-polluting property names at any depth', () => {
    const a = ok();
    expect(
      refused(
        `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${text(a).slice(0, -1)},"__proto__":{"isAdmin":true}}]}`,
      ),
    ).toMatch(new RegExp(`${a.id}: the property name __proto__ is not allowed`));
    expect(refused(bundleOf([{ ...ok(), extensions: { x: { constructor: { prototype: 1 } } } }]))).toMatch(
      /the property name extensions\.x\.constructor is not allowed/,
    );
    expect(refused(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","__proto__":{},"objects":[]}`)).toMatch(
      /unknown bundle property "__proto__"/,
    );
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    ['\u0000', '0000'],
    ['\u0007', '0007'],
    ['\u001b[31m', '001B'],
    ['\u0085', '0085'],
    ['\u202e', '202E'],
    ['\u2066', '2066'],
  ])('refuses the control character %j, naming object, field and code point', (character, code) => {
    const a = ok();
    expect(refused(bundleOf([{ ...a, name: `C2 ${character}server` }]))).toBe(
      `STIX import refused: ${a.id}: name contains the control character U+${code}`,
    );
  });

  it('accepts tab and newlines, refuses unpaired surrogates, overlong strings and deep nesting', () => {
    expect(map(bundleOf([{ ...ok(), description: 'a\tb\r\nc' }])).indicators).toEqual(['192.0.2.1']);
    expect(refused(bundleOf([{ ...ok(), description: 'x\ud800y' }]))).toMatch(/description contains an unpaired surrogate/);
    expect(refused(bundleOf([{ ...ok(), description: 'x'.repeat(100_001) }]))).toMatch(/description is longer than 100000 characters/);
    let deep: unknown = 'x';
    for (let i = 0; i < 25; i++) deep = [deep];
    expect(refused(bundleOf([{ ...ok(), x_deep: deep }]))).toMatch(/is nested more than 20 levels deep/);
    // 100,000 levels: parsed without a stack overflow, refused at level 21.
    const a = ok();
    const abyss = `${text(a).slice(0, -1)},"x_deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refused(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${abyss}]}`)).toBe(
      `STIX import refused: ${a.id}: x_deep${'[0]'.repeat(20)} is nested more than 20 levels deep`,
    );
  });

  it('refuses more than 500 indicators, and more than 500 distinct values after splitting OR', () => {
    const many = Array.from({ length: 501 }, (_, i) => indicator(`[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`));
    expect(refused(bundleOf(many))).toMatch(/501 indicators; an advisory carries at most 500/);
    const wide = Array.from({ length: 2 }, (_, n) =>
      indicator(`[${Array.from({ length: 251 }, (_, i) => `ipv4-addr:value = '10.${n}.${i >> 8}.${i & 255}'`).join(' OR ')}]`),
    );
    expect(refused(bundleOf(wide))).toMatch(/502 distinct values; an advisory carries at most 500/);
    expect(map(bundleOf(many.slice(0, 500))).indicators).toHaveLength(500);
  });

  it('refuses several reports, naming them', () => {
    const a = report('One', 'd', []);
    const b = report('Two', 'd', []);
    expect(refused(bundleOf([a, b]))).toMatch(new RegExp(`2 reports \\(${a.id}; ${b.id}\\); one advisory is made from one report`));
  });

  it('takes a lone grouping (MISP can export an event as one) in place of a missing report, and refuses several', () => {
    const grouping = (name: string) => ({
      ...report(name, 'Grouped', []),
      type: 'grouping',
      id: idOf('grouping'),
      context: 'suspicious-activity',
    });
    const one = grouping('MISP event');
    expect(map(bundleOf([one, ok()])).report).toEqual({ id: one.id, name: 'MISP event', description: 'Grouped' });
    const withReport = report('The report', 'd', []);
    expect(map(bundleOf([one, withReport])).report?.id).toBe(withReport.id);
    expect(map(bundleOf([one, withReport])).ignoredObjects).toEqual([{ type: 'grouping', count: 1 }]);
    expect(refused(bundleOf([one, grouping('Other')]))).toMatch(/the bundle holds 2 groupings .*one advisory is made from one grouping/);
  });

  it('refuses a report without a name and an indicator without a pattern', () => {
    const nameless = report('', 'd', []);
    expect(refused(bundleOf([nameless]))).toMatch(new RegExp(`${nameless.id}: a report needs a non-empty "name"`));
    const patternless = { ...ok(), pattern: undefined };
    expect(refused(bundleOf([patternless]))).toMatch(new RegExp(`${patternless.id}: an indicator needs a "pattern" string`));
  });
});

describe('STIX import: the draft content', () => {
  const frame: StixImportFrame = {
    severity: Severity.HIGH,
    attributed: true,
    classification: Classification.UNCLASSIFIED,
    tlp: null,
    title: null,
    summary: null,
    recommendedActions: ['Block the indicators'],
    tearLine: null,
    audience: EMPTY_AUDIENCE,
  };
  const content = (bundle: unknown, f: Partial<StixImportFrame> = {}) => draftContentOf(map(bundle, lenient), { ...frame, ...f });

  it("takes title and summary from the report, the indicators, and the most restrictive of markings and the member's floor", () => {
    const { bundle } = openCtiBundle({ redIndicator: false, councilClassification: Classification.COUNCIL_CONFIDENTIAL });
    const full = content(bundle).full;
    expect(full).toMatchObject({
      title: 'ShadowPad activity against Japanese manufacturers',
      summary:
        'Exploitation of VPN appliances followed by ShadowPad implants.\n\nIndicators were observed between October and November 2026.',
      body: null,
      tlp: Tlp.GREEN,
      classification: Classification.COUNCIL_CONFIDENTIAL,
      recommendedActions: ['Block the indicators'],
    });
    expect(content(bundle, { tlp: Tlp.AMBER, classification: Classification.IESI }).full).toMatchObject({
      tlp: Tlp.AMBER,
      classification: Classification.IESI,
    });
    expect(content(bundle, { tlp: Tlp.CLEAR }).full.tlp).toBe(Tlp.GREEN);
  });

  it('keeps a long description whole as the body, with its first paragraph as the summary', () => {
    const long = `${'First paragraph. '.repeat(10).trim()}\n\n${'x '.repeat(3000)}`;
    expect(content(bundleOf([report('R', long, []), indicator("[ipv4-addr:value = '192.0.2.1']")]), { tlp: Tlp.GREEN }).full).toMatchObject(
      {
        summary: 'First paragraph. '.repeat(10).trim(),
        body: long.trim(),
      },
    );
    expect(summaryOf('word '.repeat(1000)).length).toBeLessThanOrEqual(4000);
    expect(summaryOf('word '.repeat(1000))).toMatch(/word…$/);
  });

  it('lets the member word the title and summary, the description then being the body', () => {
    const { bundle } = openCtiBundle();
    expect(content(bundle, { title: 'Own title', summary: 'Own summary' }).full).toMatchObject({
      title: 'Own title',
      summary: 'Own summary',
      body: expect.stringMatching(/^Exploitation of VPN appliances/),
    });
  });

  it('needs a title, a summary and a TLP from somewhere, and something to import', () => {
    const c2 = exampleBundle('indicator-for-c2-ip-address.json');
    expect(refusal(() => content(c2, { tlp: Tlp.GREEN }))).toMatch(
      /has no report to take a title from: give input.title and input.summary/,
    );
    expect(refusal(() => content(c2, { tlp: Tlp.GREEN, title: 'C2' }))).toMatch(/the bundle has no report: give input.summary/);
    expect(refusal(() => content(c2, { title: 'C2', summary: 'S' }))).toMatch(
      /no object of the bundle carries a TLP marking: give input.tlp/,
    );
    expect(content(c2, { title: 'C2', summary: 'S', tlp: Tlp.GREEN }).full).toMatchObject({
      title: 'C2',
      summary: 'S',
      body: null,
      indicators: ['10.0.0.0'],
      tlp: Tlp.GREEN,
    });
    const undescribed = report('R', undefined, []);
    expect(refusal(() => content(bundleOf([undescribed]), { tlp: Tlp.GREEN }))).toMatch(
      new RegExp(`${undescribed.id} has no description to take a summary from`),
    );
    const longName = report('n'.repeat(301), 'd', []);
    expect(refusal(() => content(bundleOf([longName]), { tlp: Tlp.GREEN }))).toMatch(
      new RegExp(`${longName.id}: name is 301 characters; a title is at most 300: give input.title`),
    );
    const identity = { type: 'identity', spec_version: '2.1', id: idOf('identity'), created: 'x', modified: 'x', name: 'x' };
    expect(refusal(() => content(bundleOf([identity]), { tlp: Tlp.GREEN, title: 't', summary: 's' }))).toMatch(
      /neither a report nor an indicator/,
    );
  });
});

describe("STIX import of the council's own export", () => {
  const view = (fields: Partial<AdvisoryView> = {}): AdvisoryView => ({
    id: '3f1c8a52-8d0e-4c55-9a51-0d6f2d1b7e10',
    access: AccessLevel.FULL,
    status: AdvisoryStatus.PUBLISHED,
    severity: Severity.HIGH,
    version: 1,
    classification: Classification.COUNCIL_CONFIDENTIAL,
    tlp: Tlp.AMBER_STRICT,
    title: 'Ransomware campaign against hospitals',
    summary: 'Summary of the campaign',
    body: 'Body',
    recommendedActions: [],
    indicators: [
      '198.51.100.7',
      '203.0.113.0/24',
      '2001:db8::1',
      'evil.example',
      'https://evil.example/a?b=c',
      'd41d8cd98f00b204e9800998ecf8427e',
      'sha256:' + 'c3'.repeat(32),
      'free text',
    ],
    originatorOrgId: null,
    audience: null,
    withdrawalReason: null,
    rejectionReason: null,
    publishedAt: new Date('2026-03-01T09:00:00.123Z'),
    updatedAt: new Date('2026-03-02T10:30:00.456Z'),
    ...fields,
  });

  it('reads back what it exported: the typed indicators, the TLP 2.0 marking and the classification marking', () => {
    const mapped = map(buildStixBundle(advisoryViewToStix(view())));
    expect(mapped.report?.name).toBe('Ransomware campaign against hospitals');
    expect(mapped.indicators).toEqual([
      '198.51.100.7',
      '203.0.113.0/24',
      '2001:db8::1',
      'evil.example',
      'https://evil.example/a?b=c',
      'd41d8cd98f00b204e9800998ecf8427e',
      'c3'.repeat(32),
    ]);
    expect(mapped).toMatchObject({ tlp: Tlp.AMBER_STRICT, classification: Classification.COUNCIL_CONFIDENTIAL, skippedIndicators: [] });
  });

  it("refuses a withdrawn advisory's report (revoked)", () => {
    const exported = advisoryViewToStix(view({ status: AdvisoryStatus.WITHDRAWN, withdrawalReason: 'wrong' }));
    expect(refused(buildStixBundle(exported))).toMatch(/the report is revoked/);
  });
});
