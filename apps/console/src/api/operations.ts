/** Every GraphQL operation the console sends, in one place (fields as in apps/api/schema.graphql). */
const ORGANISATION = `id name kind tier sectors prefecture municipality foreign active agreementExpiresAt facilityClearanceExpiresAt`;
export const PERSON = `id displayName email roles active individualTier pledgeExpiresAt
  clearance { level expiresAt suspended } organisation { ${ORGANISATION} }`;
const ADVISORY = `id access status severity version classification tlp title summary body recommendedActions indicators
  publishedAt updatedAt rejectionReason withdrawalReason originator { id name }
  audience { tiers sectors regions organisationIds personIds noForeign }`;
const ADVISORY_LIST_ITEM = `id access status severity version classification tlp title summary publishedAt updatedAt rejectionReason`;
const CHANNEL = `id kind target minSeverity sectors regions digest enabled verified`;
const DELIVERY = `id advisoryId alertId personId channelKind target severity status attempts lastError createdAt deliveredAt`;
const COUNTS = `full tearLine metadataOnly none`;
const PROPOSAL = `id advisoryId baseVersion status note proposedAt decidedAt stale widens`;
const FOLLOW_UP = `dueAt overdue followedUp reminderStatus remindedAt`;
const INCIDENT_DELIVERY = `id reportId stage authorityNameJa authorityNameEn authorityKind reason status attempts lastError createdAt deliveredAt`;
const DEADLINE = `incidentType followUpSeconds updatedAt`;
const AUTHORITY = `id nameJa nameEn kind channelKind target requiresReporterConsent active openPgpFingerprint
  routingRules { sectors incidentTypes personalData } createdAt updatedAt`;
const CAMPAIGN = `id name description createdAt updatedAt reports { id incidentId stage incidentType affectedService submittedAt }`;
const FEED_TOKEN = `id name createdAt expiresAt revokedAt lastUsedAt`;
const GRANT_REQUEST = `id level expiresAt status requestedAt mayApprove approvalRefusal
  person { id displayName email } requestedBy { id displayName }`;

export const ops = {
  login: `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken person { ${PERSON} } } }`,
  acceptInvitation: `mutation Accept($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { accessToken person { ${PERSON} } } }`,
  me: `query Me { me { ${PERSON} } }`,
  signPledge: `mutation SignPledge { signPledge { ${PERSON} } }`,

  advisories: `query Feed($filter: AdvisoryFilter, $first: Int, $after: String) {
    advisories(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { ${ADVISORY_LIST_ITEM} } } pageInfo { endCursor hasNextPage } } }`,
  advisory: `query Advisory($id: ID!) { advisory(id: $id) { ${ADVISORY} } }`,
  createAdvisory: `mutation Create($input: CreateAdvisoryInput!) { createAdvisory(input: $input) { id status } }`,
  updateAdvisory: `mutation Update($id: ID!, $input: UpdateAdvisoryInput!) { updateAdvisory(id: $id, input: $input) { id status } }`,
  withdrawAdvisory: `mutation Withdraw($id: ID!, $reason: String!) { withdrawAdvisory(id: $id, reason: $reason) { id status withdrawalReason } }`,
  submitAdvisory: `mutation Submit($id: ID!) { submitAdvisory(id: $id) { id status } }`,
  approveAdvisory: `mutation Approve($id: ID!) { approveAdvisory(id: $id) { id status } }`,
  rejectAdvisory: `mutation Reject($id: ID!, $reason: String!) { rejectAdvisory(id: $id, reason: $reason) { id status rejectionReason } }`,
  accessReport: `query AccessReport($id: ID!) { advisoryAccessReport(id: $id) { advisoryId counts { ${COUNTS} }
    organisations { organisation { id name } counts { ${COUNTS} } people { person { id displayName email } access reasons } } } }`,
  wideningProposals: `query Proposals { advisoryWideningProposals { ${PROPOSAL} } }`,
  consentToWidening: `mutation Consent($id: ID!) { consentToAdvisoryWidening(proposalId: $id) { id version } }`,
  declineWidening: `mutation Decline($id: ID!) { declineAdvisoryWidening(proposalId: $id) { ${PROPOSAL} } }`,
  proposeWidening: `mutation Propose($id: ID!, $input: AdvisoryWideningInput!) { proposeAdvisoryWidening(id: $id, input: $input) { ${PROPOSAL} } }`,

  myAlerts: `query Alerts($unacknowledgedOnly: Boolean) { myAlerts(first: 100, unacknowledgedOnly: $unacknowledgedOnly) {
    id severity createdAt acknowledgedAt escalation escalatedAt advisory { id title access classification tlp recommendedActions } } }`,
  acknowledgeAlert: `mutation Ack($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }`,
  myChannels: `query Channels { myAlertChannels { ${CHANNEL} } myFailedDeliveries(first: 20) { ${DELIVERY} } }`,
  addChannel: `mutation AddChannel($input: AlertChannelInput!) { addAlertChannel(input: $input) { signingSecret channel { ${CHANNEL} } } }`,
  updateChannel: `mutation UpdateChannel($id: ID!, $input: AlertChannelPreferencesInput!) { updateAlertChannel(id: $id, input: $input) { ${CHANNEL} } }`,
  removeChannel: `mutation RemoveChannel($id: ID!) { removeAlertChannel(id: $id) }`,
  resendChannelConfirmation: `mutation ResendChannelConfirmation($id: ID!) { resendAlertChannelConfirmation(id: $id) { ${CHANNEL} } }`,

  myFeedTokens: `query FeedTokens { myFeedTokens { ${FEED_TOKEN} } }`,
  createFeedToken: `mutation CreateFeedToken($name: String!, $expiresAt: DateTime) { createFeedToken(input: { name: $name, expiresAt: $expiresAt }) { token feedToken { ${FEED_TOKEN} } } }`,
  revokeFeedToken: `mutation RevokeFeedToken($id: ID!) { revokeFeedToken(id: $id) { ${FEED_TOKEN} } }`,

  organisations: `query Organisations { organisations { ${ORGANISATION} } }`,
  people: `query People($organisationId: ID, $after: String) { people(organisationId: $organisationId, first: 100, after: $after) {
    edges { node { ${PERSON} } } pageInfo { endCursor hasNextPage } } }`,
  createOrganisation: `mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORGANISATION} } }`,
  invitePerson: `mutation Invite($input: CreatePersonInput!) { invitePerson(input: $input) { token delivery notice expiresAt person { ${PERSON} } } }`,
  clearanceGrantRequests: `query GrantRequests { clearanceGrantRequests { ${GRANT_REQUEST} } }`,
  approveClearanceGrant: `mutation ApproveGrant($requestId: ID!) { approveClearanceGrant(requestId: $requestId) { ${GRANT_REQUEST} } }`,
  rejectClearanceGrant: `mutation RejectGrant($requestId: ID!) { rejectClearanceGrant(requestId: $requestId) { ${GRANT_REQUEST} } }`,
  grantClearance: `mutation Grant($personId: ID!, $expiresAt: DateTime!) { grantClearance(personId: $personId, level: IESI, expiresAt: $expiresAt) { ${PERSON} } }`,
  suspendClearance: `mutation Suspend($personId: ID!) { suspendClearance(personId: $personId) { ${PERSON} } }`,
  setPersonActive: `mutation SetActive($personId: ID!, $active: Boolean!) { setPersonActive(personId: $personId, active: $active) { ${PERSON} } }`,

  failedDeliveries: `query Failed($advisoryId: ID!) { failedAlertDeliveries(advisoryId: $advisoryId, first: 100) { ${DELIVERY} } }`,
  retryDelivery: `mutation Retry($id: ID!) { retryAlertDelivery(id: $id) { ${DELIVERY} } }`,

  auditLog: `query Audit($action: String, $actorId: ID, $subjectType: String, $subjectId: String, $after: String, $first: Int) {
    auditLog(action: $action, actorId: $actorId, subjectType: $subjectType, subjectId: $subjectId, after: $after, first: $first) {
      edges { node { id action actorId subjectType subjectId occurredAt before after hash prevHash } } pageInfo { endCursor hasNextPage } } }`,
  accessLog: `query AccessLog($advisoryId: ID, $personId: ID, $after: String, $first: Int) {
    accessLog(advisoryId: $advisoryId, personId: $personId, after: $after, first: $first) {
      edges { node { id advisoryId advisoryVersion classification personId occurredAt } } pageInfo { endCursor hasNextPage } } }`,
  auditChainStatus: `query Chain { auditChainStatus { ok rows brokenAt problem } }`,

  incidentReports: `query IncidentReports($filter: IncidentReportFilterInput) { incidentReports(filter: $filter, first: 100) { totalCount edges { node {
    id incidentId stage sequence incidentType severity affectedService whatWasSeen submittedAt organisationId
    followUp { dueAt overdue followedUp } incident { status openedAt closedAt }
    deliveries { id authorityNameJa authorityNameEn status } feedback { id authorName body createdAt fromSecretariat } } } } }`,
  submitIncidentReport: `mutation SubmitIncident($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id incidentId } }`,
  submitIncidentFollowUp: `mutation FollowUp($incidentId: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $incidentId, input: $input) { id stage } }`,
  postIncidentFeedback: `mutation Feedback($reportId: ID!, $body: String!) { postIncidentFeedback(reportId: $reportId, body: $body) { id } }`,
  overdueIncidentReports: `query Overdue { overdueIncidentReports(first: 100) { reportId incidentId incidentType organisationName dueAt submittedAt reminderStatus } }`,
  failedIncidentDeliveries: `query FailedIncidentDeliveries { failedIncidentDeliveries(first: 100) { id incidentId stage authorityNameJa authorityNameEn attempts lastError createdAt } }`,
  retryIncidentDelivery: `mutation RetryIncidentDelivery($id: ID!) { retryIncidentDelivery(id: $id) { id status } }`,

  incidentReport: `query IncidentReport($id: ID!) { incidentReport(id: $id) {
    id incidentId stage sequence incidentType severity affectedService whatWasSeen submittedAt organisationId permittedPurposes
    followUp { ${FOLLOW_UP} } incident { status openedAt closedAt }
    deliveries { ${INCIDENT_DELIVERY} } ledToAdvisories { ${ADVISORY_LIST_ITEM} } } }`,
  incidentDesk: `query IncidentDesk { incidentReports(first: 100) { totalCount edges { node {
    id incidentId stage sequence incidentType severity affectedService whatWasSeen submittedAt organisationId
    followUp { ${FOLLOW_UP} } incident { status openedAt closedAt } deliveries { ${INCIDENT_DELIVERY} } } } }
    overdueIncidentReports(first: 100) { reportId incidentId incidentType organisationName dueAt submittedAt reminderStatus remindedAt }
    incidentFollowUpDeadlines { ${DEADLINE} } organisations { id name } }`,
  setIncidentFollowUpDeadline: `mutation SetDeadline($incidentType: IncidentType, $followUpSeconds: Int) {
    setIncidentFollowUpDeadline(incidentType: $incidentType, followUpSeconds: $followUpSeconds) { ${DEADLINE} } }`,
  incidentStatistics: `query IncidentStatistics($openedSince: DateTime!) { incidentStatistics(openedSince: $openedSince) {
    counted withheld byType { incidentType count } bySector { sector count } } }`,

  reportingAuthorities: `query Authorities { reportingAuthorities(includeInactive: true) { ${AUTHORITY} } }`,
  createReportingAuthority: `mutation CreateAuthority($input: CreateReportingAuthorityInput!) { createReportingAuthority(input: $input) { signingSecret authority { ${AUTHORITY} } } }`,
  updateReportingAuthority: `mutation UpdateAuthority($id: ID!, $input: UpdateReportingAuthorityInput!) { updateReportingAuthority(id: $id, input: $input) { signingSecret authority { ${AUTHORITY} } } }`,
  deactivateReportingAuthority: `mutation DeactivateAuthority($id: ID!) { deactivateReportingAuthority(id: $id) { ${AUTHORITY} } }`,
  reactivateReportingAuthority: `mutation ReactivateAuthority($id: ID!) { reactivateReportingAuthority(id: $id) { ${AUTHORITY} } }`,

  incidentTriage: `query Triage { incidentCampaigns { ${CAMPAIGN} } incidentReports(first: 100, filter: { latestOnly: true }) { edges { node {
    id incidentId stage incidentType severity affectedService whatWasSeen submittedAt permittedPurposes } } } }`,
  createIncidentCampaign: `mutation CreateCampaign($input: CreateIncidentCampaignInput!) { createIncidentCampaign(input: $input) { ${CAMPAIGN} } }`,
  linkIncidentReports: `mutation LinkReports($campaignId: ID!, $reportIds: [ID!]!) { linkIncidentReports(campaignId: $campaignId, reportIds: $reportIds) { ${CAMPAIGN} } }`,
  unlinkIncidentReports: `mutation UnlinkReports($campaignId: ID!, $reportIds: [ID!]!) { unlinkIncidentReports(campaignId: $campaignId, reportIds: $reportIds) { ${CAMPAIGN} } }`,
  deriveAdvisoryDraft: `mutation Derive($input: DeriveAdvisoryDraftInput!) { deriveAdvisoryDraftFromReports(input: $input) { id status } }`,
} as const;
