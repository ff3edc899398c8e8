import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { castOf, expectRefusal, expectUnchanged, ORGANISATION_FIELDS, type Cast } from '../support/membership-session';
import { insertPerson } from '../support/council-fixtures';

const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORGANISATION_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { ${ORGANISATION_FIELDS} } }`;
const LIST = `{ organisations { id name } }`;

const valid = {
  name: 'Yokohama City',
  kind: 'LOCAL_GOVERNMENT',
  tier: 'GENERAL',
  sectors: ['GOVERNMENT_SERVICES'],
  prefecture: '14',
  municipality: '14100',
  foreign: false,
  agreementExpiresAt: '2030-01-01T00:00:00.000Z',
};

describe('organisations', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  describe('createOrganisation', () => {
    it('lets the secretariat create one, and records the decision', async () => {
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input: valid }, cast.secretariatToken);
      expect(org).toMatchObject({ ...valid, active: true, facilityClearanceExpiresAt: null });
      const [entry] = await api.dataSource.query(`SELECT * FROM audit_log WHERE subject_id = $1`, [org.id]);
      expect(entry).toMatchObject({ action: 'organisation.created', actor_id: cast.secretariat.id, before: null });
      expect(entry.after).toMatchObject({ name: 'Yokohama City', municipality: '14100' });
    });

    it('accepts a nationwide organisation without prefecture, and a foreign one', async () => {
      const input = { name: 'Global Cloud KK', kind: 'CLOUD_PROVIDER', tier: 'CLASS_1', sectors: [], foreign: true };
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input }, cast.secretariatToken);
      expect(org).toMatchObject({ prefecture: null, municipality: null, foreign: true, agreementExpiresAt: null });
    });

    it.each([
      ['an ORG_ADMIN', (c: Cast) => c.orgAdminToken],
      ['a plain member', (c: Cast) => c.memberToken],
      ['an auditor', (c: Cast) => c.auditorToken],
    ])('refuses %s, changing nothing', async (_who, token) => {
      const result = await expectUnchanged(api.dataSource, () => api.gql(CREATE, { input: valid }, token(cast)));
      expectRefusal(result, 'FORBIDDEN');
    });

    it('refuses a deactivated secretariat person from their next request on', async () => {
      const former = await insertPerson(api.dataSource, { roles: ['SECRETARIAT' as never], active: false });
      const result = await api.gql(CREATE, { input: valid }, api.tokenFor(former.id));
      expectRefusal(result, 'UNAUTHENTICATED');
    });

    it.each([
      ['an unknown prefecture', { prefecture: '48', municipality: null }, /prefecture: prefecture "48" is not a prefecture code/],
      ['a malformed prefecture', { prefecture: '1', municipality: null }, /prefecture: prefecture must be a two-digit/],
      ['an unknown municipality', { prefecture: '14', municipality: '14999' }, /municipality: municipality "14999" is not a known/],
      [
        'a municipality of another prefecture',
        { prefecture: '13', municipality: '14100' },
        /municipality: municipality "14100" does not belong to prefecture "13"/,
      ],
      ['a municipality without prefecture', { prefecture: null, municipality: '14100' }, /municipality: municipality needs its prefecture/],
      ['a malformed municipality', { municipality: '141000' }, /municipality: municipality must be a 5-digit/],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, /name: name must be shorter than or equal to 200 characters/],
      ['a blank name', { name: '   ' }, /name: name must not be blank/],
      ['a repeated sector', { sectors: ['WATER', 'WATER'] }, /sectors: sectors must not repeat a value/],
    ])('refuses %s with a message naming the field, changing nothing', async (_what, change, message) => {
      const result = await expectUnchanged(api.dataSource, () =>
        api.gql(CREATE, { input: { ...valid, ...change } }, cast.secretariatToken),
      );
      expectRefusal(result, 'BAD_USER_INPUT', message);
    });

    it.each([
      ['kind', { kind: 'PIRATE' }],
      ['tier', { tier: 'PLATINUM' }],
      ['sectors', { sectors: ['SPACE'] }],
    ])('refuses an unknown %s value, naming it', async (field, change) => {
      const result = await expectUnchanged(api.dataSource, () =>
        api.gql(CREATE, { input: { ...valid, ...change } }, cast.secretariatToken),
      );
      const message = expectRefusal(result, 'BAD_USER_INPUT');
      expect(message).toContain(`input.${field}`);
    });

    it('refuses a date that is not a date', async () => {
      const result = await api.gql(CREATE, { input: { ...valid, agreementExpiresAt: 'next spring' } }, cast.secretariatToken);
      expect(expectRefusal(result, 'BAD_USER_INPUT')).toContain('agreementExpiresAt');
    });
  });

  describe('updateOrganisation', () => {
    it('changes only the fields given, records before and after, and clears with null', async () => {
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input: valid }, cast.secretariatToken);
      const { updateOrganisation: updated } = await api.gqlOk(
        UPDATE,
        { id: org.id, input: { tier: 'CLASS_2', municipality: null, facilityClearanceExpiresAt: '2031-03-31T00:00:00.000Z' } },
        cast.secretariatToken,
      );
      expect(updated).toMatchObject({
        name: valid.name,
        tier: 'CLASS_2',
        prefecture: '14',
        municipality: null,
        facilityClearanceExpiresAt: '2031-03-31T00:00:00.000Z',
      });
      const entries = await api.dataSource.query(`SELECT action, before, after FROM audit_log WHERE subject_id = $1 ORDER BY id`, [org.id]);
      expect(entries[1]).toEqual({
        action: 'organisation.updated',
        before: { tier: 'GENERAL', municipality: '14100', facilityClearanceExpiresAt: null },
        after: { tier: 'CLASS_2', municipality: null, facilityClearanceExpiresAt: '2031-03-31T00:00:00.000Z' },
      });
    });

    it("sets the organisation's escalation delay, within 1 minute to 1 day", async () => {
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input: valid }, cast.secretariatToken);
      const query = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { escalationDelaySeconds } }`;
      const set = await api.gqlOk(query, { id: org.id, input: { escalationDelaySeconds: 300 } }, cast.secretariatToken);
      expect(set.updateOrganisation.escalationDelaySeconds).toBe(300);
      const tooShort = await api.gql(query, { id: org.id, input: { escalationDelaySeconds: 5 } }, cast.secretariatToken);
      expectRefusal(tooShort, 'BAD_USER_INPUT', /escalationDelaySeconds/);
      const [row] = await api.dataSource.query(`SELECT escalation_delay_seconds FROM organisations WHERE id = $1`, [org.id]);
      expect(row.escalation_delay_seconds).toBe(300);
    });

    it('deactivates and reactivates an organisation', async () => {
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input: valid }, cast.secretariatToken);
      const off = await api.gqlOk(UPDATE, { id: org.id, input: { active: false } }, cast.secretariatToken);
      expect(off.updateOrganisation.active).toBe(false);
      const on = await api.gqlOk(UPDATE, { id: org.id, input: { active: true } }, cast.secretariatToken);
      expect(on.updateOrganisation.active).toBe(true);
      const actions = await api.dataSource.query(`SELECT after FROM audit_log WHERE subject_id = $1 ORDER BY id`, [org.id]);
      expect(actions.map((a: { after: unknown }) => a.after)).toEqual([expect.anything(), { active: false }, { active: true }]);
    });

    it('checks the place as it will be: a new prefecture must still hold the municipality', async () => {
      const { createOrganisation: org } = await api.gqlOk(CREATE, { input: valid }, cast.secretariatToken);
      const result = await expectUnchanged(api.dataSource, () =>
        api.gql(UPDATE, { id: org.id, input: { prefecture: '13' } }, cast.secretariatToken),
      );
      expectRefusal(result, 'BAD_USER_INPUT', /municipality "14100" does not belong to prefecture "13"/);
    });

    it('refuses null for a field that cannot be empty', async () => {
      const result = await expectUnchanged(api.dataSource, () =>
        api.gql(UPDATE, { id: cast.ownOrg.id, input: { name: null } }, cast.secretariatToken),
      );
      expectRefusal(result, 'BAD_USER_INPUT', /name: name must be a string/);
    });

    it("refuses the organisation's own ORG_ADMIN, a member and an auditor", async () => {
      for (const token of [cast.orgAdminToken, cast.memberToken, cast.auditorToken]) {
        const result = await expectUnchanged(api.dataSource, () =>
          api.gql(UPDATE, { id: cast.ownOrg.id, input: { tier: 'CLASS_1' } }, token),
        );
        expectRefusal(result, 'FORBIDDEN');
      }
    });

    it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
      const missing = await api.gql(
        UPDATE,
        { id: '00000000-0000-4000-8000-000000000000', input: { tier: 'CLASS_1' } },
        cast.secretariatToken,
      );
      expectRefusal(missing, 'NOT_FOUND', /Organisation not found/);
      const malformed = await api.gql(UPDATE, { id: 'not-a-uuid', input: { tier: 'CLASS_1' } }, cast.secretariatToken);
      expectRefusal(malformed, 'BAD_USER_INPUT', /id: id must be a UUID/);
    });
  });

  describe('the organisations query (membership is confidential)', () => {
    it('shows the secretariat and auditors every organisation', async () => {
      const count = Number((await api.dataSource.query(`SELECT count(*) FROM organisations`))[0].count);
      for (const token of [cast.secretariatToken, cast.auditorToken]) {
        const { organisations } = await api.gqlOk(LIST, {}, token);
        expect(organisations).toHaveLength(count);
      }
    });

    it('shows anyone else only their own organisation', async () => {
      for (const token of [cast.orgAdminToken, cast.memberToken]) {
        const { organisations } = await api.gqlOk(LIST, {}, token);
        expect(organisations).toEqual([{ id: cast.ownOrg.id, name: cast.ownOrg.name }]);
      }
    });

    it('shows an individual member no organisation at all', async () => {
      const individual = await insertPerson(api.dataSource, { individualTier: 'GENERAL' as never });
      const { organisations } = await api.gqlOk(LIST, {}, api.tokenFor(individual.id));
      expect(organisations).toEqual([]);
    });
  });
});
