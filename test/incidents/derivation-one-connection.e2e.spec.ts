import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { incidentCouncil, submitFirst, type IncidentCouncil } from './incident-council';

const DERIVE = `mutation($input: DeriveAdvisoryDraftInput!) { deriveAdvisoryDraftFromReports(input: $input) { id status } }`;

/**
 * A transaction reads through its own connection: with a pool of one, a read through a second
 * connection while the transaction holds the first would wait for ever (and under load, a pool
 * full of such transactions deadlocks the API).
 */
describe('deriving an advisory from reports with one database connection', () => {
  let api: TestApp;
  let council: IncidentCouncil;

  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_DB_POOL_SIZE: '1' });
    council = await incidentCouncil(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('never waits on a second connection', async () => {
    const report = await submitFirst(api, council.token(council.reporter), { permittedPurposes: ['SHARING_AFTER_SANITISING'] });
    const input = {
      reportIds: [report.id],
      severity: 'HIGH',
      full: {
        classification: 'UNCLASSIFIED',
        tlp: 'GREEN',
        title: 'Ransomware through VPN appliances',
        summary: 'Patch the appliances.',
        body: 'Details.',
        recommendedActions: ['Patch'],
        indicators: [],
      },
      audience: {},
    };
    const derived = api.gqlOk<{ deriveAdvisoryDraftFromReports: { status: string } }>(
      DERIVE,
      { input },
      council.token(council.secretariat),
    );
    const stuck = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the derivation waited on a second connection')), 10_000).unref(),
    );
    expect((await Promise.race([derived, stuck])).deriveAdvisoryDraftFromReports.status).toBe('DRAFT');
  });
});
