import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { checkpointSigner } from '../../libs/audit/src/checkpoints/checkpoint-signature';
import { tableCheckpoints, writeCheckpoint } from '../../libs/audit/src/checkpoints/checkpoint-store';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A checkpoint signs the newest row of the chain, by number: ordering the text of the id would take
 * row 9 for newer than row 10, and anchor a row that is not the head.
 */
describe('an audit checkpoint', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('anchors the chain’s newest row once the ids have more digits', async () => {
    const audit = api.app.get(AuditLogService);
    for (let i = 0; i < 12; i += 1) {
      await api.dataSource.transaction((manager) =>
        audit.append(manager, { actorId: null, action: 'test.entry', subjectType: 'Test', subjectId: `${i}` }),
      );
    }
    const [{ newest }] = await api.dataSource.query<Array<{ newest: string }>>('SELECT max(id)::text AS newest FROM audit_log');
    expect(Number(newest)).toBeGreaterThanOrEqual(10);
    const signer = checkpointSigner(randomBytes(32));
    for (let i = 0; i < 2; i += 1) {
      expect((await writeCheckpoint(api.dataSource, signer, null, new Date()))?.sequence).toBe(newest);
    }
    expect((await tableCheckpoints(api.dataSource)).map((c) => c.sequence)).toEqual([newest, newest]);
  });
});
