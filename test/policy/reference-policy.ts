/**
 * ACCESS-POLICY.md written out again, rule by rule, as plainly as the text reads — independent of
 * the CASL rules and of SQL. The property tests compare the platform's answers with this.
 */
export type Tier = 'CLASS_1' | 'CLASS_2' | 'GENERAL' | 'NONE';
export type Level = 'UNCLASSIFIED' | 'COUNCIL_CONFIDENTIAL' | 'IESI';
export type TlpColour = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER_STRICT' | 'RED';
export type Status = 'DRAFT' | 'PENDING_REVIEW' | 'PUBLISHED' | 'REJECTED' | 'WITHDRAWN';
export type Access = 'FULL' | 'TEAR_LINE' | 'METADATA_ONLY';

export interface RefOrganisation {
  id: string;
  kind: string;
  tier: Tier;
  sectors: string[];
  prefecture: string | null;
  municipality: string | null;
  foreign: boolean;
  active: boolean;
  agreementExpiresAt: Date | null;
  facilityClearanceExpiresAt: Date | null;
}

export interface RefPerson {
  id: string;
  organisationId: string | null;
  individualTier: Tier | null;
  roles: string[];
  active: boolean;
  pledgeExpiresAt: Date | null;
  clearanceLevel: 'NONE' | 'IESI';
  clearanceExpiresAt: Date | null;
  clearanceSuspended: boolean;
}

export interface RefView {
  classification: Level;
  tlp: TlpColour;
}

export interface RefAdvisory {
  id: string;
  status: Status;
  originatorOrgId: string | null;
  authorId: string;
  attributed: boolean;
  full: RefView;
  tearLine: (RefView & { releaseToNonMemberLocalGovernments: boolean }) | null;
  audience: {
    tiers: Tier[];
    sectors: string[];
    regions: string[];
    organisationIds: string[];
    personIds: string[];
    noForeign: boolean;
  };
}

export interface RefAnswer {
  access: Access;
  /** Title, summary, ... of the view are shown (false for a withdrawn advisory read under rule A). */
  contentShown: boolean;
  originatorShown: boolean;
  audienceShown: boolean;
}

const LEVELS: Level[] = ['UNCLASSIFIED', 'COUNCIL_CONFIDENTIAL', 'IESI'];
const TLPS: TlpColour[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];

export function validAt(x: Date | null, now: Date): boolean {
  return x !== null && x.getTime() > now.getTime();
}

export class ReferencePolicy {
  constructor(
    private readonly organisations: Map<string, RefOrganisation>,
    private readonly now: Date,
  ) {}

  private org(p: RefPerson): RefOrganisation | null {
    return p.organisationId ? (this.organisations.get(p.organisationId) ?? null) : null;
  }

  memberTier(p: RefPerson): Tier {
    const org = this.org(p);
    if (org) return org.active && validAt(org.agreementExpiresAt, this.now) ? org.tier : 'NONE';
    return p.individualTier ?? 'NONE';
  }

  isMember(p: RefPerson): boolean {
    return this.memberTier(p) !== 'NONE' && validAt(p.pledgeExpiresAt, this.now);
  }

  cleared(p: RefPerson): boolean {
    const org = this.org(p);
    return (
      p.clearanceLevel === 'IESI' &&
      validAt(p.clearanceExpiresAt, this.now) &&
      !p.clearanceSuspended &&
      (org === null || validAt(org.facilityClearanceExpiresAt, this.now))
    );
  }

  inRegion(p: RefPerson, regions: string[]): boolean {
    if (regions.length === 0) return true;
    const org = this.org(p);
    if (!org || !org.prefecture) return false;
    return regions.some(
      (r) =>
        r === org.prefecture ||
        r === org.municipality ||
        (r.length === 5 && r.slice(0, 2) === org.prefecture && org.kind === 'LOCAL_GOVERNMENT' && org.municipality === null),
    );
  }

  private isSecretariat(p: RefPerson): boolean {
    return p.roles.includes('SECRETARIAT') && p.active;
  }

  private isOriginator(p: RefPerson, a: RefAdvisory): boolean {
    const org = this.org(p);
    return a.authorId === p.id || (p.roles.includes('ORG_ADMIN') && org !== null && a.originatorOrgId === org.id);
  }

  /** Rule A item 1. */
  private activeWithOrganisation(p: RefPerson): boolean {
    const org = this.org(p);
    return p.active && (org === null || org.active);
  }

  /** Rule A items 4 and 5. */
  private contentAllowed(p: RefPerson, view: RefView): boolean {
    if (LEVELS.indexOf(view.classification) >= 1 && !this.isMember(p)) return false;
    if (view.classification === 'IESI' && !this.cleared(p)) return false;
    return true;
  }

  ruleA(p: RefPerson, a: RefAdvisory, which: 'FULL' | 'TEAR_LINE'): boolean {
    const view = which === 'FULL' ? a.full : a.tearLine;
    if (!view) return false;
    if (a.status !== 'PUBLISHED' && a.status !== 'WITHDRAWN') return false;
    // 1.
    if (!this.activeWithOrganisation(p)) return false;
    // 2.
    const org = this.org(p);
    const aud = a.audience;
    if (!this.inRegion(p, aud.regions)) return false;
    if (aud.sectors.length > 0 && !(org && org.sectors.some((s) => aud.sectors.includes(s)))) return false;
    if (aud.organisationIds.length > 0 && !(org && aud.organisationIds.includes(org.id))) return false;
    if (aud.personIds.length > 0 && !aud.personIds.includes(p.id)) return false;
    if (aud.noForeign && org && org.foreign) return false;
    if (view.tlp === 'AMBER_STRICT' && !(aud.organisationIds.length > 0 && org && aud.organisationIds.includes(org.id))) {
      return false;
    }
    // 3.
    const tier = this.memberTier(p);
    const asMember = this.isMember(p) && (aud.tiers.length === 0 || aud.tiers.includes(tier));
    const asLocalGovernment =
      which === 'TEAR_LINE' &&
      a.tearLine!.releaseToNonMemberLocalGovernments &&
      view.classification === 'UNCLASSIFIED' &&
      TLPS.indexOf(view.tlp) <= TLPS.indexOf('GREEN') &&
      org !== null &&
      org.kind === 'LOCAL_GOVERNMENT';
    const asAnyone = view.classification === 'UNCLASSIFIED' && view.tlp === 'CLEAR';
    if (!(asMember || asLocalGovernment || asAnyone)) return false;
    // 4. and 5.
    return this.contentAllowed(p, view);
  }

  ruleB(p: RefPerson, a: RefAdvisory, which: 'FULL' | 'TEAR_LINE'): boolean {
    const view = which === 'FULL' ? a.full : a.tearLine;
    if (!view || !this.isSecretariat(p) || a.status === 'DRAFT') return false;
    return validAt(p.pledgeExpiresAt, this.now) && (view.classification !== 'IESI' || this.cleared(p));
  }

  ruleC(p: RefPerson, a: RefAdvisory, which: 'FULL' | 'TEAR_LINE'): boolean {
    const view = which === 'FULL' ? a.full : a.tearLine;
    if (!view || !this.isOriginator(p, a)) return false;
    return this.activeWithOrganisation(p) && this.contentAllowed(p, view);
  }

  /** The answer for p and a, or null when the advisory does not exist for p. */
  answer(p: RefPerson, a: RefAdvisory): RefAnswer | null {
    // Deactivated people make no requests at all; an auditor reads no advisory.
    if (!p.active || p.roles.includes('AUDITOR')) return null;
    const may = (which: 'FULL' | 'TEAR_LINE') => this.ruleA(p, a, which) || this.ruleB(p, a, which) || this.ruleC(p, a, which);
    const secretariatSees = this.isSecretariat(p) && a.status !== 'DRAFT';
    const privileged = secretariatSees || this.isOriginator(p, a);
    let access: Access;
    if (may('FULL')) access = 'FULL';
    else if (may('TEAR_LINE')) access = 'TEAR_LINE';
    else if (privileged) access = 'METADATA_ONLY';
    else return null;
    const org = this.org(p);
    // Withdrawn content only in a view that rule B or rule C gives ("The answer", last bullets).
    const viewFromRuleBOrC = access !== 'METADATA_ONLY' && (this.ruleB(p, a, access) || this.ruleC(p, a, access));
    return {
      access,
      contentShown: a.status !== 'WITHDRAWN' || viewFromRuleBOrC,
      originatorShown: a.attributed || this.isSecretariat(p) || (org !== null && a.originatorOrgId === org.id),
      audienceShown:
        this.isSecretariat(p) || a.authorId === p.id || (p.roles.includes('ORG_ADMIN') && org !== null && a.originatorOrgId === org.id),
    };
  }
}
