import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { castOf, expectRefusal, expectUnchanged, PERSON_FIELDS, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { Role } from '../../libs/platform/src/vocabulary';

const SET_ACTIVE = `mutation($personId: ID!, $active: Boolean!) { setPersonActive(personId: $personId, active: $active) { ${PERSON_FIELDS} } }`;
const SET_ROLES = `mutation($personId: ID!, $roles: [Role!]!) { setPersonRoles(personId: $personId, roles: $roles) { ${PERSON_FIELDS} } }`;
const PERSON = `query($id: ID!) { person(id: $id) { id email organisation { id } } }`;
const PEOPLE = `query($first: Int, $after: String, $organisationId: ID) {
  people(first: $first, after: $after, organisationId: $organisationId) { edges { cursor node { id email } } pageInfo { endCursor hasNextPage } } }`;
const ME = `{ me { id roles } }`;

describe('people', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const colleague = (roles: Role[] = [Role.ANALYST]) => insertPerson(api.dataSource, { organisationId: cast.ownOrg.id, roles });
  const auditTrail = (subjectId: string) =>
    api.dataSource.query(`SELECT action, actor_id, before, after FROM audit_log WHERE subject_id = $1 ORDER BY id`, [subjectId]);

  describe('setPersonActive', () => {
    it("lets the secretariat deactivate anyone, effective on that person's very next request", async () => {
      const person = await colleague();
      const token = api.tokenFor(person.id);
      await api.gqlOk(ME, {}, token);
      const { setPersonActive } = await api.gqlOk(SET_ACTIVE, { personId: person.id, active: false }, cast.secretariatToken);
      expect(setPersonActive.active).toBe(false);
      expectRefusal(await api.gql(ME, {}, token), 'UNAUTHENTICATED');
      await api.gqlOk(SET_ACTIVE, { personId: person.id, active: true }, cast.secretariatToken);
      await api.gqlOk(ME, {}, token);
      expect(await auditTrail(person.id)).toEqual([
        { action: 'person.deactivated', actor_id: cast.secretariat.id, before: { active: true }, after: { active: false } },
        { action: 'person.activated', actor_id: cast.secretariat.id, before: { active: false }, after: { active: true } },
      ]);
    });

    it('lets an ORG_ADMIN deactivate people of their own organisation', async () => {
      const person = await colleague([Role.CISO]);
      const { setPersonActive } = await api.gqlOk(SET_ACTIVE, { personId: person.id, active: false }, cast.orgAdminToken);
      expect(setPersonActive.active).toBe(false);
    });

    it('lets an ORG_ADMIN re-activate only people an ORG_ADMIN deactivated, never one the secretariat deactivated', async () => {
      const byAdmin = await colleague();
      await api.gqlOk(SET_ACTIVE, { personId: byAdmin.id, active: false }, cast.orgAdminToken);
      const { setPersonActive } = await api.gqlOk(SET_ACTIVE, { personId: byAdmin.id, active: true }, cast.orgAdminToken);
      expect(setPersonActive.active).toBe(true);

      const bySecretariat = await colleague();
      await api.gqlOk(SET_ACTIVE, { personId: bySecretariat.id, active: false }, cast.secretariatToken);
      const refused = await expectUnchanged(api.dataSource, () =>
        api.gql(SET_ACTIVE, { personId: bySecretariat.id, active: true }, cast.orgAdminToken),
      );
      expectRefusal(refused, 'FORBIDDEN', /a person the secretariat deactivated only the secretariat re-activates/);
      const [{ deactivated_by_id }] = await api.dataSource.query(`SELECT deactivated_by_id FROM persons WHERE id = $1`, [bySecretariat.id]);
      expect(deactivated_by_id).toBe(cast.secretariat.id);
      // The secretariat brings them back, and after that the organisation manages them again.
      await api.gqlOk(SET_ACTIVE, { personId: bySecretariat.id, active: true }, cast.secretariatToken);
      await api.gqlOk(SET_ACTIVE, { personId: bySecretariat.id, active: false }, cast.orgAdminToken);
      await api.gqlOk(SET_ACTIVE, { personId: bySecretariat.id, active: true }, cast.orgAdminToken);
    });

    it('hides people of other organisations from an ORG_ADMIN (NOT_FOUND, as for an unknown id)', async () => {
      const stranger = await insertPerson(api.dataSource, { organisationId: cast.otherOrg.id });
      const result = await expectUnchanged(api.dataSource, () =>
        api.gql(SET_ACTIVE, { personId: stranger.id, active: false }, cast.orgAdminToken),
      );
      const hidden = expectRefusal(result, 'NOT_FOUND');
      const unknown = await api.gql(SET_ACTIVE, { personId: '00000000-0000-4000-8000-000000000001', active: false }, cast.orgAdminToken);
      expect(expectRefusal(unknown, 'NOT_FOUND')).toBe(hidden);
    });

    it('refuses an ORG_ADMIN a colleague holding AUDITOR, and anyone themselves', async () => {
      const overseer = await colleague([Role.AUDITOR]);
      for (const [token, personId] of [
        [cast.orgAdminToken, overseer.id],
        [cast.orgAdminToken, cast.orgAdmin.id],
        [cast.secretariatToken, cast.secretariat.id],
      ]) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(SET_ACTIVE, { personId, active: false }, token));
        expectRefusal(result, 'FORBIDDEN');
      }
    });

    it('refuses a plain member and an auditor', async () => {
      const person = await colleague();
      for (const token of [cast.memberToken, cast.auditorToken]) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(SET_ACTIVE, { personId: person.id, active: false }, token));
        expectRefusal(result, 'FORBIDDEN', /may activate or deactivate/);
      }
    });

    it('refuses an ORG_ADMIN whose organisation is deactivated', async () => {
      const closed = await insertOrganisation(api.dataSource, { active: false });
      const admin = await insertPerson(api.dataSource, { organisationId: closed.id, roles: [Role.ORG_ADMIN] });
      const person = await insertPerson(api.dataSource, { organisationId: closed.id });
      const result = await api.gql(SET_ACTIVE, { personId: person.id, active: false }, api.tokenFor(admin.id));
      expectRefusal(result, 'FORBIDDEN');
    });

    it('refuses a malformed id naming the argument', async () => {
      const result = await api.gql(SET_ACTIVE, { personId: 'nobody', active: false }, cast.secretariatToken);
      expectRefusal(result, 'BAD_USER_INPUT', /personId: personId must be a UUID/);
    });
  });

  describe('setPersonRoles', () => {
    it("lets the secretariat change anyone's roles, recorded with before and after", async () => {
      const person = await colleague([Role.ANALYST]);
      const { setPersonRoles } = await api.gqlOk(SET_ROLES, { personId: person.id, roles: ['CISO', 'ORG_ADMIN'] }, cast.secretariatToken);
      expect(setPersonRoles.roles).toEqual(['CISO', 'ORG_ADMIN']);
      expect(await auditTrail(person.id)).toEqual([
        {
          action: 'person.roles_changed',
          actor_id: cast.secretariat.id,
          before: { roles: ['ANALYST'] },
          after: { roles: ['CISO', 'ORG_ADMIN'] },
        },
      ]);
    });

    it('takes effect on the next request: a former ORG_ADMIN can no longer deactivate colleagues', async () => {
      const admin = await colleague([Role.ORG_ADMIN]);
      const person = await colleague();
      const token = api.tokenFor(admin.id);
      await api.gqlOk(SET_ROLES, { personId: admin.id, roles: ['ANALYST'] }, cast.secretariatToken);
      expectRefusal(await api.gql(SET_ACTIVE, { personId: person.id, active: false }, token), 'FORBIDDEN');
    });

    it('lets an ORG_ADMIN give colleagues any role but SECRETARIAT and AUDITOR', async () => {
      const person = await colleague();
      await api.gqlOk(SET_ROLES, { personId: person.id, roles: ['CISO', 'ANALYST'] }, cast.orgAdminToken);
      for (const roles of [['SECRETARIAT'], ['AUDITOR', 'CISO']]) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(SET_ROLES, { personId: person.id, roles }, cast.orgAdminToken));
        expectRefusal(result, 'FORBIDDEN');
      }
    });

    it("refuses changing one's own roles, other organisations' people, and plain members", async () => {
      const stranger = await insertPerson(api.dataSource, { organisationId: cast.otherOrg.id });
      const person = await colleague();
      const cases: Array<[string, string, string]> = [
        [cast.orgAdminToken, cast.orgAdmin.id, 'FORBIDDEN'],
        [cast.secretariatToken, cast.secretariat.id, 'FORBIDDEN'],
        [cast.orgAdminToken, stranger.id, 'NOT_FOUND'],
        [cast.memberToken, person.id, 'FORBIDDEN'],
        [cast.auditorToken, person.id, 'FORBIDDEN'],
      ];
      for (const [token, personId, code] of cases) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(SET_ROLES, { personId, roles: ['CISO'] }, token));
        expectRefusal(result, code);
      }
    });

    it('refuses ORG_ADMIN for a person without organisation, and unknown or repeated roles', async () => {
      const individual = await insertPerson(api.dataSource, { individualTier: 'GENERAL' as never });
      const cases: Array<[unknown, RegExp]> = [
        [['ORG_ADMIN'], /roles: ORG_ADMIN is a role within an organisation/],
        [['CISO', 'CISO'], /roles: roles must not repeat a value/],
        [['KING'], /"KING" does not exist in "Role" enum/],
      ];
      for (const [roles, message] of cases) {
        const result = await expectUnchanged(api.dataSource, () =>
          api.gql(SET_ROLES, { personId: individual.id, roles }, cast.secretariatToken),
        );
        expectRefusal(result, 'BAD_USER_INPUT', message);
      }
    });
  });

  describe('person and people queries', () => {
    it('show the secretariat and auditors anyone', async () => {
      const stranger = await insertPerson(api.dataSource, { organisationId: cast.otherOrg.id });
      for (const token of [cast.secretariatToken, cast.auditorToken]) {
        const { person } = await api.gqlOk(PERSON, { id: stranger.id }, token);
        expect(person).toMatchObject({ id: stranger.id, organisation: { id: cast.otherOrg.id } });
      }
    });

    it("show an ORG_ADMIN their organisation's people, a member only themselves", async () => {
      const stranger = await insertPerson(api.dataSource, { organisationId: cast.otherOrg.id });
      expect((await api.gqlOk(PERSON, { id: cast.member.id }, cast.orgAdminToken)).person?.id).toBe(cast.member.id);
      expect((await api.gqlOk(PERSON, { id: stranger.id }, cast.orgAdminToken)).person).toBeNull();
      expect((await api.gqlOk(PERSON, { id: cast.orgAdmin.id }, cast.memberToken)).person).toBeNull();
      expect((await api.gqlOk(PERSON, { id: cast.member.id }, cast.memberToken)).person?.id).toBe(cast.member.id);
      const { people } = await api.gqlOk(PEOPLE, { first: 200 }, cast.orgAdminToken);
      const ids = people.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(ids).toContain(cast.member.id);
      expect(ids).not.toContain(stranger.id);
      expect(ids).not.toContain(cast.secretariat.id);
    });

    it('pages people by e-mail address without overlap', async () => {
      const org = await insertOrganisation(api.dataSource);
      for (const n of [1, 2, 3, 4, 5]) await insertPerson(api.dataSource, { organisationId: org.id, email: `p${n}@paging.test` });
      const first = (await api.gqlOk(PEOPLE, { first: 2, organisationId: org.id }, cast.secretariatToken)).people;
      expect(first.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual(['p1@paging.test', 'p2@paging.test']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = (await api.gqlOk(PEOPLE, { first: 5, after: first.pageInfo.endCursor, organisationId: org.id }, cast.secretariatToken))
        .people;
      expect(rest.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual([
        'p3@paging.test',
        'p4@paging.test',
        'p5@paging.test',
      ]);
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a foreign cursor and a page over 200', async () => {
      expectRefusal(await api.gql(PEOPLE, { after: 'bm90LWEtY3Vyc29y' }, cast.secretariatToken), 'BAD_USER_INPUT', /after: not a cursor/);
      expectRefusal(
        await api.gql(PEOPLE, { first: 201 }, cast.secretariatToken),
        'BAD_USER_INPUT',
        /first: first must not be greater than 200/,
      );
    });
  });
});
