import { AdvisoryStatus, Classification } from '@app/platform/vocabulary';
import type { ReaderFacts } from '../reader';
import type { AdvisoryAction } from './advisory-ability';
import type { AdvisoryRecord } from './advisory-projection';

/** In which statuses each lifecycle action makes sense at all (wording only: the policy decides). */
const STATUSES: Partial<Record<AdvisoryAction, readonly AdvisoryStatus[]>> = {
  edit: [AdvisoryStatus.DRAFT, AdvisoryStatus.REJECTED, AdvisoryStatus.PUBLISHED],
  submit: [AdvisoryStatus.DRAFT, AdvisoryStatus.REJECTED],
  approve: [AdvisoryStatus.PENDING_REVIEW],
  reject: [AdvisoryStatus.PENDING_REVIEW],
  withdraw: [AdvisoryStatus.PUBLISHED],
  proposeWidening: [AdvisoryStatus.PUBLISHED],
  consentWidening: [AdvisoryStatus.PUBLISHED],
};

const VERB: Partial<Record<AdvisoryAction, string>> = {
  edit: 'edited',
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  proposeWidening: 'widened',
  consentWidening: 'widened',
  listVersions: 'listed',
};

/**
 * Why the policy refused `action` to someone who can see the advisory: a message to act on, kept
 * beside the rules it puts into words (advisory-ability.ts). Only
 * called after the policy's CASL ability said no, and only with what the actor may already see
 * (status, classification, whether they are the author).
 */
export function refusalMessage(
  action: AdvisoryAction,
  advisory: Pick<AdvisoryRecord, 'status' | 'authorId' | 'fullClassification'>,
  actorId: string,
  facts: ReaderFacts,
): string {
  const statuses = STATUSES[action];
  if (statuses && !statuses.includes(advisory.status)) {
    return `A ${advisory.status} advisory cannot be ${VERB[action]}: only ${statuses.join(' or ')}`;
  }
  switch (action) {
    case 'edit':
      return 'Only the author or an ORG_ADMIN of the originator organisation, while a member of the council, may edit an advisory';
    case 'submit':
      return 'Only the author, while a member of the council, may submit an advisory for review';
    case 'approve':
    case 'reject':
      if (!facts.isSecretariat) return 'Only the secretariat approves or rejects advisories';
      if (advisory.authorId === actorId) return 'Four eyes: the author of an advisory may not approve or reject it';
      if (!facts.pledgeValid) return 'A moderator needs a valid confidentiality pledge to read what they decide on';
      if (advisory.fullClassification === Classification.IESI && !facts.cleared) {
        return 'A moderator must be able to read the FULL view: this IESI advisory needs a valid IESI clearance';
      }
      return 'You may not moderate this advisory';
    case 'withdraw':
      return 'Only the secretariat, the author or an ORG_ADMIN of the originator organisation, while that organisation is active, may withdraw an advisory';
    case 'proposeWidening':
      return 'Only the secretariat proposes widening a published advisory';
    case 'consentWidening':
      return 'Only an ORG_ADMIN of the originator organisation (or the author, for an individual member) may decide on widening';
    case 'lowerFromIesi':
      return 'Lowering a view from IESI needs a valid IESI clearance, of the proposing secretariat person and of the consenting originator alike';
    case 'lowerFromConfidential':
      return (
        'Lowering a view from COUNCIL_CONFIDENTIAL needs a member of the council (or a secretariat person with a valid pledge), ' +
        'on the proposing and on the consenting side'
      );
    case 'listVersions':
      return 'Only the secretariat and the originator may list the versions of an advisory';
    default:
      return 'You are not allowed to do this';
  }
}
