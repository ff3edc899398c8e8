import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { castOf, expectRefusal, expectUnchanged, PERSON_FIELDS, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const SIGN = `mutation { signPledge { ${PERSON_FIELDS} } }`;
const GRANT = `mutation($personId: ID!, $level: ClearanceLevel!, $expiresAt: DateTime!) {
  grantClearance(personId: $personId, level: $level, expiresAt: $expiresAt) { ${PERSON_FIELDS} } }`;
const SUSPEND = `mutation($personId: ID!) { suspendClearance(personId: $personId) { ${PERSON_FIELDS} } }`;
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
    (await api.dataSource.query(`SELECT action, actor_id, before, after FROM audit_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [subjectId]))[0];

  describe('signPledge', () => {
    it('signs the reader\'s own pledge, valid for the configured days, and records it', async () => {
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

  describe('grantClearance', () => {
    it('lets the secretariat grant a clearance, even where the facility is not cleared', async () => {
      const uncleared = await insertOrganisation(api.dataSource, { facilityClearanceExpiresAt: null });
      const person = await insertPerson(api.dataSource, { organisationId: uncleared.id });
      const expiresAt = inDays(400).toISOString();
      const { grantClearance } = await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt }, cast.secretariatToken);
      expect(grantClearance.clearance).toEqual({ level: 'IESI', expiresAt, suspended: false });
      expect(await lastEntry(person.id)).toEqual({
        action: 'clearance.granted',
        actor_id: cast.secretariat.id,
        before: { level: 'NONE', expiresAt: null, suspended: false },
        after: { level: 'IESI', expiresAt, suspended: false },
      });
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
      const unknown = await api.gql(GRANT, { personId: cast.member.id, level: 'TOP_SECRET', expiresAt: inDays(9).toISOString() }, cast.secretariatToken);
      expectRefusal(unknown, 'BAD_USER_INPUT', /"TOP_SECRET" does not exist in "ClearanceLevel" enum/);
      const malformed = await api.gql(GRANT, { personId: cast.member.id, level: 'IESI', expiresAt: 'soon' }, cast.secretariatToken);
      expectRefusal(malformed, 'BAD_USER_INPUT', /expiresAt/);
    });

    it('refuses everyone but the secretariat, and the secretariat for themselves', async () => {
      const expiresAt = inDays(30).toISOString();
      const cases: Array<[string, string]> = [
        [cast.orgAdminToken, cast.member.id],
        [cast.memberToken, cast.member.id],
        [cast.auditorToken, cast.member.id],
        [cast.secretariatToken, cast.secretariat.id],
      ];
      for (const [token, personId] of cases) {
        const result = await expectUnchanged(api.dataSource, () => api.gql(GRANT, { personId, level: 'IESI', expiresAt }, token));
        expectRefusal(result, 'FORBIDDEN', /Only the secretariat grants clearances/);
      }
    });

    it('answers NOT_FOUND for an unknown person', async () => {
      const result = await api.gql(GRANT, { personId: '00000000-0000-4000-8000-0000000000aa', level: 'IESI', expiresAt: inDays(9).toISOString() }, cast.secretariatToken);
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
      const { grantClearance } = await api.gqlOk(GRANT, { personId: person.id, level: 'IESI', expiresAt: inDays(50).toISOString() }, cast.secretariatToken);
      expect(grantClearance.clearance.suspended).toBe(false);
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
