import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';

/**
 * The refusals of incident reporting, worded once. A report, incident or campaign the person may
 * not see is NOT_FOUND with exactly the message of an id that never existed.
 */
export const IncidentErrors = {
  reportNotFound: () => CouncilError.notFound('Incident report'),
  incidentNotFound: () => CouncilError.notFound('Incident'),
  campaignNotFound: () => CouncilError.notFound('Incident campaign'),
  mayNotSubmit: () =>
    CouncilError.forbidden(
      'Only members of the council report incidents: an active membership and a valid confidentiality pledge are needed',
    ),
  mayNotFollowUp: () =>
    CouncilError.forbidden(
      "Only the incident's reporter, or an ORG_ADMIN or CISO of the reporting organisation, while a member of the council, may add reports to an incident",
    ),
  mayNotPostFeedback: () =>
    CouncilError.forbidden(
      "Only the reporting organisation's people with access to the report and the secretariat write in its feedback thread",
    ),
  secretariatOnly: () => CouncilError.forbidden('Only the secretariat triages incident reports'),
  closed: () => CouncilError.conflict('This incident is closed: its FINAL report has been submitted, no further reports can be added'),
  invalid: (field: string, problem: string) => inputProblem(field, problem),
};
