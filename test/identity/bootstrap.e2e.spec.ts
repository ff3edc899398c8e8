import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BootstrapAdminService } from '../../libs/identity/src/bootstrap/bootstrap-admin.service';
import { PasswordService } from '../../libs/identity/src/passwords/password.service';
import { PledgeService } from '../../libs/membership/src/pledges/pledge.service';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { Clock } from '../../libs/platform/src/clock/clock';
import { COUNCIL_CONFIG, type CouncilConfig } from '../../libs/platform/src/config/council-config';
import { BOOTSTRAP_ADMIN, startTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('the bootstrap secretariat person', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  /** The service as the app built it, but with other settings. */
  const bootstrapWith = (admin: CouncilConfig['bootstrapAdmin']) =>
    new BootstrapAdminService(
      api.dataSource,
      { ...api.app.get<CouncilConfig>(COUNCIL_CONFIG), bootstrapAdmin: admin },
      api.app.get(PasswordService),
      api.app.get(PledgeService),
      api.app.get(AuditLogService),
      api.app.get(Clock),
    );

  it('is created at start with a valid pledge, and recorded', async () => {
    const rows = await api.dataSource.query(`SELECT id, email, roles, active, pledge_expires_at, organisation_id FROM persons`);
    expect(rows).toHaveLength(1);
    const [admin] = rows;
    expect(admin).toMatchObject({ email: BOOTSTRAP_ADMIN.email, roles: ['SECRETARIAT'], active: true, organisation_id: null });
    expect(admin.pledge_expires_at.getTime()).toBeGreaterThan(Date.now() + 364 * DAY);
    const [entry] = await api.dataSource.query(`SELECT action, actor_id FROM audit_log WHERE subject_id = $1`, [admin.id]);
    expect(entry).toEqual({ action: 'person.bootstrapped', actor_id: null });
  });

  it('is not created again once a secretariat person exists, whatever the settings', async () => {
    expect(await bootstrapWith({ email: 'second@council.test', password: 'another good password' }).ensureAdmin()).toBeNull();
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM persons`);
    expect(count).toBe(1);
  });

  it('refuses a password shorter than the password rule allows, naming the setting', async () => {
    await expect(bootstrapWith({ email: 'x@council.test', password: 'short' }).ensureAdmin()).rejects.toThrow(
      /COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: password must be longer than or equal to 12 characters/,
    );
  });
});

describe('a start without bootstrap settings', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_BOOTSTRAP_ADMIN_EMAIL: '', COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: '' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates nobody', async () => {
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM persons`);
    expect(count).toBe(0);
  });
});
