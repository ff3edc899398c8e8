import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignedInPersonLoader } from '../../libs/membership/src/people/signed-in-person-loader';
import { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { ClearanceLevel, Role } from '../../libs/platform/src/vocabulary';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe('SignedInPersonLoader (the person behind every request)', () => {
  let api: TestApp;
  let loader: SignedInPersonLoader;
  beforeAll(async () => {
    api = await startTestApp();
    loader = api.app.get(SignedInPersonLoader);
  });
  afterAll(async () => {
    await api.close();
  });

  const viaTypeOrm = (id: string) =>
    api.dataSource.getRepository(PersonEntity).findOne({ where: { id }, relations: { organisation: true } });

  it('loads exactly what findOne with the organisation loads, never the password hash', async () => {
    const organisation = await insertOrganisation(api.dataSource, {
      prefecture: '13',
      municipality: '13101',
      facilityClearanceExpiresAt: inDays(30),
    });
    const member = await insertPerson(api.dataSource, {
      organisationId: organisation.id,
      roles: [Role.CISO, Role.ANALYST],
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(10),
    });
    await api.dataSource.query(`UPDATE persons SET password_hash = 'secret-hash' WHERE id = $1`, [member.id]);
    const individual = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT] });
    for (const id of [member.id, individual.id]) {
      const loaded = await loader.load(id);
      expect(loaded).toBeInstanceOf(PersonEntity);
      expect(loaded).toEqual(await viaTypeOrm(id));
      expect(Object.values(loaded ?? {})).not.toContain('secret-hash');
    }
    expect((await loader.load(member.id))?.organisation?.municipality).toBe('13101');
    expect((await loader.load(individual.id))?.organisation).toBeNull();
  });

  it('gives null for a person that does not exist', async () => {
    expect(await loader.load('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
