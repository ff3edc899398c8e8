import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClearanceLevel, Role } from '../../libs/platform/src/vocabulary';
import { inDays, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  advisoryInput,
  buildCouncil,
  CONSENT,
  expectError,
  lifecycleSteps,
  ONE,
  PROPOSALS,
  PROPOSE,
  WITHDRAW,
  type LifecycleCouncil,
  type Person,
} from './lifecycle-council';

/**
 * ACCESS-POLICY.md "Every other path" and "Moderation rules": previews, versions and withdrawn
 * content never give a person more than advisory(id) gives them now, and only the entitled lower a
 * classification.
 */
describe('side paths to an advisory', () => {
  let api: TestApp;
  let council: LifecycleCouncil;
  let steps: ReturnType<typeof lifecycleSteps>;
  /** ORG_ADMIN of the originator organisation with an IESI clearance. */
  let clearedOrgAdmin: Person;
  /** Secretariat whose pledge has lapsed: rule B gives them no view. */
  let unpledgedSecretariat: Person;

  const person = async (fields: Parameters<typeof insertPerson>[1]): Promise<Person> => {
    const p = await insertPerson(api.dataSource, fields);
    return { id: p.id, token: api.tokenFor(p.id) };
  };
  const fullInput = (classification: string) => ({ ...(advisoryInput().full as object), classification });
  const iesiAdvisory = () => steps.published(council.clearedAuthor, { full: { ...fullInput('IESI'), title: 'IESI title' } });
  const proposalsFor = async (reader: Person, advisoryId: string) =>
    (await api.gqlOk(PROPOSALS, { advisoryId }, reader.token)).advisoryWideningProposals;

  beforeAll(async () => {
    api = await startTestApp();
    council = await buildCouncil(api);
    steps = lifecycleSteps(api, council);
    clearedOrgAdmin = await person({
      organisationId: council.orgId,
      roles: [Role.ORG_ADMIN],
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    unpledgedSecretariat = await person({ roles: [Role.SECRETARIAT], pledgeExpiresAt: inDays(-1) });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('a widening proposal’s preview', () => {
    it('shows a view only to those who may read it both now and as proposed', async () => {
      const id = await iesiAdvisory();
      const proposal = (await api.gqlOk(PROPOSE, { id, input: { fullClassification: 'COUNCIL_CONFIDENTIAL' } }, council.secretariat.token))
        .proposeAdvisoryWidening;
      // The uncleared ORG_ADMIN and secretariat read the tear line today: the preview gives no more.
      for (const reader of [council.orgAdmin, council.unclearedSecretariat]) {
        const [preview] = await proposalsFor(reader, id);
        expect(preview.id).toBe(proposal.id);
        expect(preview.proposed).toMatchObject({ access: 'TEAR_LINE', body: null, indicators: null });
        expect(preview.proposed.title).not.toBe('IESI title');
        expect((await api.gqlOk(ONE, { id }, reader.token)).advisory.access).toBe('TEAR_LINE');
      }
      expect((await proposalsFor(clearedOrgAdmin, id))[0].proposed).toMatchObject({ access: 'FULL', title: 'IESI title' });
    });
  });

  describe('lowering a classification', () => {
    it('from IESI needs a cleared proposer', async () => {
      const id = await iesiAdvisory();
      const refused = await api.gql(
        PROPOSE,
        { id, input: { fullClassification: 'COUNCIL_CONFIDENTIAL' } },
        council.unclearedSecretariat.token,
      );
      expect(expectError(refused, 'FORBIDDEN')).toMatch(/from IESI needs a valid IESI clearance/);
      // A tear line added below IESI releases IESI content too.
      const withoutTearLine = await steps.published(council.clearedAuthor, { full: fullInput('IESI'), tearLine: null });
      const tearLine = advisoryInput().tearLine;
      expectError(await api.gql(PROPOSE, { id: withoutTearLine, input: { tearLine } }, council.unclearedSecretariat.token), 'FORBIDDEN');
      for (const advisoryId of [id, withoutTearLine]) expect(await proposalsFor(council.secretariat, advisoryId)).toEqual([]);
    });

    it('from IESI needs a cleared consenting ORG_ADMIN', async () => {
      const id = await iesiAdvisory();
      const proposal = (await api.gqlOk(PROPOSE, { id, input: { fullClassification: 'COUNCIL_CONFIDENTIAL' } }, council.secretariat.token))
        .proposeAdvisoryWidening;
      expect(expectError(await api.gql(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token), 'FORBIDDEN')).toMatch(/IESI/);
      // The former IESI body stays out of an uncleared member's reach.
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory?.body ?? null).toBeNull();
      const consented = await api.gqlOk(CONSENT, { proposalId: proposal.id }, clearedOrgAdmin.token);
      expect(consented.consentToAdvisoryWidening).toMatchObject({ classification: 'COUNCIL_CONFIDENTIAL', version: 2 });
    });

    it('from COUNCIL_CONFIDENTIAL needs a pledged secretariat proposer and a member consenting', async () => {
      const id = await steps.published(council.author);
      const lower = { fullClassification: 'UNCLASSIFIED' };
      expect(expectError(await api.gql(PROPOSE, { id, input: lower }, unpledgedSecretariat.token), 'FORBIDDEN')).toMatch(
        /from COUNCIL_CONFIDENTIAL/,
      );
      const proposal = (await api.gqlOk(PROPOSE, { id, input: lower }, council.unclearedSecretariat.token)).proposeAdvisoryWidening;
      const unpledgedAdmin = await person({ organisationId: council.orgId, roles: [Role.ORG_ADMIN], pledgeExpiresAt: null });
      expect(expectError(await api.gql(CONSENT, { proposalId: proposal.id }, unpledgedAdmin.token), 'FORBIDDEN')).toMatch(
        /from COUNCIL_CONFIDENTIAL/,
      );
      const consented = await api.gqlOk(CONSENT, { proposalId: proposal.id }, council.orgAdmin.token);
      expect(consented.consentToAdvisoryWidening.classification).toBe('UNCLASSIFIED');
    });
  });

  describe('a withdrawn advisory', () => {
    it('shows its content to the secretariat only in a view rule B gives', async () => {
      const id = await steps.published(council.author, {
        tearLine: { ...(advisoryInput().tearLine as object), tlp: 'CLEAR', title: 'Public tear line' },
      });
      await api.gqlOk(WITHDRAW, { id, reason: 'Retracted' }, council.author.token);
      // Rule A gives the lapsed secretariat person the CLEAR tear line, but no retracted content.
      expect((await api.gqlOk(ONE, { id }, unpledgedSecretariat.token)).advisory).toMatchObject({
        access: 'TEAR_LINE',
        status: 'WITHDRAWN',
        title: null,
        summary: null,
        recommendedActions: null,
        withdrawalReason: 'Retracted',
      });
      expect((await api.gqlOk(ONE, { id }, council.unclearedSecretariat.token)).advisory).toMatchObject({
        access: 'FULL',
        title: 'Credential phishing against regional banks',
      });
    });
  });

  describe('withdrawing', () => {
    it('is refused to the originator’s people once their organisation is not active', async () => {
      const id = await steps.published(council.author);
      await api.dataSource.query('UPDATE organisations SET active = false WHERE id = $1', [council.orgId]);
      try {
        for (const actor of [council.orgAdmin, council.author]) {
          const result = await api.gql(WITHDRAW, { id, reason: 'Not ours to say' }, actor.token);
          expect(result.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
        }
      } finally {
        await api.dataSource.query('UPDATE organisations SET active = true WHERE id = $1', [council.orgId]);
      }
      expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.status).toBe('PUBLISHED');
    });
  });
});
