import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { Role } from '../../libs/platform/src/vocabulary';
import { insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  advisoryInput,
  APPROVE,
  auditOf,
  buildCouncil,
  CREATE,
  expectError,
  lifecycleSteps,
  ONE,
  outboxOf,
  PROPOSE,
  REJECT,
  SUBMIT,
  UPDATE,
  VERSIONS,
  WITHDRAW,
  type LifecycleCouncil,
  type Person,
} from './lifecycle-council';

describe('the advisory lifecycle through GraphQL', () => {
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

  describe('createAdvisory', () => {
    it('lets a member write a DRAFT of their organisation, shown to them in full', async () => {
      const result = await api.gqlOk(CREATE, { input: advisoryInput({ audience: { sectors: ['FINANCE'] } }) }, council.author.token);
      expect(result.createAdvisory).toMatchObject({
        status: 'DRAFT',
        access: 'FULL',
        version: 1,
        severity: 'MEDIUM',
        classification: 'COUNCIL_CONFIDENTIAL',
        title: 'Credential phishing against regional banks',
        body: 'Indicators and analysis.',
        publishedAt: null,
        originator: { id: council.orgId },
        audience: { tiers: [], sectors: ['FINANCE'], regions: [], organisationIds: [], personIds: [], noForeign: false },
      });
      const id = result.createAdvisory.id;
      expect(await auditOf(api, id)).toEqual([{ action: 'advisory.created', actor_id: council.author.id }]);
      expect(await outboxOf(api, id)).toEqual([]);
    });

    it('keeps a draft private to its originator: the secretariat does not see it', async () => {
      const id = await steps.create(council.author);
      expect((await api.gqlOk(ONE, { id }, council.orgAdmin.token)).advisory).toMatchObject({ id, status: 'DRAFT' });
      expect((await api.gqlOk(ONE, { id }, council.secretariat.token)).advisory).toBeNull();
      expect((await api.gqlOk(ONE, { id }, council.colleague.token)).advisory).toBeNull();
    });

    it('refuses a person who is not a member, an auditor and the secretariat without a tier', async () => {
      for (const person of [council.nonMember, council.auditor, council.secretariat]) {
        const message = expectError(await api.gql(CREATE, { input: advisoryInput() }, person.token), 'FORBIDDEN');
        expect(message).toMatch(/Only members of the council author advisories/);
      }
    });

    it('refuses a member whose pledge has expired', async () => {
      const lapsed = await insertPerson(api.dataSource, { organisationId: council.orgId, pledgeExpiresAt: new Date(Date.now() - 1000) });
      expectError(await api.gql(CREATE, { input: advisoryInput() }, api.tokenFor(lapsed.id)), 'FORBIDDEN');
    });
  });

  describe('submitAdvisory', () => {
    it("moves the author's draft to PENDING_REVIEW, once", async () => {
      const id = await steps.create(council.author);
      const result = await api.gqlOk(SUBMIT, { id }, council.author.token);
      expect(result.submitAdvisory).toMatchObject({ id, status: 'PENDING_REVIEW', access: 'FULL' });
      expect(expectError(await api.gql(SUBMIT, { id }, council.author.token), 'FORBIDDEN')).toMatch(
        /PENDING_REVIEW advisory cannot be submitted/,
      );
      expect((await auditOf(api, id)).map((r) => r.action)).toEqual(['advisory.created', 'advisory.submitted']);
    });

    it("is the author's: an ORG_ADMIN who sees the draft may not submit it", async () => {
      const id = await steps.create(council.author);
      expect(expectError(await api.gql(SUBMIT, { id }, council.orgAdmin.token), 'FORBIDDEN')).toMatch(/Only the author/);
    });
  });

  describe('approveAdvisory', () => {
    it('publishes, writes one advisory.published outbox row and the first version, in the same transaction', async () => {
      const id = await steps.submitted(council.author);
      expect(await outboxOf(api, id)).toEqual([]);
      const result = await api.gqlOk(APPROVE, { id }, council.secretariat.token);
      expect(result.approveAdvisory).toMatchObject({ id, status: 'PUBLISHED', access: 'FULL', version: 1 });
      expect(result.approveAdvisory.publishedAt).not.toBeNull();
      expect(await outboxOf(api, id)).toEqual([{ event: 'advisory.published', advisory_version: 1 }]);
      expect((await auditOf(api, id)).map((r) => r.action)).toEqual(['advisory.created', 'advisory.submitted', 'advisory.approved']);
      const [row] = await api.dataSource.query('SELECT sort_at, published_at FROM advisories WHERE id = $1', [id]);
      expect(row.sort_at).toEqual(row.published_at);
      // A member of another organisation now reads it.
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toMatchObject({
        id,
        access: 'FULL',
        audience: null,
        originator: null,
      });
      const versions = await api.gqlOk(VERSIONS, { id }, council.author.token);
      expect(versions.advisoryVersions.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([[1, 'PUBLISHED']]);
    });

    it('does not publish twice', async () => {
      const id = await steps.published();
      expect(expectError(await api.gql(APPROVE, { id }, council.secretariat.token), 'FORBIDDEN')).toMatch(
        /PUBLISHED advisory cannot be approved/,
      );
      expect(await outboxOf(api, id)).toHaveLength(1);
    });

    it('publishes once when moderators approve at the same instant: one event, one version', async () => {
      const id = await steps.submitted(council.author);
      const results = await Promise.all([1, 2, 3].map(() => api.gql(APPROVE, { id }, council.secretariat.token)));
      expect(results.filter((r) => !r.errors).length).toBe(1);
      for (const refused of results.filter((r) => r.errors)) expectError(refused, 'FORBIDDEN');
      expect(await outboxOf(api, id)).toEqual([{ event: 'advisory.published', advisory_version: 1 }]);
      expect(await api.dataSource.query('SELECT version FROM advisory_versions WHERE advisory_id = $1', [id])).toEqual([{ version: 1 }]);
    });

    it('keeps four eyes: a secretariat person never approves or rejects what they wrote', async () => {
      const secretariatAuthor = await insertPerson(api.dataSource, {
        organisationId: council.orgId,
        roles: [Role.SECRETARIAT, Role.ANALYST],
      });
      const author: Person = { id: secretariatAuthor.id, token: api.tokenFor(secretariatAuthor.id) };
      const id = await steps.submitted(author);
      expect(expectError(await api.gql(APPROVE, { id }, author.token), 'FORBIDDEN')).toMatch(/Four eyes/);
      expectError(await api.gql(REJECT, { id, reason: 'mine' }, author.token), 'FORBIDDEN');
      expect((await api.gqlOk(APPROVE, { id }, council.secretariat.token)).approveAdvisory.status).toBe('PUBLISHED');
    });

    it('is refused to members and org admins, who are not the secretariat', async () => {
      const id = await steps.submitted(council.author);
      expect(expectError(await api.gql(APPROVE, { id }, council.orgAdmin.token), 'FORBIDDEN')).toMatch(/Only the secretariat/);
      expect(await outboxOf(api, id)).toEqual([]);
    });

    it('needs a moderator who may read the FULL view: an uncleared secretariat person cannot approve IESI', async () => {
      const id = await steps.submitted(council.clearedAuthor, {
        full: { ...(advisoryInput().full as object), classification: 'IESI' },
      });
      const seen = await api.gqlOk(ONE, { id }, council.unclearedSecretariat.token);
      expect(seen.advisory).toMatchObject({ access: 'TEAR_LINE', body: null });
      const message = expectError(await api.gql(APPROVE, { id }, council.unclearedSecretariat.token), 'FORBIDDEN');
      expect(message).toMatch(/IESI clearance/);
      expectError(await api.gql(REJECT, { id, reason: 'no' }, council.unclearedSecretariat.token), 'FORBIDDEN');
      expect((await api.gqlOk(APPROVE, { id }, council.secretariat.token)).approveAdvisory).toMatchObject({
        status: 'PUBLISHED',
        access: 'FULL',
      });
    });

    it('commits nothing when the transaction fails: no status change, no outbox row, no version', async () => {
      const id = await steps.submitted(council.author);
      const audit = api.app.get(AuditLogService);
      const spy = jest.spyOn(audit, 'append').mockRejectedValueOnce(new Error('disk full'));
      try {
        expectError(await api.gql(APPROVE, { id }, council.secretariat.token), 'INTERNAL_SERVER_ERROR');
      } finally {
        spy.mockRestore();
      }
      expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.status).toBe('PENDING_REVIEW');
      expect(await outboxOf(api, id)).toEqual([]);
      expect(await api.dataSource.query('SELECT 1 FROM advisory_versions WHERE advisory_id = $1', [id])).toEqual([]);
      await api.gqlOk(APPROVE, { id }, council.secretariat.token);
      expect(await outboxOf(api, id)).toEqual([{ event: 'advisory.published', advisory_version: 1 }]);
    });
  });

  describe('rejectAdvisory', () => {
    it('sends it back with a reason the author reads, writes no outbox row; the author edits and resubmits', async () => {
      const id = await steps.submitted(council.author);
      const rejected = await api.gqlOk(REJECT, { id, reason: 'Remove the victim names' }, council.secretariat.token);
      expect(rejected.rejectAdvisory).toMatchObject({ status: 'REJECTED', rejectionReason: 'Remove the victim names' });
      expect(await outboxOf(api, id)).toEqual([]);
      expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.rejectionReason).toBe('Remove the victim names');
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toBeNull();

      const edited = await api.gqlOk(
        UPDATE,
        { id, input: { full: { ...(advisoryInput().full as object), body: 'Sanitised' } } },
        council.author.token,
      );
      expect(edited.updateAdvisory).toMatchObject({ status: 'REJECTED', version: 1, body: 'Sanitised' });
      await api.gqlOk(SUBMIT, { id }, council.author.token);
      const approved = await api.gqlOk(APPROVE, { id }, council.secretariat.token);
      expect(approved.approveAdvisory).toMatchObject({ status: 'PUBLISHED', body: 'Sanitised', rejectionReason: null });
      expect((await auditOf(api, id)).map((r) => r.action)).toEqual([
        'advisory.created',
        'advisory.submitted',
        'advisory.rejected',
        'advisory.edited',
        'advisory.submitted',
        'advisory.approved',
      ]);
    });

    it('needs a reason', async () => {
      const id = await steps.submitted(council.author);
      expect(expectError(await api.gql(REJECT, { id, reason: '   ' }, council.secretariat.token), 'BAD_USER_INPUT')).toMatch(/reason/);
      expectError(await api.gql(REJECT, { id, reason: 'x'.repeat(4001) }, council.secretariat.token), 'BAD_USER_INPUT');
    });
  });

  describe('withdrawAdvisory', () => {
    it('is open to the secretariat, the author and an ORG_ADMIN of the originator, and writes advisory.withdrawn once', async () => {
      for (const actor of [council.secretariat, council.author, council.orgAdmin]) {
        const id = await steps.published();
        const result = await api.gqlOk(WITHDRAW, { id, reason: 'False positive' }, actor.token);
        expect(result.withdrawAdvisory).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'False positive' });
        expect(await outboxOf(api, id)).toEqual([
          { event: 'advisory.published', advisory_version: 1 },
          { event: 'advisory.withdrawn', advisory_version: 1 },
        ]);
        expect((await auditOf(api, id)).at(-1)).toEqual({ action: 'advisory.withdrawn', actor_id: actor.id });
      }
    });

    it('is refused to readers who are not the originator, even an admin of another organisation or a colleague', async () => {
      const id = await steps.published();
      for (const actor of [council.reader, council.otherOrgAdmin, council.colleague]) {
        expect(expectError(await api.gql(WITHDRAW, { id, reason: 'x' }, actor.token), 'FORBIDDEN')).toMatch(/may withdraw/);
      }
      expect(await outboxOf(api, id)).toHaveLength(1);
    });

    it('leaves readers a retracted advisory with its reason', async () => {
      const id = await steps.published();
      await api.gqlOk(WITHDRAW, { id, reason: 'Superseded' }, council.author.token);
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toMatchObject({
        status: 'WITHDRAWN',
        withdrawalReason: 'Superseded',
        title: null,
        body: null,
      });
      expect(expectError(await api.gql(WITHDRAW, { id, reason: 'again' }, council.author.token), 'FORBIDDEN')).toMatch(
        /WITHDRAWN advisory cannot be withdrawn/,
      );
    });

    it('only withdraws what is published', async () => {
      const id = await steps.submitted(council.author);
      expectError(await api.gql(WITHDRAW, { id, reason: 'x' }, council.author.token), 'FORBIDDEN');
    });
  });

  describe('not found and not allowed', () => {
    it('answers a mutation on an advisory the actor cannot see exactly like one on an id that never existed', async () => {
      const draft = await steps.create(council.author);
      const published = await steps.published(council.author, { audience: { personIds: [council.colleague.id] } });
      const nowhere = randomUUID();
      const operations: Array<[string, Record<string, unknown>]> = [
        [SUBMIT, {}],
        [APPROVE, {}],
        [REJECT, { reason: 'x' }],
        [WITHDRAW, { reason: 'x' }],
        [UPDATE, { input: { severity: 'HIGH' } }],
        [VERSIONS, {}],
        [PROPOSE, { input: { audience: { regions: [] } } }],
      ];
      for (const [operation, variables] of operations) {
        const answers = [];
        for (const [id, actor] of [
          [draft, council.secretariat],
          [published, council.reader],
          [nowhere, council.author],
          ['not-an-id', council.author],
        ] as const) {
          const result = await api.gql(operation, { id, ...variables }, actor.token);
          answers.push({ errors: result.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })), data: result.data });
        }
        expect(answers[0]).toEqual({ errors: [{ message: 'Advisory not found', code: 'NOT_FOUND' }], data: null });
        for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
      }
    });
  });
});
