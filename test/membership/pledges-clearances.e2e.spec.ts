import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import {
  castOf,
  clearedApprover,
  expectRefusal,
  expectUnchanged,
  grantClearanceThroughApi,
  PERSON_FIELDS,
  type Cast,
} from '../support/membership-session';
import { Role } from '../../libs/platform/src/vocabulary';
import { startTestApp, type TestApp } from '../support/test-app';

const SIGN = `mutation { signPledge { ${PERSON_FIELDS} } }`;
const GRANT = `mutation($personId: ID!, $level: ClearanceLevel!, $expiresAt: DateTime!) {
  grantClearance(personId: $personId, level: $level, expiresAt: $expiresAt) { ${PERSON_FIELDS} } }`;
const SUSPEND = `mutation($personId: ID!) { suspendClearance(personId: $personId) { ${PERSON_FIELDS} } }`;
const REQUEST_FIELDS = `id level expiresAt status mayApprove approvalRefusal requestedAt
  person { ${PERSON_FIELDS} } requestedBy { id } decidedBy { id } decidedAt`;
const PENDING = `{ clearanceGrantRequests { ${REQUEST_FIELDS} } }`;
const APPROVE = `mutation($requestId: ID!) { approveClearanceGrant(requestId: $requestId) { ${REQUEST_FIELDS} } }`;
const REJECT = `mutation($requestId: ID!) { rejectClearanceGrant(requestId: $requestId) { ${REQUEST_FIELDS} } }`;
const INVITE = `mutation($input: CreatePersonInput!) { invitePerson(input: $input) { token person { id } } }`;
const ACCEPT = `mutation($token: String!) { acceptInvitation(token: $token, password: "a second identity's password") { accessToken } }`;
const DAY = 86_400_000;
const PLEDGE_DAYS = 30;

describe('pledges and clearances', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_PLEDGE_VALIDITY_DAYS: String(PLEDGE_DAYS) });
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const lastEntry = async (subjectId: string) =>
    (
      await api.dataSource.query(`SELECT action, actor_id, before, after FROM audit_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [
        subjectId,
      ])
    )[0];

  describe('signPledge', () => {
    it("signs the reader's own pledge, valid for the configured days, and records it", async () => {
      const person = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id, pledgeExpiresAt: null });
      const before = Date.now();
      const { signPledge } = await api.gqlOk(SIGN, {}, api.tokenFor(person.id));
      expect(signPledge.id).toBe(person.id);
      const expires = new Date(signPledge.pledgeExpiresAt).getTime();
      expect(expires).toBeGreaterThanOrEqual(before + PLEDGE_DAYS * DAY - 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + PLEDGE_DAYS * DAY + 1000);
      expect(await lastEntry(person.id)).toEqual({
        action: 'pledge.signed',
        actor_id: person.id,
        before: { pledgeExpiresAt: null },
        after: { pledgeExpiresAt: signPledge.pledgeExpiresAt },
      });
    });

    it('renews a pledge that has expired, for any role', async () => {
      const lapsed = await insertPerson(api.dataSource, { roles: ['AUDITOR' as never], pledgeExpiresAt: inDays(-3) });
      const { signPledge } = await api.gqlOk(SIGN, {}, api.tokenFor(lapsed.id));
      expect(new Date(signPledge.pledgeExpiresAt).getTime()).toBeGreaterThan(Date.now());
    });

    it('refuses anyone not signed in, and a deactivated person', async () => {
      expectRefusal(await api.gql(SIGN), 'UNAUTHENTICATED');
      const former = await insertPerson(api.dataSource, { active: false });
      expectRefusal(await expectUnchanged(api.dataSource, () => api.gql(SIGN, {}, api.tokenFor(former.id))), 'UNAUTHENTICATED');
    });
  });

  describe('clearance grants: one secretariat person requests, another approves', () => {
    let approver: { id: string; token: string };
    beforeAll(async () => {
      approver = await clearedApprover(api);
    });

    const pendingFor = async (personId: string, token = approver.token) =>
      (await api.gqlOk(PENDING, {}, token)).clearanceGrantRequests.find((r: { person: { id: string } }) => r.person.id === personId);

    it('records the first grantClearance as a pending request and changes no clearance', async () => {
      const person = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
      const expiresAt = inDays(400).toISOString();
      const { grantClearance } = await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      expect(grantClearance.clearance).toEqual({ level: 'NONE', expiresAt: null, suspended: false });
      const entry = await lastEntry(person.id);
      expect(entry).toMatchObject({
        action: 'clearance.grant_requested',
        actor_id: cast.secretariat.id,
        after: { level: 'IESI', expiresAt },
      });

      const asRequester = await pendingFor(person.id, cast.secretariatToken);
      expect(asRequester).toMatchObject({
        id: entry.after.requestId,
        level: 'IESI',
        expiresAt,
        status: 'PENDING',
        requestedBy: { id: cast.secretariat.id },
        decidedBy: null,
        mayApprove: false,
        approvalRefusal: 'You requested this clearance grant: another secretariat person must approve it',
      });
      expect(await pendingFor(person.id)).toMatchObject({ mayApprove: true, approvalRefusal: null });
      // Auditors see the requests too; nobody else.
      expect(await pendingFor(person.id, cast.auditorToken)).toMatchObject({
        mayApprove: false,
        approvalRefusal: 'Only the secretariat approves clearance grants',
      });
      for (const token of [cast.orgAdminToken, cast.memberToken]) {
        expect((await api.gqlOk(PENDING, {}, token)).clearanceGrantRequests).toEqual([]);
      }
    });

    it("lets a second, cleared secretariat person approve: the request's level and expiry, even where the facility is not cleared", async () => {
      const uncleared = await insertOrganisation(api.dataSource, { facilityClearanceExpiresAt: null });
      const person = await insertPerson(api.dataSource, { organisationId: uncleared.id });
      const expiresAt = inDays(300).toISOString();
      await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      const request = await pendingFor(person.id);
      const { approveClearanceGrant } = await api.gqlOk(APPROVE, { requestId: request.id }, approver.token);
      expect(approveClearanceGrant).toMatchObject({
        id: request.id,
        status: 'APPROVED',
        decidedBy: { id: approver.id },
        person: { id: person.id, clearance: { level: 'IESI', expiresAt, suspended: false } },
        mayApprove: false,
      });
      expect(await lastEntry(person.id)).toEqual({
        action: 'clearance.granted',
        actor_id: approver.id,
        before: { level: 'NONE', expiresAt: null, suspended: false },
        after: { level: 'IESI', expiresAt, suspended: false, requestId: request.id, requestedById: cast.secretariat.id },
      });
      expect(await pendingFor(person.id)).toBeUndefined();
      expectRefusal(await api.gql(APPROVE, { requestId: request.id }, approver.token), 'CONFLICT', /already been approved/);
    });

    it("approves through grantClearance called by the second person with the request's expiry, and refuses another expiry", async () => {
      const person = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
      const expiresAt = inDays(120).toISOString();
      await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      const other = await expectUnchanged(api.dataSource, () =>
        api.gql(GRANT, { personId: person.id, level: 'IESI', expiresAt: inDays(999).toISOString() }, approver.token),
      );
      expectRefusal(
        other,
        'BAD_USER_INPUT',
        new RegExp(`expiresAt: the pending request grants IESI until ${expiresAt.replace(/\./g, '\\.')}: approve it with that expiresAt`),
      );
      const { grantClearance } = await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt }, approver.token);
      expect(grantClearance.clearance).toEqual({ level: 'IESI', expiresAt, suspended: false });
      expect(await lastEntry(person.id)).toMatchObject({ action: 'clearance.granted', actor_id: approver.id });
    });

    it('stops one secretariat person from clearing a second identity they invited: requester, inviter, grantee and the uncleared may not approve', async () => {
      // The uncleared secretariat person invites a second identity, which accepts and signs its pledge.
      const { invitePerson } = await api.gqlOk(
        INVITE,
        { input: { email: `second-${Date.now()}@example.test`, displayName: 'Second Self', roles: ['SECRETARIAT'] } },
        cast.secretariatToken,
      );
      const { acceptInvitation } = await api.gqlOk(ACCEPT, { token: invitePerson.token });
      const second = { id: invitePerson.person.id as string, token: acceptInvitation.accessToken as string };
      await api.gqlOk(SIGN, {}, second.token);
      const expiresAt = inDays(60).toISOString();
      const { grantClearance } = await api.gqlOk(GRANT, { personId: second.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      expect(grantClearance.clearance.level).toBe('NONE');
      const request = await pendingFor(second.id);

      // A cleared secretariat colleague who issued an invitation for the same person (a renewal) may not approve either.
      const inviter = await clearedApprover(api);
      await api.dataSource.query(
        `INSERT INTO invitations (person_id, token_hash, expires_at, invited_by_id) VALUES ($1, $2, now() - interval '1 day', $3)`,
        [second.id, 'f'.repeat(64), inviter.id],
      );
      const refusals: Array<[string, RegExp]> = [
        [cast.secretariatToken, /You requested this clearance grant: another secretariat person must approve it/],
        [second.token, /Nobody approves a clearance grant for themselves/],
        [inviter.token, /You invited this person, so another secretariat person must approve their clearance/],
      ];
      const unclearedColleague = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT] });
      refusals.push([api.tokenFor(unclearedColleague.id), /Only an IESI-cleared secretariat person may approve a clearance grant/]);
      for (const [token, message] of refusals) {
        expectRefusal(
          await expectUnchanged(api.dataSource, () => api.gql(APPROVE, { requestId: request.id }, token)),
          'FORBIDDEN',
          message,
        );
        const again = await expectUnchanged(api.dataSource, () => api.gql(GRANT, { personId: second.id, level: 'IESI', expiresAt }, token));
        expectRefusal(again, 'FORBIDDEN');
      }
      const { me } = await api.gqlOk(`{ me { clearance { level } } }`, {}, second.token);
      expect(me.clearance.level).toBe('NONE');
    });

    it('lets another secretariat person reject a request, never its requester or the person it is for; the clearance stays', async () => {
      const colleague = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT] });
      const expiresAt = inDays(90).toISOString();
      await api.gqlOk(GRANT, { personId: colleague.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      const request = await pendingFor(colleague.id);
      for (const token of [cast.secretariatToken, api.tokenFor(colleague.id)]) {
        const refused = await expectUnchanged(api.dataSource, () => api.gql(REJECT, { requestId: request.id }, token));
        expectRefusal(refused, 'FORBIDDEN', /rejected by a secretariat person other than its requester and the person it is for/);
      }
      for (const token of [cast.orgAdminToken, cast.memberToken, cast.auditorToken]) {
        expectRefusal(
          await expectUnchanged(api.dataSource, () => api.gql(REJECT, { requestId: request.id }, token)),
          'FORBIDDEN',
          /Only the secretariat decides clearance grant requests/,
        );
        expectRefusal(
          await expectUnchanged(api.dataSource, () => api.gql(APPROVE, { requestId: request.id }, token)),
          'FORBIDDEN',
          /Only the secretariat decides clearance grant requests/,
        );
      }
      // Any other secretariat person may reject, cleared or not.
      const uncleared = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT] });
      const { rejectClearanceGrant } = await api.gqlOk(REJECT, { requestId: request.id }, api.tokenFor(uncleared.id));
      expect(rejectClearanceGrant).toMatchObject({
        status: 'REJECTED',
        decidedBy: { id: uncleared.id },
        person: { clearance: { level: 'NONE' } },
      });
      expect(await lastEntry(colleague.id)).toEqual({
        action: 'clearance.grant_rejected',
        actor_id: uncleared.id,
        before: null,
        after: { requestId: request.id, level: 'IESI', expiresAt, requestedById: cast.secretariat.id },
      });
      expectRefusal(await api.gql(APPROVE, { requestId: request.id }, approver.token), 'CONFLICT', /already been rejected/);
      // A new request may follow a rejected one.
      await api.gqlOk(GRANT, { personId: colleague.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      expect(await pendingFor(colleague.id)).toMatchObject({ status: 'PENDING' });
    });

    it('refuses a request for another level while one is pending, and unknown or malformed request ids', async () => {
      const person = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
      await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt: inDays(30).toISOString() }, cast.secretariatToken);
      const other = await expectUnchanged(api.dataSource, () =>
        api.gql(GRANT, { personId: person.id, level: 'NONE', expiresAt: inDays(30).toISOString() }, approver.token),
      );
      expectRefusal(
        other,
        'CONFLICT',
        /A request to grant IESI to this person is pending: approve or reject it before requesting another level/,
      );
      expectRefusal(
        await api.gql(APPROVE, { requestId: '00000000-0000-4000-8000-0000000000ab' }, approver.token),
        'NOT_FOUND',
        /Clearance grant request not found/,
      );
      expectRefusal(await api.gql(REJECT, { requestId: 'nope' }, approver.token), 'BAD_USER_INPUT', /requestId: requestId must be a UUID/);
    });

    it('refuses an expiry that is not in the future, naming the field, changing nothing', async () => {
      for (const expiresAt of [inDays(-1).toISOString(), new Date(Date.now() - 1000).toISOString()]) {
        const result = await expectUnchanged(api.dataSource, () =>
          api.gql(GRANT, { personId: cast.member.id, level: 'IESI', expiresAt }, cast.secretariatToken),
        );
        expectRefusal(result, 'BAD_USER_INPUT', /expiresAt: expiresAt must be in the future/);
      }
    });

    it('refuses an unknown level and a malformed date', async () => {
      const unknown = await api.gql(
        GRANT,
        { personId: cast.member.id, level: 'TOP_SECRET', expiresAt: inDays(9).toISOString() },
        cast.secretariatToken,
      );
      expectRefusal(unknown, 'BAD_USER_INPUT', /"TOP_SECRET" does not exist in "ClearanceLevel" enum/);
      const malformed = await api.gql(GRANT, { personId: cast.member.id, level: 'IESI', expiresAt: 'soon' }, cast.secretariatToken);
      expectRefusal(malformed, 'BAD_USER_INPUT', /expiresAt/);
    });

    it('refuses requests by everyone but the secretariat, and by the secretariat for themselves', async () => {
      const expiresAt = inDays(30).toISOString();
      const cases: Array<[string, string]> = [
        [cast.orgAdminToken, cast.member.id],
        [cast.memberToken, cast.member.id],
        [cast.auditorToken, cast.member.id],
        [cast.secretariatToken, cast.secretariat.id],
        [approver.token, approver.id],
      ];
      for (const [token, personId] of cases) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(GRANT, { personId, level: 'IESI', expiresAt }, token));
        expectRefusal(result, 'FORBIDDEN', /Only the secretariat requests clearance grants, and never for themselves/);
      }
    });

    it('answers NOT_FOUND for an unknown person', async () => {
      const result = await api.gql(
        GRANT,
        { personId: '00000000-0000-4000-8000-0000000000aa', level: 'IESI', expiresAt: inDays(9).toISOString() },
        cast.secretariatToken,
      );
      expectRefusal(result, 'NOT_FOUND', /Person not found/);
    });
  });

  describe('suspendClearance', () => {
    it('lets the secretariat suspend, and a new grant lifts the suspension', async () => {
      const person = await insertPerson(api.dataSource, { clearanceLevel: 'IESI' as never, clearanceExpiresAt: inDays(100) });
      const { suspendClearance } = await api.gqlOk(SUSPEND, { personId: person.id }, cast.secretariatToken);
      expect(suspendClearance.clearance).toMatchObject({ level: 'IESI', suspended: true });
      expect(await lastEntry(person.id)).toMatchObject({
        action: 'clearance.suspended',
        before: { suspended: false },
        after: { suspended: true },
      });
      await grantClearanceThroughApi(api, {
        personId: person.id,
        expiresAt: inDays(50).toISOString(),
        requesterToken: cast.secretariatToken,
        approverToken: (await clearedApprover(api)).token,
      });
      const { person: granted } = await api.gqlOk(
        `query($id: ID!) { person(id: $id) { clearance { suspended } } }`,
        { id: person.id },
        cast.secretariatToken,
      );
      expect(granted.clearance.suspended).toBe(false);
    });

    it('refuses a secretariat person their own clearance', async () => {
      const cleared = await clearedApprover(api);
      const result = await expectUnchanged(api.dataSource, () => api.gql(SUSPEND, { personId: cleared.id }, cleared.token));
      expectRefusal(result, 'FORBIDDEN', /Only the secretariat suspends clearances, and never their own/);
    });

    it('refuses everyone but the secretariat', async () => {
      const person = await insertPerson(api.dataSource, {
        organisationId: cast.ownOrg.id,
        clearanceLevel: 'IESI' as never,
        clearanceExpiresAt: inDays(100),
      });
      for (const token of [cast.orgAdminToken, cast.memberToken, cast.auditorToken, cast.otherOrgAdminToken]) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(SUSPEND, { personId: person.id }, token));
        expectRefusal(result, 'FORBIDDEN', /Only the secretariat suspends clearances/);
      }
    });
  });
});
