// The demo council of `npm run dev` (RUNNING.md): run once per database with DATABASE_URL set.
// Prints the demo accounts. Compiled with the app (dist/scripts/seed-demo.js).
import 'reflect-metadata';
import { Algorithm, hash } from '@node-rs/argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { AdvisoryEntity } from '@app/advisories/entities/advisory.entity';
import { municipalityPrefectures } from '@app/advisories/lifecycle/advisory-content';
import { AuditLogService } from '@app/audit/audit-log.service';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { dataSourceOptions } from '@app/database-entities/data-source-options';
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
} from '@app/platform/vocabulary';

const PASSWORD = process.env.COUNCIL_DEMO_PASSWORD ?? 'council-demo-2026';
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

type OrgSeed = Partial<OrganisationEntity> & { key: string; name: string };
type PersonSeed = {
  email: string;
  displayName: string;
  org?: string;
  roles?: Role[];
  cleared?: boolean;
  pledge?: boolean;
  individualTier?: MembershipTier;
  note: string;
};

const ORGANISATIONS: OrgSeed[] = [
  {
    key: 'power',
    name: '東京電力デモ株式会社 (Tokyo Power Demo)',
    kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
    tier: MembershipTier.CLASS_1,
    sectors: [Sector.ELECTRICITY],
    prefecture: '13',
    facilityClearanceExpiresAt: inDays(365),
  },
  {
    key: 'bank',
    name: '大阪デモ銀行 (Osaka Demo Bank)',
    kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
    tier: MembershipTier.CLASS_2,
    sectors: [Sector.FINANCE, Sector.CREDIT_CARD],
    prefecture: '27',
  },
  {
    key: 'vendor',
    name: 'デモセキュリティ株式会社 (Demo Security KK)',
    kind: OrganisationKind.SECURITY_VENDOR,
    tier: MembershipTier.CLASS_1,
    sectors: [Sector.INFORMATION_COMMUNICATION],
    prefecture: '13',
    facilityClearanceExpiresAt: inDays(365),
  },
  {
    key: 'kanagawa',
    name: '神奈川県 (Kanagawa Prefecture)',
    kind: OrganisationKind.LOCAL_GOVERNMENT,
    tier: MembershipTier.GENERAL,
    sectors: [Sector.GOVERNMENT_SERVICES],
    prefecture: '14',
  },
  {
    key: 'yokohama',
    name: '横浜市 (City of Yokohama, non-member)',
    kind: OrganisationKind.LOCAL_GOVERNMENT,
    tier: MembershipTier.NONE,
    sectors: [Sector.GOVERNMENT_SERVICES],
    prefecture: '14',
    municipality: '14100',
    agreementExpiresAt: null,
  },
  {
    key: 'cloud',
    name: 'Global Cloud Inc. (foreign)',
    kind: OrganisationKind.CLOUD_PROVIDER,
    tier: MembershipTier.CLASS_2,
    sectors: [Sector.INFORMATION_COMMUNICATION],
    prefecture: null,
    foreign: true,
  },
];

const PEOPLE: PersonSeed[] = [
  {
    email: 'secretariat@demo.council.jp',
    displayName: '事務局 佐藤',
    roles: [Role.SECRETARIAT],
    cleared: true,
    note: 'secretariat, IESI-cleared',
  },
  {
    email: 'moderator@demo.council.jp',
    displayName: '事務局 鈴木',
    roles: [Role.SECRETARIAT],
    note: 'secretariat, uncleared (METADATA_ONLY for IESI)',
  },
  { email: 'auditor@demo.council.jp', displayName: '監査 高橋', roles: [Role.AUDITOR], note: 'auditor: reads the logs, no advisories' },
  {
    email: 'ciso@power.demo.jp',
    displayName: '田中 CISO',
    org: 'power',
    roles: [Role.ORG_ADMIN, Role.CISO],
    cleared: true,
    note: 'CLASS_1 electricity, Tokyo, cleared org admin',
  },
  {
    email: 'analyst@power.demo.jp',
    displayName: '伊藤 analyst',
    org: 'power',
    roles: [Role.ANALYST],
    note: 'CLASS_1 electricity, uncleared (tear lines of IESI items)',
  },
  { email: 'ciso@bank.demo.jp', displayName: '渡辺 CISO', org: 'bank', roles: [Role.ORG_ADMIN, Role.CISO], note: 'CLASS_2 finance, Osaka' },
  {
    email: 'analyst@vendor.demo.jp',
    displayName: '山本 analyst',
    org: 'vendor',
    roles: [Role.ANALYST],
    cleared: true,
    note: 'CLASS_1 security vendor, cleared',
  },
  {
    email: 'ciso@kanagawa.demo.jp',
    displayName: '中村 CISO',
    org: 'kanagawa',
    roles: [Role.CISO],
    note: 'member prefecture (GENERAL), sees items aimed at its municipalities',
  },
  {
    email: 'staff@yokohama.demo.jp',
    displayName: '小林 staff',
    org: 'yokohama',
    roles: [],
    pledge: false,
    note: 'non-member municipality: released tear lines only',
  },
  {
    email: 'ciso@cloud.demo.com',
    displayName: 'Alex CISO',
    org: 'cloud',
    roles: [Role.CISO],
    note: 'foreign CLASS_2 cloud provider (NO_FOREIGN items hidden)',
  },
  {
    email: 'expert@demo.jp',
    displayName: '加藤 (individual member)',
    individualTier: MembershipTier.CLASS_2,
    roles: [],
    note: 'individual CLASS_2 member, no organisation',
  },
];

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), logging: false });
  await dataSource.initialize();
  try {
    const audit = new AuditLogService(dataSource, new Clock());
    await dataSource.transaction(async (manager) => {
      const existing = await manager.count(OrganisationEntity);
      if (existing > 0) throw new Error('the database already has organisations: the demo seed runs on an empty council only');
      const orgs = await seedOrganisations(manager, audit);
      const people = await seedPeople(manager, audit, orgs);
      await seedAdvisories(manager, orgs, people);
    });
    printAccounts();
  } finally {
    await dataSource.destroy();
  }
}

async function seedOrganisations(manager: EntityManager, audit: AuditLogService): Promise<Map<string, OrganisationEntity>> {
  const orgs = new Map<string, OrganisationEntity>();
  for (const { key, ...fields } of ORGANISATIONS) {
    const org = await manager.save(
      manager.create(OrganisationEntity, {
        sectors: [],
        foreign: false,
        active: true,
        agreementExpiresAt: inDays(365),
        municipality: null,
        facilityClearanceExpiresAt: null,
        ...fields,
      }),
    );
    await audit.append(manager, {
      actorId: null,
      action: 'organisation.created',
      subjectType: 'Organisation',
      subjectId: org.id,
      after: { ...org, note: 'demo seed' },
    });
    orgs.set(key, org);
  }
  return orgs;
}

async function seedPeople(
  manager: EntityManager,
  audit: AuditLogService,
  orgs: Map<string, OrganisationEntity>,
): Promise<Map<string, PersonEntity>> {
  const passwordHash = await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const people = new Map<string, PersonEntity>();
  for (const seed of PEOPLE) {
    const person = await manager.save(
      manager.create(PersonEntity, {
        email: seed.email,
        displayName: seed.displayName,
        organisationId: seed.org ? orgs.get(seed.org)!.id : null,
        individualTier: seed.individualTier ?? null,
        roles: seed.roles ?? [],
        active: true,
        pledgeExpiresAt: seed.pledge === false ? null : inDays(365),
        clearanceLevel: seed.cleared ? ClearanceLevel.IESI : ClearanceLevel.NONE,
        clearanceExpiresAt: seed.cleared ? inDays(730) : null,
        clearanceSuspended: false,
        passwordHash,
      }),
    );
    await audit.append(manager, {
      actorId: null,
      action: 'person.created',
      subjectType: 'Person',
      subjectId: person.id,
      after: { email: person.email, roles: person.roles, note: 'demo seed' },
    });
    people.set(seed.email, person);
  }
  return people;
}

async function seedAdvisories(
  manager: EntityManager,
  orgs: Map<string, OrganisationEntity>,
  people: Map<string, PersonEntity>,
): Promise<void> {
  const author = (email: string) => {
    const person = people.get(email)!;
    return { authorId: person.id, originatorOrgId: person.organisationId };
  };
  const base = Date.now() - 12 * 3_600_000;
  let index = 0;
  const advisory = async (fields: Partial<AdvisoryEntity>) => {
    const at = new Date(base + index++ * 3_600_000);
    const status = fields.status ?? AdvisoryStatus.PUBLISHED;
    const published = status === AdvisoryStatus.PUBLISHED || status === AdvisoryStatus.WITHDRAWN;
    const regions = fields.audienceRegions ?? [];
    await manager.save(
      manager.create(AdvisoryEntity, {
        status,
        severity: Severity.MEDIUM,
        attributed: true,
        version: 1,
        fullBody: null,
        fullRecommendedActions: [],
        fullIndicators: [],
        hasTearLine: false,
        tearLineReleaseToNonMemberLocalGovernments: false,
        audienceTiers: [],
        audienceSectors: [],
        audienceOrganisationIds: [],
        audiencePersonIds: [],
        audienceNoForeign: false,
        ...fields,
        audienceRegions: regions,
        audienceMunicipalityPrefectures: municipalityPrefectures(regions),
        submittedAt: status === AdvisoryStatus.DRAFT ? null : at,
        publishedAt: published ? at : null,
        updatedAt: at,
        sortAt: at,
      } as Partial<AdvisoryEntity>),
    );
  };

  await advisory({
    ...author('analyst@vendor.demo.jp'),
    severity: Severity.HIGH,
    fullClassification: Classification.UNCLASSIFIED,
    fullTlp: Tlp.CLEAR,
    fullTitle: 'VPN装置の脆弱性 (CVE-2026-0001) の悪用を確認 / Exploitation of a VPN appliance vulnerability',
    fullSummary:
      '公開済みの脆弱性を悪用した侵入が国内で確認されています。Intrusions exploiting a published VPN vulnerability were observed in Japan.',
    fullBody: 'Affected versions, detection guidance and the vendor advisory are linked below.',
    fullRecommendedActions: ['修正版を適用する / Apply the fixed version', '認証ログを確認する / Review authentication logs'],
    fullIndicators: ['203.0.113.10', 'vpn-update.example.net'],
  });
  await advisory({
    ...author('ciso@bank.demo.jp'),
    severity: Severity.HIGH,
    fullClassification: Classification.COUNCIL_CONFIDENTIAL,
    fullTlp: Tlp.AMBER,
    fullTitle: 'インターネットバンキングを狙うフィッシングキャンペーン / Phishing campaign against online banking',
    fullSummary: '金融機関を装うSMSが増加。Smishing impersonating banks is rising.',
    fullBody: 'Sender numbers, landing pages and the kit fingerprint.',
    fullRecommendedActions: ['Block the listed domains'],
    fullIndicators: ['bank-login.example.org'],
    audienceSectors: [Sector.FINANCE, Sector.CREDIT_CARD],
    hasTearLine: true,
    tearLineClassification: Classification.UNCLASSIFIED,
    tearLineTlp: Tlp.GREEN,
    tearLineTitle: '金融機関を装うSMSに注意 / Beware of SMS impersonating banks',
    tearLineSummary: 'Sanitised summary for all members and local governments.',
    tearLineRecommendedActions: ['住民への注意喚起 / Warn residents'],
    tearLineReleaseToNonMemberLocalGovernments: true,
  });
  await advisory({
    ...author('ciso@power.demo.jp'),
    severity: Severity.CRITICAL,
    attributed: false,
    fullClassification: Classification.IESI,
    fullTlp: Tlp.AMBER,
    fullTitle: '電力制御系への国家支援型攻撃の兆候 (IESI) / State-sponsored activity against grid control systems',
    fullSummary: 'Important economic security information: cleared readers only.',
    fullBody: 'Actor attribution, targeted substations and the implant hashes.',
    fullRecommendedActions: ['Isolate engineering workstations', 'Hunt for the listed hashes'],
    fullIndicators: ['sha256:4f1c0000000000000000000000000000000000000000000000000000000000aa'],
    audienceTiers: [MembershipTier.CLASS_1, MembershipTier.CLASS_2],
    audienceNoForeign: true,
    hasTearLine: true,
    tearLineClassification: Classification.COUNCIL_CONFIDENTIAL,
    tearLineTlp: Tlp.AMBER,
    tearLineTitle: '制御系ネットワークの監視強化を推奨 / Strengthen monitoring of control networks',
    tearLineSummary: 'A releasable tear line for uncleared members.',
    tearLineRecommendedActions: ['Review remote access to OT networks'],
  });
  await advisory({
    ...author('ciso@kanagawa.demo.jp'),
    severity: Severity.MEDIUM,
    fullClassification: Classification.UNCLASSIFIED,
    fullTlp: Tlp.GREEN,
    fullTitle: '横浜市内の医療機関を狙うランサムウェア / Ransomware against hospitals in Yokohama',
    fullSummary: 'Regional advisory for Kanagawa and the City of Yokohama.',
    fullBody: 'Initial access through an unpatched remote desktop gateway.',
    fullRecommendedActions: ['Disable exposed RDP'],
    audienceRegions: ['14100'],
    hasTearLine: true,
    tearLineClassification: Classification.UNCLASSIFIED,
    tearLineTlp: Tlp.GREEN,
    tearLineTitle: '医療機関へのランサムウェア注意喚起 / Ransomware warning for hospitals',
    tearLineSummary: 'For local governments in the region.',
    tearLineRecommendedActions: ['Forward to municipal hospitals'],
    tearLineReleaseToNonMemberLocalGovernments: true,
  });
  await advisory({
    ...author('analyst@vendor.demo.jp'),
    severity: Severity.HIGH,
    fullClassification: Classification.COUNCIL_CONFIDENTIAL,
    fullTlp: Tlp.RED,
    fullTitle: 'TLP:RED — 特定事業者への標的型攻撃 / Targeted intrusion at a named operator',
    fullSummary: 'Named recipients only.',
    fullBody: 'Details for the named CISOs.',
    audiencePersonIds: [people.get('ciso@power.demo.jp')!.id, people.get('ciso@bank.demo.jp')!.id],
  });
  await advisory({
    ...author('analyst@power.demo.jp'),
    status: AdvisoryStatus.PENDING_REVIEW,
    severity: Severity.LOW,
    fullClassification: Classification.UNCLASSIFIED,
    fullTlp: Tlp.GREEN,
    fullTitle: '審査待ち: 不審なスキャンの増加 / Pending review: rise in scanning',
    fullSummary: 'Waiting for the secretariat to approve.',
  });
  await advisory({
    ...author('analyst@power.demo.jp'),
    status: AdvisoryStatus.DRAFT,
    severity: Severity.INFO,
    fullClassification: Classification.UNCLASSIFIED,
    fullTlp: Tlp.CLEAR,
    fullTitle: '下書き / Draft note',
    fullSummary: 'Only its author and the org admins of Tokyo Power Demo see this.',
  });
  void orgs;
}

function printAccounts(): void {
  console.log(`\nDemo council accounts (password for all: ${PASSWORD}):`);
  for (const person of PEOPLE) console.log(`  ${person.email.padEnd(30)} ${person.note}`);
}

main().catch((error: unknown) => {
  console.error('demo seed failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
