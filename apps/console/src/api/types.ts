/** The GraphQL types the console reads (apps/api/schema.graphql), as plain TypeScript. */
export type AccessLevel = 'FULL' | 'TEAR_LINE' | 'METADATA_ONLY';
export type Classification = 'UNCLASSIFIED' | 'COUNCIL_CONFIDENTIAL' | 'IESI';
export type Tlp = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER_STRICT' | 'RED';
export type Severity = 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AdvisoryStatus = 'DRAFT' | 'PENDING_REVIEW' | 'PUBLISHED' | 'REJECTED' | 'WITHDRAWN';
export type MembershipTier = 'CLASS_1' | 'CLASS_2' | 'GENERAL' | 'NONE';
export type Role = 'SECRETARIAT' | 'ORG_ADMIN' | 'CISO' | 'ANALYST' | 'AUDITOR';
export type AlertChannelKind = 'IN_APP' | 'WEBHOOK' | 'EMAIL';
export type ClearanceLevel = 'NONE' | 'IESI';
export type OrganisationKind =
  | 'ACADEMIC'
  | 'CLOUD_PROVIDER'
  | 'CRITICAL_INFRASTRUCTURE'
  | 'GOVERNMENT_AGENCY'
  | 'INDUSTRY_ASSOCIATION'
  | 'LOCAL_GOVERNMENT'
  | 'OTHER'
  | 'SECURITY_VENDOR'
  | 'SYSTEM_INTEGRATOR';

export const SECTORS = [
  'INFORMATION_COMMUNICATION',
  'FINANCE',
  'AVIATION',
  'AIRPORT',
  'RAILWAY',
  'ELECTRICITY',
  'GAS',
  'GOVERNMENT_SERVICES',
  'MEDICAL',
  'WATER',
  'LOGISTICS',
  'CHEMICAL',
  'CREDIT_CARD',
  'PETROLEUM',
  'PORT',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
export const CLASSIFICATIONS: Classification[] = ['UNCLASSIFIED', 'COUNCIL_CONFIDENTIAL', 'IESI'];
export const TLPS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];
export const MEMBER_TIERS: MembershipTier[] = ['CLASS_1', 'CLASS_2', 'GENERAL'];
export const ROLES: Role[] = ['SECRETARIAT', 'ORG_ADMIN', 'CISO', 'ANALYST', 'AUDITOR'];
export const ORGANISATION_KINDS: OrganisationKind[] = [
  'CRITICAL_INFRASTRUCTURE',
  'LOCAL_GOVERNMENT',
  'GOVERNMENT_AGENCY',
  'SECURITY_VENDOR',
  'CLOUD_PROVIDER',
  'SYSTEM_INTEGRATOR',
  'INDUSTRY_ASSOCIATION',
  'ACADEMIC',
  'OTHER',
];

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  tier: MembershipTier;
  sectors: Sector[];
  prefecture: string | null;
  municipality: string | null;
  foreign: boolean;
  active: boolean;
  agreementExpiresAt: string | null;
  facilityClearanceExpiresAt: string | null;
}

export interface Person {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  active: boolean;
  individualTier: MembershipTier | null;
  pledgeExpiresAt: string | null;
  clearance: { level: ClearanceLevel; expiresAt: string | null; suspended: boolean };
  organisation: Organisation | null;
}

export interface ClearanceGrantRequest {
  id: string;
  level: ClearanceLevel;
  expiresAt: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  requestedAt: string;
  /** Whether the signed-in person may approve it; approvalRefusal says why not (in English, from the API). */
  mayApprove: boolean;
  approvalRefusal: string | null;
  person: Pick<Person, 'id' | 'displayName' | 'email'>;
  requestedBy: Pick<Person, 'id' | 'displayName'>;
}

export type InvitationDelivery = 'SHOWN' | 'EMAILED' | 'EMAIL_NOT_CONFIGURED' | 'EMAIL_FAILED';

export interface Audience {
  tiers: MembershipTier[];
  sectors: Sector[];
  regions: string[];
  organisationIds: string[];
  personIds: string[];
  noForeign: boolean;
}

export interface Advisory {
  id: string;
  access: AccessLevel;
  status: AdvisoryStatus;
  severity: Severity;
  version: number;
  classification: Classification;
  tlp: Tlp;
  title: string | null;
  summary: string | null;
  body: string | null;
  recommendedActions: string[] | null;
  indicators: string[] | null;
  publishedAt: string | null;
  updatedAt: string;
  rejectionReason: string | null;
  withdrawalReason: string | null;
  originator: { id: string; name: string } | null;
  audience: Audience | null;
}

export interface Alert {
  id: string;
  severity: Severity;
  createdAt: string;
  acknowledgedAt: string | null;
  escalation: boolean;
  escalatedAt: string | null;
  advisory: Pick<Advisory, 'id' | 'title' | 'access' | 'classification' | 'tlp' | 'recommendedActions'> | null;
}

export interface AlertChannel {
  id: string;
  kind: AlertChannelKind;
  target: string | null;
  minSeverity: Severity;
  sectors: Sector[];
  regions: string[];
  digest: boolean;
  enabled: boolean;
  /** False for an EMAIL channel until its address is confirmed through the mailed link. */
  verified: boolean;
}

export interface AlertDelivery {
  id: string;
  advisoryId: string;
  alertId: string;
  personId: string;
  channelKind: AlertChannelKind;
  target: string | null;
  severity: Severity;
  status: 'PENDING' | 'DIGEST' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface FeedToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AccessCounts {
  full: number;
  tearLine: number;
  metadataOnly: number;
  none: number;
}

export interface AccessReport {
  advisoryId: string;
  counts: AccessCounts;
  organisations: Array<{
    organisation: Pick<Organisation, 'id' | 'name'> | null;
    counts: AccessCounts;
    people: Array<{ person: Pick<Person, 'id' | 'displayName' | 'email'>; access: AccessLevel | null; reasons: string[] }>;
  }>;
}

export interface WideningProposal {
  id: string;
  advisoryId: string;
  baseVersion: number;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED';
  note: string | null;
  proposedAt: string;
  decidedAt: string | null;
  stale: boolean;
  widens: string[];
}

export interface AuditLogEntry {
  id: string;
  action: string;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  occurredAt: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
  prevHash: string;
}

export interface AccessLogEntry {
  id: string;
  advisoryId: string;
  advisoryVersion: number;
  classification: Classification;
  personId: string;
  occurredAt: string;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

export const INCIDENT_TYPES = [
  'RANSOMWARE',
  'INTRUSION',
  'MALWARE',
  'PHISHING',
  'DDOS',
  'DATA_BREACH',
  'VULNERABILITY_EXPLOITATION',
  'OTHER',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export type IncidentStage = 'FIRST' | 'FOLLOW_UP' | 'FINAL';

export interface IncidentReport {
  id: string;
  incidentId: string;
  stage: IncidentStage;
  sequence: number;
  incidentType: IncidentType | null;
  severity: Severity | null;
  affectedService: string;
  whatWasSeen: string;
  submittedAt: string;
  organisationId: string | null;
  followUp: IncidentFollowUp | null;
  incident: { status: 'OPEN' | 'CLOSED'; openedAt: string; closedAt: string | null };
  deliveries: IncidentDelivery[];
  feedback: Array<{ id: string; authorName: string; body: string; createdAt: string; fromSecretariat: boolean }>;
}

export interface OverdueIncidentReport {
  reportId: string;
  incidentId: string;
  incidentType: IncidentType | null;
  organisationName: string | null;
  dueAt: string;
  submittedAt: string;
  reminderStatus: ReminderStatus | null;
  remindedAt?: string | null;
}

export interface FailedIncidentDelivery {
  id: string;
  incidentId: string;
  stage: IncidentStage;
  authorityNameJa: string;
  authorityNameEn: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export type ReminderStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

export interface IncidentFollowUp {
  dueAt: string;
  overdue: boolean;
  followedUp: boolean;
  reminderStatus?: ReminderStatus | null;
  remindedAt?: string | null;
}

export const AUTHORITY_KINDS = ['NCO', 'SECTOR_MINISTRY', 'POLICE', 'DATA_PROTECTION', 'OTHER'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];
export type RoutingReason = 'RULE' | 'PERMITTED' | 'EARLIER_REPORT';
export const INCIDENT_PURPOSES = ['DAMAGE_PREVENTION', 'ANALYSIS', 'STATISTICS', 'SHARING_AFTER_SANITISING'] as const;
export type IncidentPurpose = (typeof INCIDENT_PURPOSES)[number];

/** One report to one reporting authority (the reporter's side sees no addresses). */
export interface IncidentDelivery {
  id: string;
  reportId?: string;
  stage?: IncidentStage;
  authorityNameJa: string;
  authorityNameEn: string;
  authorityKind?: AuthorityKind;
  reason?: RoutingReason;
  status: 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
  attempts?: number;
  lastError?: string | null;
  createdAt?: string;
  deliveredAt?: string | null;
}

export interface FollowUpDeadline {
  incidentType: IncidentType | null;
  followUpSeconds: number;
  updatedAt: string | null;
}

export const PERSONAL_DATA_CONDITIONS = ['ANY', 'INVOLVED', 'NOT_INVOLVED'] as const;
export type PersonalDataCondition = (typeof PERSONAL_DATA_CONDITIONS)[number];

export interface RoutingRule {
  sectors: Sector[];
  incidentTypes: IncidentType[];
  personalData: PersonalDataCondition;
}

export interface ReportingAuthority {
  id: string;
  nameJa: string;
  nameEn: string;
  kind: AuthorityKind;
  channelKind: 'WEBHOOK' | 'EMAIL' | null;
  target: string | null;
  requiresReporterConsent: boolean;
  active: boolean;
  openPgpFingerprint: string | null;
  routingRules: RoutingRule[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentCampaign {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  reports: Array<Pick<IncidentReport, 'id' | 'incidentId' | 'stage' | 'incidentType' | 'affectedService' | 'submittedAt'>>;
}

export interface IncidentStatistics {
  counted: number;
  withheld: number;
  byType: Array<{ incidentType: IncidentType | null; count: number }>;
  bySector: Array<{ sector: Sector; count: number }>;
}
