import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CLASSIFICATION_MARKING_IDS,
  TLP1_MARKING_IDS,
  TLP2_MARKING_IDS,
  tlp2MarkingDefinition,
} from '../../libs/feeds/src/stix/stix-markings';
import { OPENCTI_AMBER_STRICT_MARKING_ID } from '../../libs/feeds/src/stix/import/stix-marking-reader';
import { Classification, Tlp } from '../../libs/platform/src/vocabulary';

/** Bundles for the import tests: the OASIS examples, and bundles shaped as MISP and OpenCTI export them. */

const EXAMPLES = resolve(process.cwd(), 'test/fixtures/stix2.1-json-schemas/examples'); // npm test runs from the project root
export const exampleBundle = (name: string): string => readFileSync(join(EXAMPLES, name), 'utf8');

type StixJson = Record<string, unknown>;
/** A STIX object built here: its id is known to be a string. */
type StixObjectJson = StixJson & { id: string };
export const bundleOf = (objects: unknown[], id = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d'): StixJson => ({
  type: 'bundle',
  id,
  objects,
});
export const text = (bundle: unknown): string => JSON.stringify(bundle);

const T = '2026-11-20T08:00:00.000Z';
let counter = 0;
/** A fresh, valid UUID-shaped id of `type` (deterministic within a run). */
export const idOf = (type: string): string => `${type}--${(++counter).toString(16).padStart(8, '0')}-1111-4111-8111-111111111111`;

export function indicator(pattern: string, extra: StixJson = {}): StixObjectJson {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: idOf('indicator'),
    created: T,
    modified: T,
    pattern,
    pattern_type: 'stix',
    valid_from: T,
    ...extra,
  };
}

export function report(name: string, description: string | undefined, refs: string[], extra: StixJson = {}): StixObjectJson {
  return {
    type: 'report',
    spec_version: '2.1',
    id: idOf('report'),
    created: T,
    modified: T,
    name,
    ...(description === undefined ? {} : { description }),
    published: T,
    object_refs: refs,
    ...extra,
  };
}

/** TLP 1.0 marking definition as STIX 2.1 §7.2.1.4 spells it (and as MISP embeds it). */
export function tlp1Definition(level: keyof typeof TLP1_MARKING_IDS): StixJson {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP1_MARKING_IDS[level],
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${level}`,
    definition: { tlp: level.toLowerCase() },
  };
}

/**
 * A MISP event exported by misp-stix (STIX 2.1): the creator organisation's identity, the event as a
 * report (name = event info, labels for threat level and tags), attributes with to_ids as indicators
 * (ip-dst in MISP's network-traffic idiom, domain, url, sha256, md5), one attribute without to_ids
 * as observed-data with its SCO, TLP:AMBER as the TLP 1.0 object, and a statement marking.
 */
export function mispBundle(): { bundle: StixJson; reportId: string; expectedIndicators: string[] } {
  const org = 'identity--a0c22599-9e58-4da4-96ac-7051603fa951';
  const amber = TLP1_MARKING_IDS.AMBER;
  const statement = 'marking-definition--7cb4e8c6-1b8a-4b3e-8c63-0f6f1c6c6b21';
  const common = (category: string, type: string) => ({
    created_by_ref: org,
    pattern_version: '2.1',
    kill_chain_phases: [{ kill_chain_name: 'misp-category', phase_name: category }],
    labels: [`misp:type="${type}"`, `misp:category="${category}"`, 'misp:to_ids="True"'],
    object_marking_refs: [amber],
  });
  const indicators = [
    indicator("[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.23']", {
      description: 'C2 server',
      ...common('Network activity', 'ip-dst'),
    }),
    indicator("[domain-name:value = 'login-secure-bank.example']", common('Network activity', 'domain')),
    indicator("[url:value = 'https://login-secure-bank.example/jp/otp.php?id=1']", common('Network activity', 'url')),
    indicator(`[file:hashes.SHA256 = '${'A1'.repeat(32)}']`, common('Payload delivery', 'sha256')),
    indicator("[file:hashes.MD5 = '0123456789abcdef0123456789abcdef']", common('Payload delivery', 'md5')),
  ];
  const observed = {
    type: 'observed-data',
    spec_version: '2.1',
    id: idOf('observed-data'),
    created_by_ref: org,
    created: T,
    modified: T,
    first_observed: T,
    last_observed: T,
    number_observed: 1,
    object_refs: ['email-addr--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f'],
    labels: ['misp:type="email-src"', 'misp:category="Payload delivery"'],
    object_marking_refs: [amber],
  };
  const sco = {
    type: 'email-addr',
    spec_version: '2.1',
    id: 'email-addr--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f',
    value: 'otp@login-secure-bank.example',
  };
  const event = report(
    'フィッシング: 地方銀行のワンタイムパスワードを狙うキャンペーン',
    undefined,
    [...indicators.map((i) => i.id), observed.id, sco.id],
    {
      created_by_ref: org,
      labels: ['Threat level: High', 'misp:tool="MISP-STIX-Converter"', 'tlp:amber'],
      object_marking_refs: [amber, statement],
    },
  );
  return {
    bundle: bundleOf([
      { type: 'identity', spec_version: '2.1', id: org, created: T, modified: T, name: 'CIRCL', identity_class: 'organization' },
      tlp1Definition('AMBER'),
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: statement,
        created: T,
        definition_type: 'statement',
        definition: { statement: 'Copyright 2026 Example CERT. Shared under the council rules.' },
      },
      event,
      ...indicators,
      observed,
      sco,
    ]),
    reportId: event.id,
    expectedIndicators: [
      '198.51.100.23',
      'login-secure-bank.example',
      'https://login-secure-bank.example/jp/otp.php?id=1',
      'a1'.repeat(32),
      '0123456789abcdef0123456789abcdef',
    ],
  };
}

const OPENCTI_EXTENSION = 'extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba';
const octi = (type: string, extra: StixJson = {}) => ({
  extensions: {
    [OPENCTI_EXTENSION]: {
      extension_type: 'property-extension',
      id: '8a4d3b3c-2a6e-4f19-9f0a-3f7c2b0d5e11',
      type,
      created_at: T,
      updated_at: T,
      is_inferred: false,
      ...extra,
    },
  },
});

/**
 * An OpenCTI report export: official TLP 2.0 marking objects (TLP:GREEN on the report, TLP:RED on
 * one indicator unless `redIndicator` is false), x_opencti_* custom properties and OpenCTI's
 * property extension on every object, a malware, an attack-pattern and relationships, a PAP marking.
 */
export function openCtiBundle(options: { redIndicator?: boolean; councilClassification?: Classification } = {}): {
  bundle: StixJson;
  reportId: string;
  expectedIndicators: string[];
} {
  const author = idOf('identity');
  const pap = 'marking-definition--c9b2a7e0-0d5b-4a7d-9d8e-0b8b4c2a1f33';
  const green = TLP2_MARKING_IDS[Tlp.GREEN];
  const red = TLP2_MARKING_IDS[Tlp.RED];
  const markings = [green, pap, ...(options.councilClassification ? [CLASSIFICATION_MARKING_IDS[options.councilClassification]] : [])];
  const ind = (pattern: string, score: number, marking: string[]) =>
    indicator(pattern, {
      name: pattern.slice(1, 40),
      created_by_ref: author,
      object_marking_refs: marking,
      x_opencti_score: score,
      x_opencti_detection: true,
      x_opencti_main_observable_type: 'IPv4-Addr',
      ...octi('Indicator'),
    });
  const indicators = [
    ind("[ipv4-addr:value = '203.0.113.77']", 80, markings),
    ind("[domain-name:value = 'update.bad-cdn.example' OR domain-name:value = 'Update2.Bad-CDN.example.']", 70, markings),
    ind(`[file:hashes.'SHA-256' = '${'b2'.repeat(32)}']`, 90, options.redIndicator === false ? markings : [red]),
    ind("[ipv6-addr:value = '2001:DB8::7']", 60, markings),
  ];
  const malware = {
    type: 'malware',
    spec_version: '2.1',
    id: idOf('malware'),
    created: T,
    modified: T,
    name: 'ShadowPad',
    is_family: true,
    object_marking_refs: markings,
    x_opencti_stix_ids: [],
    ...octi('Malware'),
  };
  const attackPattern = {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: idOf('attack-pattern'),
    created: T,
    modified: T,
    name: 'Exploit Public-Facing Application',
    x_mitre_id: 'T1190',
    object_marking_refs: markings,
    ...octi('Attack-Pattern'),
  };
  const relationships = indicators.map((i) => ({
    type: 'relationship',
    spec_version: '2.1',
    id: idOf('relationship'),
    created: T,
    modified: T,
    relationship_type: 'indicates',
    source_ref: i.id,
    target_ref: malware.id,
    object_marking_refs: markings,
    ...octi('indicates'),
  }));
  const rep = report(
    'ShadowPad activity against Japanese manufacturers',
    'Exploitation of VPN appliances followed by ShadowPad implants.\n\nIndicators were observed between October and November 2026.',
    [...indicators, malware, attackPattern, ...relationships].map((o) => o.id),
    {
      created_by_ref: author,
      report_types: ['threat-report'],
      confidence: 75,
      object_marking_refs: markings,
      x_opencti_reliability: 'B - Usually reliable',
      x_opencti_files: [],
      ...octi('Report', { labels_ids: [] }),
    },
  );
  return {
    bundle: bundleOf([
      {
        type: 'identity',
        spec_version: '2.1',
        id: author,
        created: T,
        modified: T,
        name: 'Example Threat Intel',
        identity_class: 'organization',
        ...octi('Organization'),
      },
      tlp2MarkingDefinition(Tlp.GREEN),
      tlp2MarkingDefinition(Tlp.RED),
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: pap,
        created: T,
        definition_type: 'PAP',
        name: 'PAP:GREEN',
        definition: { PAP: 'PAP:GREEN' },
        x_opencti_order: 2,
        x_opencti_color: '#2e7d32',
      },
      rep,
      ...indicators,
      malware,
      attackPattern,
      ...relationships,
    ]),
    reportId: rep.id,
    expectedIndicators: ['203.0.113.77', 'update.bad-cdn.example', 'update2.bad-cdn.example', 'b2'.repeat(32), '2001:db8::7'],
  };
}

export { OPENCTI_AMBER_STRICT_MARKING_ID };
