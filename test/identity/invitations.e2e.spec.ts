import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { castOf, expectRefusal, expectUnchanged, PERSON_FIELDS, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const INVITE = `mutation($input: CreatePersonInput!) { invitePerson(input: $input) { token expiresAt person { ${PERSON_FIELDS} } } }`;
const ACCEPT = `mutation($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { accessToken person { id email } } }`;
const RENEW = `mutation($personId: ID!) { renewInvitation(personId: $personId) { token expiresAt person { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

let counter = 0;
const email = () => `invitee-${Date.now()}-${++counter}@example.test`;

describe('invitations', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const invite = (input: Record<string, unknown>, token = cast.secretariatToken) => api.gql(INVITE, { input }, token);
  const colleagueInput = (extra: Record<string, unknown> = {}) => ({
    email: email(),
    displayName: 'Hanako Sato',
    organisationId: cast.ownOrg.id,
    roles: ['CISO'],
    ...extra,
  });

  describe('invitePerson', () => {
    it("lets the secretariat invite into any organisation; only the token's SHA-256 is stored, for 7 days", async () => {
      const input = colleagueInput({ organisationId: cast.otherOrg.id, email: `  Mixed.Case-${counter}@Example.TEST ` });
      const before = Date.now();
      const { invitePerson } = await api.gqlOk(INVITE, { input }, cast.secretariatToken);
      expect(invitePerson.person).toMatchObject({
        email: input.email.trim().toLowerCase(),
        displayName: 'Hanako Sato',
        organisation: { id: cast.otherOrg.id },
        roles: ['CISO'],
        active: true,
        pledgeExpiresAt: null,
        clearance: { level: 'NONE', expiresAt: null, suspended: false },
      });
      expect(invitePerson.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const expiresAt = new Date(invitePerson.expiresAt).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY - 1000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY + 1000);
      const rows = await api.dataSource.query(`SELECT to_jsonb(i)::text AS row, token_hash FROM invitations i WHERE person_id = $1`, [
        invitePerson.person.id,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toBe(createHash('sha256').update(invitePerson.token).digest('hex'));
      expect(rows[0].row).not.toContain(invitePerson.token);
      const [entry] = await api.dataSource.query(`SELECT action, actor_id, after FROM audit_log WHERE subject_id = $1`, [
        invitePerson.person.id,
      ]);
      expect(entry).toMatchObject({ action: 'person.invited', actor_id: cast.secretariat.id, after: { roles: ['CISO'] } });
      expect(JSON.stringify(entry)).not.toContain(invitePerson.token);
    });

    it('lets the secretariat invite individual members, secretariat staff and auditors', async () => {
      for (const extra of [
        { organisationId: null, individualTier: 'CLASS_1', roles: ['ANALYST'] },
        { organisationId: null, roles: ['SECRETARIAT'] },
        { organisationId: null, roles: ['AUDITOR'] },
      ]) {
        const { invitePerson } = await api.gqlOk(INVITE, { input: colleagueInput(extra) }, cast.secretariatToken);
        expect(invitePerson.person).toMatchObject({ organisation: null, individualTier: extra.individualTier ?? null, roles: extra.roles });
      }
    });

    it('lets an ORG_ADMIN invite into their own organisation', async () => {
      const { invitePerson } = await api.gqlOk(INVITE, { input: colleagueInput({ roles: ['ORG_ADMIN', 'ANALYST'] }) }, cast.orgAdminToken);
      expect(invitePerson.person.organisation.id).toBe(cast.ownOrg.id);
    });

    it('refuses an ORG_ADMIN another organisation, no organisation, and the SECRETARIAT or AUDITOR role', async () => {
      for (const extra of [
        { organisationId: cast.otherOrg.id },
        { organisationId: null },
        { organisationId: null, individualTier: 'GENERAL' },
        { roles: ['SECRETARIAT'] },
        { roles: ['CISO', 'AUDITOR'] },
      ]) {
        const result = await expectUnchanged(api.dataSource, () => invite(colleagueInput(extra), cast.orgAdminToken));
        expectRefusal(result, 'FORBIDDEN', /ORG_ADMIN for their own organisation/);
      }
    });

    it('refuses a plain member, an auditor, a deactivated ORG_ADMIN and one of a deactivated organisation', async () => {
      const closed = await insertOrganisation(api.dataSource, { active: false });
      const closedAdmin = await insertPerson(api.dataSource, { organisationId: closed.id, roles: ['ORG_ADMIN' as never] });
      const formerAdmin = await insertPerson(api.dataSource, {
        organisationId: cast.ownOrg.id,
        roles: ['ORG_ADMIN' as never],
        active: false,
      });
      const cases: Array<[string, Record<string, unknown>, string]> = [
        [cast.memberToken, colleagueInput(), 'FORBIDDEN'],
        [cast.auditorToken, colleagueInput(), 'FORBIDDEN'],
        [api.tokenFor(closedAdmin.id), colleagueInput({ organisationId: closed.id }), 'FORBIDDEN'],
        [api.tokenFor(formerAdmin.id), colleagueInput(), 'UNAUTHENTICATED'],
      ];
      for (const [token, input, code] of cases) {
        expectRefusal(await expectUnchanged(api.dataSource, () => invite(input, token)), code);
      }
    });

    it('refuses a duplicate e-mail address, whatever its case, naming the field', async () => {
      const input = colleagueInput();
      await api.gqlOk(INVITE, { input }, cast.secretariatToken);
      for (const again of [input.email, input.email.toUpperCase()]) {
        const result = await expectUnchanged(api.dataSource, () => invite(colleagueInput({ email: again })));
        expectRefusal(result, 'CONFLICT', /email: a person with this email address already exists/);
      }
    });

    it('gives an ORG_ADMIN one answer for every taken address, which tells neither that it has an account nor where', async () => {
      const ownColleague = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
      const stranger = await insertPerson(api.dataSource, { organisationId: cast.otherOrg.id });
      const individual = await insertPerson(api.dataSource, { individualTier: 'GENERAL' as never });
      const answers = [];
      for (const taken of [ownColleague.email, stranger.email, individual.email, cast.secretariat.email]) {
        const result = await expectUnchanged(api.dataSource, () =>
          invite(colleagueInput({ email: taken.toUpperCase() }), cast.orgAdminToken),
        );
        answers.push(JSON.stringify(result));
        const message = expectRefusal(
          result,
          'CONFLICT',
          /email: this address cannot be invited by your organisation; if it is the right address, ask the secretariat/,
        );
        expect(message).not.toMatch(/exist|account|organisation [A-Z]|Other Rail/i);
      }
      expect(new Set(answers).size).toBe(1);
      // A fresh address still works for the ORG_ADMIN.
      await api.gqlOk(INVITE, { input: colleagueInput() }, cast.orgAdminToken);
    });

    it.each([
      ['a malformed e-mail address', { email: 'not-an-address' }, /email: email must be an e-mail address/],
      [
        'an over-long e-mail address',
        { email: `${'a'.repeat(250)}@example.test` },
        /email: email must be shorter than or equal to 254 characters/,
      ],
      [
        'an over-long display name',
        { displayName: 'x'.repeat(201) },
        /displayName: displayName must be shorter than or equal to 200 characters/,
      ],
      ['a blank display name', { displayName: '  ' }, /displayName: displayName must not be blank/],
      [
        'an individual tier with an organisation',
        { individualTier: 'CLASS_2' },
        /individualTier: individualTier is only for individual members/,
      ],
      [
        'ORG_ADMIN without organisation',
        { organisationId: null, roles: ['ORG_ADMIN'] },
        /roles: ORG_ADMIN is a role within an organisation/,
      ],
      [
        'an unknown organisation',
        { organisationId: '00000000-0000-4000-8000-00000000000b' },
        /organisationId: no organisation has this id/,
      ],
      ['a malformed organisation id', { organisationId: '42' }, /organisationId: organisationId must be a UUID/],
      ['an unknown role', { roles: ['EMPEROR'] }, /input.roles.*"EMPEROR" does not exist in "Role" enum/],
      ['an unknown tier', { organisationId: null, individualTier: 'GOLD' }, /input.individualTier.*"GOLD" does not exist/],
    ])('refuses %s, changing nothing', async (_what, extra, message) => {
      const result = await expectUnchanged(api.dataSource, () => invite(colleagueInput(extra)));
      expectRefusal(result, 'BAD_USER_INPUT', message);
    });

    it('refuses inviting into a deactivated organisation', async () => {
      const closed = await insertOrganisation(api.dataSource, { active: false });
      const result = await expectUnchanged(api.dataSource, () => invite(colleagueInput({ organisationId: closed.id })));
      expectRefusal(result, 'BAD_USER_INPUT', /organisationId: the organisation is deactivated/);
    });
  });

  describe('acceptInvitation', () => {
    const invited = async (extra: Record<string, unknown> = {}) =>
      (await api.gqlOk(INVITE, { input: colleagueInput(extra) }, cast.secretariatToken)).invitePerson as {
        token: string;
        person: { id: string; email: string };
      };

    it('sets the password and signs the person in; login then works', async () => {
      const { token, person } = await invited();
      const { acceptInvitation } = await api.gqlOk(ACCEPT, { token, password: PASSWORD });
      expect(acceptInvitation.person).toEqual({ id: person.id, email: person.email });
      const me = await api.gqlOk(`{ me { id } }`, {}, acceptInvitation.accessToken);
      expect(me.me.id).toBe(person.id);
      await api.gqlOk(LOGIN, { email: person.email, password: PASSWORD });
      const [hash] = await api.dataSource.query(`SELECT password_hash FROM persons WHERE id = $1`, [person.id]);
      expect(hash.password_hash).toMatch(/^\$argon2id\$/);
      const actions = await api.dataSource.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [person.id]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['person.invited', 'invitation.accepted']);
    });

    it('refuses a token used before, changing nothing', async () => {
      const { token } = await invited();
      await api.gqlOk(ACCEPT, { token, password: PASSWORD });
      const result = await expectUnchanged(api.dataSource, () => api.gql(ACCEPT, { token, password: 'another long password' }));
      expectRefusal(result, 'BAD_USER_INPUT', /token: this invitation has already been used/);
    });

    it('refuses an expired token, changing nothing', async () => {
      const { token, person } = await invited();
      await api.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE person_id = $1`, [person.id]);
      const result = await expectUnchanged(api.dataSource, () => api.gql(ACCEPT, { token, password: PASSWORD }));
      expectRefusal(result, 'BAD_USER_INPUT', /token: this invitation has expired; ask for a new one/);
    });

    it('refuses an unknown token and a short or over-long password, naming the field', async () => {
      const { token } = await invited();
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ token: 'x'.repeat(43), password: PASSWORD }, /token: this invitation token is not valid/],
        [{ token: 'y'.repeat(129), password: PASSWORD }, /token: token must be shorter than or equal to 128 characters/],
        [{ token, password: 'short' }, /password: password must be longer than or equal to 12 characters/],
        [{ token, password: 'p'.repeat(257) }, /password: password must be shorter than or equal to 256 characters/],
      ];
      for (const [variables, message] of cases) {
        expectRefusal(await expectUnchanged(api.dataSource, () => api.gql(ACCEPT, variables)), 'BAD_USER_INPUT', message);
      }
    });

    it('refuses the invitation of a person deactivated meanwhile', async () => {
      const { token, person } = await invited();
      await api.gqlOk(
        `mutation($id: ID!) { setPersonActive(personId: $id, active: false) { id } }`,
        { id: person.id },
        cast.secretariatToken,
      );
      const result = await expectUnchanged(api.dataSource, () => api.gql(ACCEPT, { token, password: PASSWORD }));
      expectRefusal(result, 'BAD_USER_INPUT', /token: this invitation is no longer valid/);
    });
  });

  describe('renewInvitation', () => {
    it('issues a new token to a person who has not accepted; the old one stops working', async () => {
      const { invitePerson } = await api.gqlOk(INVITE, { input: colleagueInput() }, cast.orgAdminToken);
      const { renewInvitation } = await api.gqlOk(RENEW, { personId: invitePerson.person.id }, cast.orgAdminToken);
      expect(renewInvitation.token).not.toBe(invitePerson.token);
      expectRefusal(await api.gql(ACCEPT, { token: invitePerson.token, password: PASSWORD }), 'BAD_USER_INPUT', /expired/);
      await api.gqlOk(ACCEPT, { token: renewInvitation.token, password: PASSWORD });
      expectRefusal(await api.gql(RENEW, { personId: invitePerson.person.id }, cast.orgAdminToken), 'CONFLICT', /already accepted/);
    });

    it('refuses whoever may not invite the person', async () => {
      const { invitePerson } = await api.gqlOk(INVITE, { input: colleagueInput() }, cast.secretariatToken);
      const cases: Array<[string, string]> = [
        [cast.otherOrgAdminToken, 'NOT_FOUND'],
        [cast.memberToken, 'FORBIDDEN'],
        [cast.auditorToken, 'FORBIDDEN'],
      ];
      for (const [token, code] of cases) {
        expectRefusal(await expectUnchanged(api.dataSource, () => api.gql(RENEW, { personId: invitePerson.person.id }, token)), code);
      }
    });
  });
});
