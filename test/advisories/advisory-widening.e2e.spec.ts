import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MembershipTier } from '../../libs/platform/src/vocabulary';
import { insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  advisoryInput,
  auditOf,
  buildCouncil,
  CONSENT,
  DECLINE,
  expectError,
  lifecycleSteps,
  ONE,
  outboxOf,
  PROPOSALS,
  PROPOSE,
  UPDATE,
  VERSIONS,
  WITHDRAW,
  type LifecycleCouncil,
  type Person,
} from './lifecycle-council';

const tearLine = advisoryInput().tearLine as Record<string, unknown>;

describe('widening a published advisory: the secretariat proposes, the originator organisation consents', () => {
  let api: TestApp;
  let council: LifecycleCouncil;
  let steps: ReturnType<typeof lifecycleSteps>;

  beforeAll(async () => {
    api = await startTestApp();
    council = await buildCouncil(api);
    steps = lifecycleSteps(api, council);
  });
  afterAll(async () => {
    await api.close();
  });

  /** Published for Tokyo (13) only: the reader's organisation (Osaka, 27) is outside it. */
  const tokyoOnly = () => steps.published(council.author, { audience: { regions: ['13'] } });
  const propose = async (id: string, input: Record<string, unknown> = { audience: { regions: ['13', '27'] }, note: 'Osaka is hit too' }) =>
    (await api.gqlOk(PROPOSE, { id, input }, council.secretariat.token)).proposeAdvisoryWidening;
  const pendingFor = async (person: Person, advisoryId?: string) =>
    (await api.gqlOk(PROPOSALS, { advisoryId }, person.token)).advisoryWideningProposals.map((p: { id: string }) => p.id);

  it('applies the widening only when an ORG_ADMIN of the originator consents, as a new recorded version', async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    expect(proposal).toMatchObject({
      advisoryId: id,
      status: 'PENDING',
      baseVersion: 1,
      stale: false,
      note: 'Osaka is hit too',
      widens: ['audience.regions: adds 27'],
      decidedAt: null,
      proposed: { version: 1, audience: { regions: ['13', '27'] } },
    });
    // Nothing has changed yet.
    expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toBeNull();
    expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.audience.regions).toEqual(['13']);

    const widened = await api.gqlOk(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token);
    expect(widened.consentToAdvisoryWidening).toMatchObject({ id, version: 2, audience: { regions: ['13', '27'] } });
    expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toMatchObject({ id, access: 'FULL', version: 2 });

    const versions = await api.gqlOk(VERSIONS, { id }, council.author.token);
    expect(versions.advisoryVersions.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
      [2, 'WIDENED'],
      [1, 'PUBLISHED'],
    ]);
    expect((await auditOf(api, id)).slice(-2)).toEqual([
      { action: 'advisory.widening_proposed', actor_id: council.secretariat.id },
      { action: 'advisory.widening_consented', actor_id: council.orgAdmin.id },
    ]);
    // Widening is not one of the events that alert (ALERTS.md): only the publication is in the outbox.
    expect(await outboxOf(api, id)).toEqual([{ event: 'advisory.published', advisory_version: 1 }]);
    expect(await pendingFor(council.orgAdmin, id)).toEqual([]);
    expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token), 'CONFLICT');
  });

  it("lists pending proposals to the originator organisation's admins and to the secretariat only", async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    expect(await pendingFor(council.orgAdmin)).toContain(proposal.id);
    expect(await pendingFor(council.secretariat)).toContain(proposal.id);
    expect(await pendingFor(council.unclearedSecretariat, id)).toEqual([proposal.id]);
    for (const outsider of [council.author, council.colleague, council.reader, council.otherOrgAdmin, council.auditor]) {
      expect(await pendingFor(outsider)).toEqual([]);
    }
    expect(await pendingFor(council.orgAdmin, 'not-an-id')).toEqual([]);
  });

  it('does not let the author, the secretariat or another organisation consent', async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    // The proposal does not exist for the author (no admin role) or another organisation's admin.
    for (const person of [council.author, council.otherOrgAdmin]) {
      expect(expectError(await api.gql(CONSENT, { proposalId: proposal.id }, person.token), 'NOT_FOUND')).toBe(
        'Widening proposal not found',
      );
    }
    expect(expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.secretariat.token), 'FORBIDDEN')).toMatch(
      /ORG_ADMIN of the originator/,
    );
    expect(expectError(await api.gql(CONSENT, { proposalId: randomUUID() }, council.orgAdmin.token), 'NOT_FOUND')).toBe(
      'Widening proposal not found',
    );
    expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.version).toBe(1);
  });

  it('changes nothing when the originator declines', async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    const declined = await api.gqlOk(DECLINE, { proposalId: proposal.id }, council.orgAdmin.token);
    expect(declined.declineAdvisoryWidening).toMatchObject({ id: proposal.id, status: 'DECLINED', proposed: null });
    expect(declined.declineAdvisoryWidening.decidedAt).not.toBeNull();
    expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toBeNull();
    expect((await auditOf(api, id)).at(-1)).toEqual({ action: 'advisory.widening_declined', actor_id: council.orgAdmin.id });
    expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token), 'CONFLICT');
    expect(await pendingFor(council.secretariat, id)).toEqual([]);
  });

  it('refuses consent to a proposal made stale by a later edit', async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    await api.gqlOk(UPDATE, { id, input: { severity: 'HIGH' } }, council.author.token);
    expect((await api.gqlOk(PROPOSALS, { advisoryId: id }, council.orgAdmin.token)).advisoryWideningProposals[0]).toMatchObject({
      stale: true,
    });
    expect(expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token), 'CONFLICT')).toMatch(/propose again/);
    expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toBeNull();
  });

  it('refuses consent once the advisory is withdrawn', async () => {
    const id = await tokyoOnly();
    const proposal = await propose(id);
    await api.gqlOk(WITHDRAW, { id, reason: 'Obsolete' }, council.author.token);
    expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token), 'CONFLICT');
    expect(await pendingFor(council.orgAdmin, id)).toEqual([]);
  });

  it('takes proposals from the secretariat only, on published advisories, and only when they widen', async () => {
    const id = await tokyoOnly();
    expect(expectError(await api.gql(PROPOSE, { id, input: { audience: { regions: [] } } }, council.author.token), 'FORBIDDEN')).toMatch(
      /Only the secretariat/,
    );
    expectError(await api.gql(PROPOSE, { id, input: { audience: { regions: [] } } }, council.nonMember.token), 'NOT_FOUND');
    expect(
      expectError(await api.gql(PROPOSE, { id, input: { audience: { regions: ['13101'] } } }, council.secretariat.token), 'BAD_USER_INPUT'),
    ).toMatch(/widens nothing/);
    const pending = await steps.submitted(council.author);
    expectError(await api.gql(PROPOSE, { id: pending, input: { audience: { regions: [] } } }, council.secretariat.token), 'FORBIDDEN');
  });

  it('keeps the writing rules in a proposal', async () => {
    const id = await steps.published(council.author, { tearLine: null });
    const result = await api.gql(
      PROPOSE,
      { id, input: { tearLine: { ...tearLine, classification: 'COUNCIL_CONFIDENTIAL', releaseToNonMemberLocalGovernments: true } } },
      council.secretariat.token,
    );
    expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/releaseToNonMemberLocalGovernments/);
  });

  it('can lower a classification and add a tear line with the consent', async () => {
    const id = await steps.published(council.author, { tearLine: null });
    const proposal = await propose(id, { fullClassification: 'UNCLASSIFIED', fullTlp: 'GREEN', tearLine });
    expect(proposal.widens).toEqual([
      'full.classification: lowers the classification from COUNCIL_CONFIDENTIAL to UNCLASSIFIED',
      'full.tlp: lowers the TLP from AMBER to GREEN',
      'tearLine: adds a tear line (a second, releasable view)',
    ]);
    const widened = await api.gqlOk(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token);
    expect(widened.consentToAdvisoryWidening).toMatchObject({ classification: 'UNCLASSIFIED', tlp: 'GREEN', version: 2 });
  });

  it('lets an individual member consent for their own advisory', async () => {
    const individual = await insertPerson(api.dataSource, { individualTier: MembershipTier.GENERAL });
    const author: Person = { id: individual.id, token: api.tokenFor(individual.id) };
    const id = await steps.published(author, { audience: { regions: ['13'] } });
    const proposal = await propose(id);
    expect(await pendingFor(author)).toEqual([proposal.id]);
    const widened = await api.gqlOk(CONSENT, { proposalId: proposal.id }, author.token);
    expect(widened.consentToAdvisoryWidening.audience.regions).toEqual(['13', '27']);
  });

  it('shows a proposed view at the access the reader would have after consent', async () => {
    const id = await steps.published(council.clearedAuthor, {
      full: { ...(advisoryInput().full as object), classification: 'IESI' },
      audience: { regions: ['13'] },
    });
    const proposal = await propose(id);
    const [asAdmin] = (await api.gqlOk(PROPOSALS, { advisoryId: id }, council.orgAdmin.token)).advisoryWideningProposals;
    expect(asAdmin.proposed).toMatchObject({ access: 'TEAR_LINE', body: null, audience: { regions: ['13', '27'] } });
    const [asCleared] = (await api.gqlOk(PROPOSALS, { advisoryId: id }, council.secretariat.token)).advisoryWideningProposals;
    expect(asCleared).toMatchObject({ id: proposal.id, proposed: { access: 'FULL', classification: 'IESI' } });
  });
});
