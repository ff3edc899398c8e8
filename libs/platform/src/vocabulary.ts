/**
 * The council's shared vocabulary (DOMAIN.md, ACCESS-POLICY.md). Stored as text in PostgreSQL with
 * CHECK constraints, exposed as GraphQL enums with the same spelling.
 */
export enum OrganisationKind {
  CRITICAL_INFRASTRUCTURE = 'CRITICAL_INFRASTRUCTURE',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
  SECURITY_VENDOR = 'SECURITY_VENDOR',
  SYSTEM_INTEGRATOR = 'SYSTEM_INTEGRATOR',
  CLOUD_PROVIDER = 'CLOUD_PROVIDER',
  ACADEMIC = 'ACADEMIC',
  INDUSTRY_ASSOCIATION = 'INDUSTRY_ASSOCIATION',
  OTHER = 'OTHER',
}

export enum MembershipTier {
  CLASS_1 = 'CLASS_1',
  CLASS_2 = 'CLASS_2',
  GENERAL = 'GENERAL',
  NONE = 'NONE',
}

export enum Sector {
  INFORMATION_COMMUNICATION = 'INFORMATION_COMMUNICATION',
  FINANCE = 'FINANCE',
  AVIATION = 'AVIATION',
  AIRPORT = 'AIRPORT',
  RAILWAY = 'RAILWAY',
  ELECTRICITY = 'ELECTRICITY',
  GAS = 'GAS',
  GOVERNMENT_SERVICES = 'GOVERNMENT_SERVICES',
  MEDICAL = 'MEDICAL',
  WATER = 'WATER',
  LOGISTICS = 'LOGISTICS',
  CHEMICAL = 'CHEMICAL',
  CREDIT_CARD = 'CREDIT_CARD',
  PETROLEUM = 'PETROLEUM',
  PORT = 'PORT',
}

export enum Role {
  SECRETARIAT = 'SECRETARIAT',
  ORG_ADMIN = 'ORG_ADMIN',
  CISO = 'CISO',
  ANALYST = 'ANALYST',
  AUDITOR = 'AUDITOR',
}

export enum ClearanceLevel {
  NONE = 'NONE',
  IESI = 'IESI',
}

export enum Classification {
  UNCLASSIFIED = 'UNCLASSIFIED',
  COUNCIL_CONFIDENTIAL = 'COUNCIL_CONFIDENTIAL',
  IESI = 'IESI',
}

export enum Tlp {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}

export enum Severity {
  INFO = 'INFO',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum AdvisoryStatus {
  DRAFT = 'DRAFT',
  PENDING_REVIEW = 'PENDING_REVIEW',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum AccessLevel {
  FULL = 'FULL',
  TEAR_LINE = 'TEAR_LINE',
  METADATA_ONLY = 'METADATA_ONLY',
}

export enum AlertChannelKind {
  IN_APP = 'IN_APP',
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}

/** Lowest first: the orders of ACCESS-POLICY.md. */
export const CLASSIFICATION_ORDER: readonly Classification[] = [
  Classification.UNCLASSIFIED,
  Classification.COUNCIL_CONFIDENTIAL,
  Classification.IESI,
];
export const TLP_ORDER: readonly Tlp[] = [Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED];
export const SEVERITY_ORDER: readonly Severity[] = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL];

export const MEMBER_TIERS: readonly MembershipTier[] = [MembershipTier.CLASS_1, MembershipTier.CLASS_2, MembershipTier.GENERAL];

export function rank<T>(order: readonly T[], value: T): number {
  const index = order.indexOf(value);
  if (index < 0) throw new Error(`unknown value ${String(value)}`);
  return index;
}

/** Every value at or above `min` in `order`. */
export function atLeast<T>(order: readonly T[], min: T): T[] {
  return order.slice(rank(order, min));
}

/** Every value at or below `max` in `order`. */
export function atMost<T>(order: readonly T[], max: T): T[] {
  return order.slice(0, rank(order, max) + 1);
}

// Incident reports (issue 6).

/** FIRST: a quick first report; FOLLOW_UP: more as it is known; FINAL: closes the incident. */
export enum IncidentReportStage {
  FIRST = 'FIRST',
  FOLLOW_UP = 'FOLLOW_UP',
  FINAL = 'FINAL',
}

/** OPEN until its FINAL report arrives; a CLOSED incident takes no more reports. */
export enum IncidentStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export enum IncidentType {
  RANSOMWARE = 'RANSOMWARE',
  DDOS = 'DDOS',
  INTRUSION = 'INTRUSION',
  DATA_BREACH = 'DATA_BREACH',
  MALWARE = 'MALWARE',
  PHISHING = 'PHISHING',
  VULNERABILITY_EXPLOITATION = 'VULNERABILITY_EXPLOITATION',
  OTHER = 'OTHER',
}

/** What the reporter allows a report to be used for. */
export enum IncidentReportPurpose {
  /** Preventing damage: alerting others, mitigations by the authorities. */
  DAMAGE_PREVENTION = 'DAMAGE_PREVENTION',
  /** Counted in the council's statistics. */
  STATISTICS = 'STATISTICS',
  /** Shared with members after the secretariat has sanitised it (an advisory derived from it). */
  SHARING_AFTER_SANITISING = 'SHARING_AFTER_SANITISING',
  /** Analysis of the threat by the secretariat and the authorities. */
  ANALYSIS = 'ANALYSIS',
}

// Reporting authorities and the routing of incident reports (issue 6, one window).

/** Who a reporting authority is: it decides nothing by itself, routing rules do. */
export enum ReportingAuthorityKind {
  /** The ministry in charge of the reporting organisation's sector (所管省庁). */
  SECTOR_MINISTRY = 'SECTOR_MINISTRY',
  /** The personal information protection commission (個人情報保護委員会): personal data breaches. */
  DATA_PROTECTION = 'DATA_PROTECTION',
  /** The police: only with the reporter's consent (the authority requires it). */
  POLICE = 'POLICE',
  /** The national cybersecurity office (NCO, formerly NISC). */
  NCO = 'NCO',
  OTHER = 'OTHER',
}

/** How a reporting authority receives submissions. */
export enum ReportingChannelKind {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}

/** Of one report's delivery to one authority (and of a deadline reminder). */
export enum IncidentDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  /** Never sent: the reporter withdrew the consent the authority requires before it went out. */
  CANCELLED = 'CANCELLED',
}

/** A routing rule's condition on personal data: any report, only with, or only without personal data. */
export enum PersonalDataCondition {
  ANY = 'ANY',
  INVOLVED = 'INVOLVED',
  NOT_INVOLVED = 'NOT_INVOLVED',
}
