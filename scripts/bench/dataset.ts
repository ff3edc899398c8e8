import { JAPAN_REGIONS as regions } from '../../libs/membership/src/regions/japan-regions.data';
import { Prng } from './prng';

/**
 * The benchmark data set of BENCHMARKS.md ("a realistic council"), generated from a seed: the same
 * seed and scale give the same rows, ids included. Rows are produced as PostgreSQL COPY text lines
 * (tab-separated, \N for NULL) in the column order of COLUMNS below.
 *
 * Times are anchored at a fixed instant (ANCHOR), not at the clock, so that the data set is the
 * same whenever it is built; validity periods (agreements, pledges, clearances) run years past the
 * anchor so that "valid" stays valid for as long as the benchmark is used, and expired ones lie
 * before it.
 */

export type ScaleName = 'small' | 'naive' | 'national';

export interface Scale {
  name: ScaleName;
  /** Fraction of the national data set. */
  factor: number;
  organisations: number;
  persons: number;
  advisories: number;
}

export const SCALES: Record<ScaleName, Scale> = {
  national: { name: 'national', factor: 1, organisations: 5_000, persons: 50_000, advisories: 1_000_000 },
  /** BENCHMARKS.md "naive": the in-memory comparison at 100,000 advisories. */
  naive: { name: 'naive', factor: 0.1, organisations: 500, persons: 5_000, advisories: 100_000 },
  /** 1/100, for CI. */
  small: { name: 'small', factor: 0.01, organisations: 50, persons: 500, advisories: 10_000 },
};

export const DEFAULT_SEED = 'council-bench-1';
export const ANCHOR = Date.UTC(2026, 10, 1); // 2026-11-01T00:00:00Z
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Advisories span the five years before the anchor. */
const SPAN = 5 * 365 * DAY;

export const COLUMNS = {
  organisations: [
    'id',
    'name',
    'kind',
    'tier',
    'sectors',
    'prefecture',
    'municipality',
    'foreign',
    'active',
    'agreement_expires_at',
    'facility_clearance_expires_at',
    'created_at',
    'updated_at',
  ],
  persons: [
    'id',
    'email',
    'display_name',
    'organisation_id',
    'individual_tier',
    'roles',
    'active',
    'pledge_expires_at',
    'clearance_level',
    'clearance_expires_at',
    'clearance_suspended',
    'created_at',
    'updated_at',
  ],
  advisories: [
    'id',
    'status',
    'severity',
    'originator_org_id',
    'author_id',
    'attributed',
    'version',
    'full_classification',
    'full_tlp',
    'full_title',
    'full_summary',
    'full_body',
    'full_recommended_actions',
    'full_indicators',
    'has_tear_line',
    'tear_line_classification',
    'tear_line_tlp',
    'tear_line_title',
    'tear_line_summary',
    'tear_line_recommended_actions',
    'tear_line_release_to_non_member_lg',
    'audience_tiers',
    'audience_sectors',
    'audience_regions',
    'audience_municipality_prefectures',
    'audience_organisation_ids',
    'audience_person_ids',
    'audience_no_foreign',
    'rejection_reason',
    'withdrawal_reason',
    'submitted_at',
    'published_at',
    'withdrawn_at',
    'created_at',
    'updated_at',
    'sort_at',
  ],
} as const;

// ---------------------------------------------------------------------------------------------
// Vocabulary and mixes

const SECTOR_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['INFORMATION_COMMUNICATION', 12],
  ['FINANCE', 16],
  ['AVIATION', 3],
  ['AIRPORT', 2],
  ['RAILWAY', 5],
  ['ELECTRICITY', 8],
  ['GAS', 5],
  ['GOVERNMENT_SERVICES', 4],
  ['MEDICAL', 15],
  ['WATER', 8],
  ['LOGISTICS', 8],
  ['CHEMICAL', 5],
  ['CREDIT_CARD', 4],
  ['PETROLEUM', 3],
  ['PORT', 2],
];
const SECTORS = SECTOR_WEIGHTS.map(([s]) => s);

type Category =
  | 'prefecture'
  | 'municipality'
  | 'agency'
  | 'ci'
  | 'vendor'
  | 'integrator'
  | 'cloud'
  | 'foreignCloud'
  | 'academic'
  | 'association'
  | 'other';

interface CategorySpec {
  category: Category;
  kind: string;
  /** How many at national scale, and the least at any scale. */
  national: number;
  min: number;
  /** Relative head count of one organisation. */
  staff: number;
  tiers: ReadonlyArray<readonly [string, number]>;
  /** Share of authored advisories. */
  authors: number;
}

const CATEGORIES: CategorySpec[] = [
  {
    category: 'prefecture',
    kind: 'LOCAL_GOVERNMENT',
    national: 47,
    min: 2,
    staff: 30,
    tiers: [
      ['CLASS_1', 6],
      ['CLASS_2', 4],
    ],
    authors: 6,
  },
  {
    category: 'municipality',
    kind: 'LOCAL_GOVERNMENT',
    national: 1741,
    min: 8,
    staff: 4,
    tiers: [
      ['CLASS_2', 15],
      ['GENERAL', 45],
      ['NONE', 40],
    ],
    authors: 4,
  },
  { category: 'agency', kind: 'GOVERNMENT_AGENCY', national: 60, min: 1, staff: 25, tiers: [['CLASS_1', 1]], authors: 12 },
  {
    category: 'ci',
    kind: 'CRITICAL_INFRASTRUCTURE',
    national: 2600,
    min: 20,
    staff: 12,
    tiers: [
      ['CLASS_1', 25],
      ['CLASS_2', 40],
      ['GENERAL', 30],
      ['NONE', 5],
    ],
    authors: 50,
  },
  {
    category: 'vendor',
    kind: 'SECURITY_VENDOR',
    national: 200,
    min: 2,
    staff: 8,
    tiers: [
      ['CLASS_2', 30],
      ['GENERAL', 60],
      ['NONE', 10],
    ],
    authors: 8,
  },
  {
    category: 'integrator',
    kind: 'SYSTEM_INTEGRATOR',
    national: 150,
    min: 1,
    staff: 8,
    tiers: [
      ['CLASS_2', 30],
      ['GENERAL', 60],
      ['NONE', 10],
    ],
    authors: 5,
  },
  {
    category: 'cloud',
    kind: 'CLOUD_PROVIDER',
    national: 32,
    min: 1,
    staff: 20,
    tiers: [
      ['CLASS_1', 3],
      ['CLASS_2', 4],
      ['GENERAL', 3],
    ],
    authors: 6,
  },
  {
    category: 'foreignCloud',
    kind: 'CLOUD_PROVIDER',
    national: 8,
    min: 1,
    staff: 15,
    tiers: [
      ['CLASS_2', 5],
      ['GENERAL', 5],
    ],
    authors: 1,
  },
  {
    category: 'academic',
    kind: 'ACADEMIC',
    national: 60,
    min: 1,
    staff: 4,
    tiers: [
      ['CLASS_2', 2],
      ['GENERAL', 7],
      ['NONE', 1],
    ],
    authors: 3,
  },
  {
    category: 'association',
    kind: 'INDUSTRY_ASSOCIATION',
    national: 60,
    min: 1,
    staff: 4,
    tiers: [
      ['CLASS_2', 2],
      ['GENERAL', 7],
      ['NONE', 1],
    ],
    authors: 4,
  },
  {
    category: 'other',
    kind: 'OTHER',
    national: 42,
    min: 0,
    staff: 3,
    tiers: [
      ['GENERAL', 7],
      ['NONE', 3],
    ],
    authors: 1,
  },
];

const VENDORS = [
  'Fortinet',
  'Ivanti',
  'Cisco',
  'Citrix',
  'Microsoft',
  'VMware',
  'Palo Alto Networks',
  'Atlassian',
  'Apache',
  'Oracle',
  'SAP',
  'Juniper',
  'SonicWall',
  'F5',
  'Zyxel',
  'NEC',
  'Fujitsu',
  'Hitachi',
  'Trend Micro',
  'Yamaha',
  'Buffalo',
  'IO-DATA',
  'Sophos',
  'Progress',
  'GitLab',
];
const PRODUCTS = [
  'VPN gateway',
  'firewall',
  'mail server',
  'web application server',
  'file transfer appliance',
  'identity provider',
  'router',
  'hypervisor',
  'content management system',
  'remote access client',
  'NAS',
  'SCADA HMI',
  'PLC firmware',
  'electronic medical record system',
  'payment terminal',
];
const WEAKNESSES = [
  'remote code execution',
  'authentication bypass',
  'SQL injection',
  'path traversal',
  'privilege escalation',
  'server-side request forgery',
  'deserialisation flaw',
  'hard-coded credentials',
  'buffer overflow',
  'command injection',
];
const CAMPAIGNS = [
  'phishing campaign impersonating tax authorities',
  'ransomware intrusions through VPN appliances',
  'DDoS against online banking',
  'credential stuffing against municipal portals',
  'supply-chain compromise of an update server',
  'wiper malware against OT networks',
  'business e-mail compromise targeting hospitals',
  'scanning for exposed management interfaces',
];
const JA_TOPICS = [
  '標的型メール攻撃',
  'ランサムウェア感染',
  'VPN機器の脆弱性',
  '不正アクセス',
  'DDoS攻撃',
  '情報漏えい',
  'サプライチェーン攻撃',
  'フィッシング詐欺',
];
const JA_PHRASES = ['に関する注意喚起', 'の被害が確認されています', 'への対応について', 'に関する情報共有', 'の観測について'];
const ACTIONS = [
  'Apply the vendor patch',
  'Disable the exposed management interface',
  'Reset credentials of administrative accounts',
  'Block the listed indicators at the perimeter',
  'Review authentication logs for the past 30 days',
  'Enable multi-factor authentication',
  'Isolate affected hosts',
  'Report sightings to the secretariat',
];
const SUMMARY_TAILS = [
  'Exploitation in the wild has been observed against Japanese organisations.',
  'A proof of concept is publicly available; mass scanning is expected within days.',
  'Members in the affected sectors are asked to check their exposure and report sightings.',
  'The activity was reported by several members and confirmed by the secretariat.',
  'No exploitation has been confirmed yet, but the vulnerability is trivial to exploit.',
];

const SEVERITIES: ReadonlyArray<readonly [string, number]> = [
  ['INFO', 15],
  ['LOW', 20],
  ['MEDIUM', 35],
  ['HIGH', 22],
  ['CRITICAL', 8],
];
const STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['PUBLISHED', 890],
  ['WITHDRAWN', 20],
  ['DRAFT', 40],
  ['PENDING_REVIEW', 30],
  ['REJECTED', 20],
];
const CLASSIFICATIONS: ReadonlyArray<readonly [string, number]> = [
  ['UNCLASSIFIED', 55],
  ['COUNCIL_CONFIDENTIAL', 37],
  ['IESI', 8],
];
const TLP_ORDER = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];
const LEVEL_ORDER = ['UNCLASSIFIED', 'COUNCIL_CONFIDENTIAL', 'IESI'];
const TLP_BY_CLASSIFICATION: Record<string, ReadonlyArray<readonly [string, number]>> = {
  UNCLASSIFIED: [
    ['CLEAR', 28],
    ['GREEN', 45],
    ['AMBER', 22],
    ['AMBER_STRICT', 3],
    ['RED', 2],
  ],
  COUNCIL_CONFIDENTIAL: [
    ['GREEN', 35],
    ['AMBER', 52],
    ['AMBER_STRICT', 9],
    ['RED', 4],
  ],
  IESI: [
    ['AMBER', 55],
    ['AMBER_STRICT', 30],
    ['RED', 15],
  ],
};
const AUDIENCE_TIERS: ReadonlyArray<readonly [string[], number]> = [
  [[], 78],
  [['CLASS_1'], 8],
  [['CLASS_1', 'CLASS_2'], 12],
  [['CLASS_2', 'GENERAL'], 2],
];

// ---------------------------------------------------------------------------------------------
// Rows

export interface BenchOrganisation {
  index: number;
  id: string;
  category: Category;
  kind: string;
  tier: string;
  sectors: string[];
  prefecture: string | null;
  municipality: string | null;
  foreign: boolean;
  active: boolean;
  agreementValid: boolean;
  facilityValid: boolean;
}

export interface BenchPerson {
  index: number;
  id: string;
  organisation: BenchOrganisation | null;
  individualTier: string | null;
  roles: string[];
  active: boolean;
  pledgeValid: boolean;
  clearance: 'NONE' | 'VALID' | 'EXPIRED' | 'SUSPENDED';
  /** The policy's isMember and cleared, as of any instant within years of the anchor. */
  member: boolean;
  cleared: boolean;
}

export interface BenchReaders {
  typicalMember: string;
  clearedMember: string;
  secretariat: string;
  nonMemberMunicipality: string;
  namedOnRed: string;
}

export interface Council {
  scale: Scale;
  seed: string;
  organisations: BenchOrganisation[];
  persons: BenchPerson[];
  readers: BenchReaders;
  /** How many RED advisories name each person of the RED circle (filled while advisories are made). */
  redMentions: Map<string, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const N = '\\N';
/** A PostgreSQL array literal; elements never contain quotes, backslashes, tabs or newlines. */
const arr = (values: readonly string[]) => (values.length === 0 ? '{}' : `{${values.map((v) => `"${v}"`).join(',')}}`);
const bool = (b: boolean) => (b ? 't' : 'f');

function scaled(national: number, min: number, factor: number): number {
  return Math.max(min, Math.round(national * factor));
}

/** Local governments of japan-regions.data.ts: municipalities and Tokyo's special wards, not the wards of designated cities. */
function localGovernments(): Array<{ code: string; name: string }> {
  return regions.municipalities.filter((m) => !m.name.includes(' '));
}

/** Where a non-government organisation has its seat: the big prefectures more often. */
function seatPrefecture(rng: Prng): string {
  const r = rng.next();
  if (r < 0.3) return '13';
  if (r < 0.4) return '27';
  if (r < 0.45) return '14';
  if (r < 0.5) return '23';
  return regions.prefectures[rng.int(0, regions.prefectures.length - 1)].code;
}

function sectorsFor(rng: Prng, category: Category): string[] {
  switch (category) {
    case 'prefecture':
    case 'municipality':
    case 'agency':
      return ['GOVERNMENT_SERVICES'];
    case 'ci': {
      const first = rng.weighted(SECTOR_WEIGHTS);
      if (!rng.chance(0.1)) return [first];
      const second = rng.weighted(SECTOR_WEIGHTS);
      return second === first ? [first] : [first, second];
    }
    case 'vendor':
    case 'integrator':
    case 'cloud':
    case 'foreignCloud':
      return ['INFORMATION_COMMUNICATION'];
    case 'association':
      return [rng.weighted(SECTOR_WEIGHTS)];
    default:
      return [];
  }
}

/** Organisations and people (small enough to hold in memory), and the benchmark's readers. */
export function generateCouncil(scale: Scale, seed = DEFAULT_SEED): Council {
  const rng = new Prng(`${seed}/${scale.name}/council`);
  const organisations: BenchOrganisation[] = [];
  const lgs = localGovernments();
  const prefectureCodes = regions.prefectures.map((p) => p.code);

  for (const spec of CATEGORIES) {
    const count = scaled(spec.national, spec.min, scale.factor);
    let places: Array<[string | null, string | null]>;
    if (spec.category === 'prefecture') {
      places = (
        count >= prefectureCodes.length
          ? prefectureCodes
          : [
              '13',
              ...rng.sample(
                prefectureCodes.filter((c) => c !== '13'),
                count - 1,
              ),
            ]
      ).map((code) => [code, null]);
    } else if (spec.category === 'municipality') {
      const chosen = count >= lgs.length ? lgs : rng.sample(lgs, count);
      places = chosen.map((m) => [m.code.slice(0, 2), m.code]);
    } else {
      places = Array.from({ length: count }, (): [string | null, string | null] => {
        const nationwide = ['agency', 'cloud', 'foreignCloud'].includes(spec.category) || rng.chance(spec.category === 'ci' ? 0.25 : 0.4);
        return [nationwide ? null : seatPrefecture(rng), null];
      });
    }
    for (const [prefecture, municipality] of places) {
      const tier = rng.weighted(spec.tiers);
      const member = tier !== 'NONE';
      const agreementValid = member && rng.chance(0.96);
      const facilityChance = tier === 'CLASS_1' ? 0.6 : tier === 'CLASS_2' ? 0.2 : 0.03;
      organisations.push({
        index: organisations.length,
        id: rng.uuid(),
        category: spec.category,
        kind: spec.kind,
        tier,
        sectors: sectorsFor(rng, spec.category),
        prefecture,
        municipality,
        foreign: spec.category === 'foreignCloud' || (spec.category === 'vendor' && rng.chance(0.03)),
        active: rng.chance(0.99),
        agreementValid,
        facilityValid: member && rng.chance(facilityChance),
      });
    }
  }

  // People: the secretariat, auditors, individual members and recipients without a tier, then
  // every organisation's staff (an ORG_ADMIN each, the rest spread by the organisation's size).
  const persons: BenchPerson[] = [];
  const addPerson = (
    organisation: BenchOrganisation | null,
    roles: string[],
    individualTier: string | null,
    clearanceChance: number,
    pledgeValidChance = 0.93,
  ) => {
    const active = rng.chance(0.98);
    const pledgeValid = rng.chance(pledgeValidChance);
    const clearance: BenchPerson['clearance'] = !rng.chance(clearanceChance)
      ? 'NONE'
      : rng.weighted([
          ['VALID', 90],
          ['EXPIRED', 7],
          ['SUSPENDED', 3],
        ] as const);
    const orgMember = organisation
      ? organisation.active && organisation.agreementValid && organisation.tier !== 'NONE'
      : individualTier !== null && individualTier !== 'NONE';
    const person: BenchPerson = {
      index: persons.length,
      id: rng.uuid(),
      organisation,
      individualTier,
      roles,
      active,
      pledgeValid,
      clearance,
      member: orgMember && pledgeValid,
      cleared: clearance === 'VALID' && (organisation === null || organisation.facilityValid),
    };
    persons.push(person);
    return person;
  };
  const secretariat = scaled(25, 3, scale.factor);
  for (let i = 0; i < secretariat; i++) addPerson(null, ['SECRETARIAT'], null, 0.5, i === 0 ? 1 : 0.96);
  for (let i = 0; i < scaled(5, 1, scale.factor); i++) addPerson(null, ['AUDITOR'], null, 0);
  for (let i = 0; i < scaled(400, 3, scale.factor); i++) {
    addPerson(
      null,
      [],
      rng.weighted([
        ['CLASS_2', 2],
        ['GENERAL', 7],
        ['CLASS_1', 1],
      ] as const),
      0.1,
    );
  }
  for (let i = 0; i < scaled(70, 1, scale.factor); i++) addPerson(null, [], null, 0.05);

  const clearanceChanceIn = (o: BenchOrganisation) => (o.facilityValid ? 0.35 : o.tier === 'CLASS_1' ? 0.1 : 0.05);
  const staffOf = new Map<BenchOrganisation, BenchPerson[]>();
  for (const o of organisations) {
    const admin = addPerson(o, rng.chance(0.4) ? ['ORG_ADMIN', 'CISO'] : ['ORG_ADMIN'], null, clearanceChanceIn(o));
    staffOf.set(o, [admin]);
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const o of organisations) {
    total += CATEGORIES.find((c) => c.category === o.category)!.staff;
    cumulative.push(total);
  }
  while (persons.length < scale.persons) {
    const r = rng.next() * total;
    let lo = 0,
      hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const o = organisations[lo];
    const staff = staffOf.get(o)!;
    const hasCiso = staff.some((p) => p.roles.includes('CISO'));
    const roles = !hasCiso && rng.chance(0.7) ? ['CISO'] : rng.chance(0.35) ? ['ANALYST'] : [];
    staff.push(addPerson(o, roles, null, clearanceChanceIn(o)));
  }

  const readers = chooseReaders(persons);
  return { scale, seed, organisations, persons, readers, redMentions: new Map() };
}

const plainMember = (p: BenchPerson) =>
  p.active &&
  p.member &&
  p.organisation !== null &&
  p.organisation.active &&
  !p.roles.includes('AUDITOR') &&
  !p.roles.includes('SECRETARIAT');

/**
 * The reader classes of BENCHMARKS.md, chosen by rule (the first person in generation order who
 * fits), so that every run at a scale measures the same people. The person named on RED items is
 * the first of the RED circle, who is named most often (redCircle).
 */
function chooseReaders(persons: BenchPerson[]): BenchReaders {
  const first = (what: string, test: (p: BenchPerson) => boolean) => {
    const found = persons.find(test);
    if (!found) throw new Error(`the data set has no ${what}`);
    return found.id;
  };
  return {
    typicalMember: first(
      'typical member',
      (p) =>
        plainMember(p) &&
        !p.cleared &&
        p.organisation!.category === 'ci' &&
        p.organisation!.tier === 'CLASS_2' &&
        p.organisation!.prefecture !== null &&
        p.roles.length === 0,
    ),
    clearedMember: first(
      'cleared member',
      (p) =>
        plainMember(p) &&
        p.cleared &&
        p.organisation!.category === 'ci' &&
        p.organisation!.tier === 'CLASS_1' &&
        !p.roles.includes('ORG_ADMIN'),
    ),
    secretariat: first('secretariat person', (p) => p.active && p.roles.includes('SECRETARIAT') && p.pledgeValid),
    nonMemberMunicipality: first(
      'non-member municipality',
      (p) =>
        p.active &&
        p.organisation !== null &&
        p.organisation.active &&
        p.organisation.category === 'municipality' &&
        p.organisation.tier === 'NONE' &&
        !p.roles.includes('ORG_ADMIN'),
    ),
    namedOnRed: redCircle(persons)[0].id,
  };
}

/** The few people that RED advisories name: CISOs of CLASS_1 organisations, most often the first. */
function redCircle(persons: BenchPerson[]): BenchPerson[] {
  const size = Math.max(5, Math.round(60 * (persons.length / 50_000)));
  const circle = persons.filter((p) => plainMember(p) && p.roles.includes('CISO') && p.organisation!.tier === 'CLASS_1').slice(0, size);
  if (circle.length === 0) throw new Error('the data set has no CISO of a CLASS_1 organisation');
  return circle;
}

export function organisationLine(o: BenchOrganisation, rng: Prng): string {
  const created = ANCHOR - SPAN - rng.int(1, 365) * DAY;
  const agreement = o.tier === 'NONE' ? null : o.agreementValid ? ANCHOR + rng.int(365, 5 * 365) * DAY : ANCHOR - rng.int(1, 365) * DAY;
  const facility = o.facilityValid
    ? ANCHOR + rng.int(365, 5 * 365) * DAY
    : o.tier === 'CLASS_1' && rng.chance(0.1)
      ? ANCHOR - rng.int(1, 365) * DAY
      : null;
  const name = o.municipality
    ? `${regions.municipalities.find((m) => m.code === o.municipality)!.name}`
    : o.category === 'prefecture'
      ? regions.prefectures.find((p) => p.code === o.prefecture)!.name
      : `${o.kind.toLowerCase().replace(/_/g, ' ')} ${o.index}`;
  return [
    o.id,
    name,
    o.kind,
    o.tier,
    arr(o.sectors),
    o.prefecture ?? N,
    o.municipality ?? N,
    bool(o.foreign),
    bool(o.active),
    agreement === null ? N : iso(agreement),
    facility === null ? N : iso(facility),
    iso(created),
    iso(created),
  ].join('\t');
}

export function personLine(p: BenchPerson, rng: Prng): string {
  const created = ANCHOR - SPAN - rng.int(1, 365) * DAY;
  const pledge = p.pledgeValid ? ANCHOR + rng.int(365, 5 * 365) * DAY : rng.chance(0.7) ? ANCHOR - rng.int(1, 365) * DAY : null;
  const clearanceExpires =
    p.clearance === 'NONE' ? null : p.clearance === 'EXPIRED' ? ANCHOR - rng.int(1, 365) * DAY : ANCHOR + rng.int(365, 5 * 365) * DAY;
  return [
    p.id,
    `person${p.index}@bench.example`,
    `Person ${p.index}`,
    p.organisation?.id ?? N,
    p.individualTier ?? N,
    arr(p.roles),
    bool(p.active),
    pledge === null ? N : iso(pledge),
    p.clearance === 'NONE' ? 'NONE' : 'IESI',
    clearanceExpires === null ? N : iso(clearanceExpires),
    bool(p.clearance === 'SUSPENDED'),
    iso(created),
    iso(created),
  ].join('\t');
}

/**
 * The advisories, oldest first, as COPY lines in batches of `batch`. Authors are members (IESI
 * views only by cleared authors), audiences obey the writing rules the database checks (RED names
 * people, AMBER_STRICT names organisations, tear lines no higher than the full view).
 */
export function* advisoryBatches(council: Council, batch = 5_000): Generator<string> {
  const rng = new Prng(`${council.seed}/${council.scale.name}/advisories`);
  const count = council.scale.advisories;
  const authorsBy = new Map<Category | 'individual', BenchPerson[]>();
  const clearedBy = new Map<Category | 'individual', BenchPerson[]>();
  for (const p of council.persons) {
    if (!p.active || !p.member) continue;
    const key = p.organisation?.category ?? 'individual';
    if (!authorsBy.has(key)) authorsBy.set(key, []);
    authorsBy.get(key)!.push(p);
    if (p.cleared) {
      if (!clearedBy.has(key)) clearedBy.set(key, []);
      clearedBy.get(key)!.push(p);
    }
  }
  const allCleared = [...clearedBy.values()].flat();
  const authorMix: Array<readonly [Category | 'individual', number]> = CATEGORIES.filter((c) => authorsBy.has(c.category)).map(
    (c) => [c.category, c.authors] as const,
  );
  if (authorsBy.has('individual')) authorMix.push(['individual', 1]);
  const circle = redCircle(council.persons);
  // Zipf-like: the first of the circle is named most often.
  const circleWeights = circle.map((p, i) => [p, 1 / (i + 1)] as const);
  const orgsBySector = new Map<string, BenchOrganisation[]>();
  for (const o of council.organisations) {
    for (const s of o.sectors) {
      if (!orgsBySector.has(s)) orgsBySector.set(s, []);
      orgsBySector.get(s)!.push(o);
    }
  }
  const lgs = localGovernments();
  const start = ANCHOR - SPAN;
  const step = SPAN / count;

  let lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.round(start + i * step + rng.next() * step);
    const status = rng.weighted(STATUSES);
    const severity = rng.weighted(SEVERITIES);
    let classification = rng.weighted(CLASSIFICATIONS);
    const category = rng.weighted(authorMix);
    let author: BenchPerson;
    if (classification === 'IESI') {
      const pool = clearedBy.get(category) ?? allCleared;
      author = rng.pick(pool.length ? pool : allCleared);
    } else {
      author = rng.pick(authorsBy.get(category)!);
    }
    if (!author.cleared && classification === 'IESI') classification = 'COUNCIL_CONFIDENTIAL';
    const org = author.organisation;
    const tlp = rng.weighted(TLP_BY_CLASSIFICATION[classification]);

    // Tear line: mostly to release confidential content at a lower level.
    const hasTearLine = rng.chance(classification === 'UNCLASSIFIED' ? 0.05 : 0.4);
    let tlClassification: string | null = null;
    let tlTlp: string | null = null;
    let release = false;
    if (hasTearLine) {
      const maxLevel = LEVEL_ORDER.indexOf(classification);
      tlClassification = maxLevel === 0 ? 'UNCLASSIFIED' : rng.chance(0.8) ? 'UNCLASSIFIED' : LEVEL_ORDER[Math.min(1, maxLevel)];
      const drawn = rng.weighted([
        ['CLEAR', 25],
        ['GREEN', 55],
        ['AMBER', 20],
      ] as const);
      tlTlp = TLP_ORDER[Math.min(TLP_ORDER.indexOf(drawn), TLP_ORDER.indexOf(tlp))];
      release = tlClassification === 'UNCLASSIFIED' && TLP_ORDER.indexOf(tlTlp) <= 1 && rng.chance(0.4);
    }

    // Audience.
    const tiers = rng.weighted(AUDIENCE_TIERS);
    const sectorRoll = rng.next();
    const sectors =
      sectorRoll < 0.62
        ? []
        : sectorRoll < 0.92
          ? [org?.sectors[0] ?? rng.weighted(SECTOR_WEIGHTS)]
          : [...new Set(Array.from({ length: rng.int(2, 3) }, () => rng.weighted(SECTOR_WEIGHTS)))];
    let regionsOf: string[] = [];
    if (rng.chance(0.12)) {
      const home = org?.prefecture ?? seatPrefecture(rng);
      const kind = rng.next();
      if (kind < 0.6) regionsOf = [home];
      else if (kind < 0.85) {
        const inHome = lgs.filter((m) => m.code.startsWith(home));
        regionsOf = rng.sample(inHome.length ? inHome : lgs, rng.int(1, 3)).map((m) => m.code);
      } else regionsOf = [...new Set([home, ...Array.from({ length: rng.int(1, 3) }, () => seatPrefecture(rng))])];
    }
    const municipalityPrefectures = [...new Set(regionsOf.filter((r) => r.length === 5).map((r) => r.slice(0, 2)))];
    const amberStrict = tlp === 'AMBER_STRICT' || tlTlp === 'AMBER_STRICT';
    let organisationIds: string[] = [];
    if (amberStrict || rng.chance(0.02)) {
      const peers = orgsBySector.get(org?.sectors[0] ?? rng.pick(SECTORS)) ?? council.organisations;
      organisationIds = [...new Set([...(org ? [org.id] : []), ...rng.sample(peers, rng.int(1, 4)).map((o) => o.id)])];
    }
    const red = tlp === 'RED' || tlTlp === 'RED';
    let personIds: string[] = [];
    if (red || rng.chance(0.005)) {
      const named = new Set<BenchPerson>();
      const howMany = rng.int(1, 4);
      while (named.size < Math.min(howMany, circle.length)) named.add(rng.weighted(circleWeights));
      personIds = [...named].map((p) => p.id);
      if (red) for (const id of personIds) council.redMentions.set(id, (council.redMentions.get(id) ?? 0) + 1);
    }
    const noForeign = rng.chance(0.15);

    // Lifecycle times: sort_at is the publication time, else the last update.
    const published = status === 'PUBLISHED' || status === 'WITHDRAWN';
    const created = t - rng.int(1, 48) * HOUR;
    const submitted = status === 'DRAFT' ? null : t - rng.int(1, 60) * 60_000;
    const withdrawn = status === 'WITHDRAWN' ? t + rng.int(1, 30) * DAY : null;
    const updated = withdrawn ?? t;
    const sortAt = published ? t : updated;

    // Content.
    const vendor = rng.pick(VENDORS);
    const product = rng.pick(PRODUCTS);
    const weakness = rng.pick(WEAKNESSES);
    const cve = `CVE-${new Date(t).getUTCFullYear()}-${rng.int(1000, 59999)}`;
    const japanese = rng.chance(0.15);
    const title = japanese
      ? `${rng.pick(JA_TOPICS)}${rng.pick(JA_PHRASES)} (${cve})`
      : rng.chance(0.3)
        ? `Ongoing ${rng.pick(CAMPAIGNS)}`
        : `${vendor} ${product} ${weakness} (${cve})`;
    const summary = `${vendor} ${product}: ${weakness} allows an unauthenticated attacker to compromise the device. ${rng.pick(SUMMARY_TAILS)}`;
    const body =
      `Affected: ${vendor} ${product} versions before ${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}. ` +
      `${rng.pick(SUMMARY_TAILS)} ${rng.pick(SUMMARY_TAILS)} ` +
      `Detection: look for unusual requests to the management interface and new administrative accounts created outside change windows. ` +
      `The secretariat tracks this as case ${i}. ${rng.pick(SUMMARY_TAILS)}`;
    const actions = rng.sample(ACTIONS, rng.int(1, 3));
    const indicators = Array.from({ length: rng.int(0, 5) }, () =>
      rng.chance(0.5)
        ? `203.0.113.${rng.int(1, 254)}`
        : rng.uint32().toString(16).padStart(8, '0') +
          rng.uint32().toString(16).padStart(8, '0') +
          rng.uint32().toString(16).padStart(8, '0') +
          rng.uint32().toString(16).padStart(8, '0'),
    );

    lines.push(
      [
        rng.uuid(),
        status,
        severity,
        org?.id ?? N,
        author.id,
        bool(rng.chance(0.7)),
        String(rng.chance(0.1) ? rng.int(2, 3) : 1),
        classification,
        tlp,
        title,
        summary,
        body,
        arr(actions),
        arr(indicators),
        bool(hasTearLine),
        tlClassification ?? N,
        tlTlp ?? N,
        hasTearLine ? `Releasable: ${vendor} ${product} ${weakness}` : N,
        hasTearLine ? `A ${weakness} in ${vendor} ${product} is being exploited. ${rng.pick(ACTIONS)}.` : N,
        hasTearLine ? arr(actions.slice(0, 1)) : N,
        bool(release),
        arr(tiers),
        arr(sectors),
        arr(regionsOf),
        arr(municipalityPrefectures),
        arr(organisationIds),
        arr(personIds),
        bool(noForeign),
        status === 'REJECTED' ? 'Insufficient sourcing' : N,
        status === 'WITHDRAWN' ? 'Superseded by a corrected advisory' : N,
        submitted === null ? N : iso(submitted),
        published ? iso(t) : N,
        withdrawn === null ? N : iso(withdrawn),
        iso(created),
        iso(updated),
        iso(sortAt),
      ].join('\t'),
    );
    if (lines.length >= batch) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}
