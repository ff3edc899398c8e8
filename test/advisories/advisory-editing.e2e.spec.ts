import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertOrganisation } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  advisoryInput,
  auditOf,
  buildCouncil,
  expectError,
  lifecycleSteps,
  ONE,
  outboxOf,
  SUBMIT,
  UPDATE,
  VERSIONS,
  WITHDRAW,
  type LifecycleCouncil,
} from './lifecycle-council';

const full = advisoryInput().full as Record<string, unknown>;
const tearLine = advisoryInput().tearLine as Record<string, unknown>;

describe('updateAdvisory and advisoryVersions', () => {
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

  const versionsOf = async (id: string, token = council.author.token) =>
    (await api.gqlOk(VERSIONS, { id }, token)).advisoryVersions.map((v: { version: number; change: string }) => [v.version, v.change]);

  describe('before publication', () => {
    it("edits a DRAFT in place: no new version, and a widening is nobody's business yet", async () => {
      const id = await steps.create(council.author, { audience: { sectors: ['FINANCE'] } });
      const result = await api.gqlOk(
        UPDATE,
        { id, input: { full: { ...full, title: 'Retitled', tlp: 'GREEN' }, audience: { sectors: [] } } },
        council.author.token,
      );
      expect(result.updateAdvisory).toMatchObject({
        status: 'DRAFT',
        version: 1,
        title: 'Retitled',
        tlp: 'GREEN',
        audience: { sectors: [] },
      });
      expect(await versionsOf(id)).toEqual([]);
    });

    it('lets an ORG_ADMIN of the originator edit, and nobody else of the organisation', async () => {
      const id = await steps.create(council.author);
      await api.gqlOk(UPDATE, { id, input: { severity: 'HIGH' } }, council.orgAdmin.token);
      // A colleague without the admin role does not even see a draft.
      expectError(await api.gql(UPDATE, { id, input: { severity: 'LOW' } }, council.colleague.token), 'NOT_FOUND');
    });

    it('does not edit while under review, or once withdrawn', async () => {
      const id = await steps.submitted(council.author);
      expect(expectError(await api.gql(UPDATE, { id, input: { severity: 'HIGH' } }, council.author.token), 'FORBIDDEN')).toMatch(
        /PENDING_REVIEW advisory cannot be edited/,
      );
      const published = await steps.published();
      await api.gqlOk(WITHDRAW, { id: published, reason: 'x' }, council.author.token);
      expectError(await api.gql(UPDATE, { id: published, input: { severity: 'HIGH' } }, council.author.token), 'FORBIDDEN');
    });

    it('refuses tearLine together with removeTearLine', async () => {
      const id = await steps.create(council.author);
      expectError(await api.gql(UPDATE, { id, input: { tearLine, removeTearLine: true } }, council.author.token), 'BAD_USER_INPUT');
    });
  });

  describe('a published advisory', () => {
    it('gets a new version for an edit; readers see the newest, the originator and the secretariat list them all', async () => {
      const id = await steps.published();
      const result = await api.gqlOk(UPDATE, { id, input: { full: { ...full, body: 'Updated analysis' } } }, council.author.token);
      expect(result.updateAdvisory).toMatchObject({ status: 'PUBLISHED', version: 2, body: 'Updated analysis' });
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory.body).toBe('Updated analysis');

      const versions = await api.gqlOk(VERSIONS, { id }, council.secretariat.token);
      expect(
        versions.advisoryVersions.map((v: { version: number; change: string; advisory: { body: string; version: number } }) => [
          v.version,
          v.change,
          v.advisory.body,
          v.advisory.version,
        ]),
      ).toEqual([
        [2, 'EDITED', 'Updated analysis', 2],
        [1, 'PUBLISHED', 'Indicators and analysis.', 1],
      ]);
      expect(await versionsOf(id, council.orgAdmin.token)).toEqual([
        [2, 'EDITED'],
        [1, 'PUBLISHED'],
      ]);
      expect((await auditOf(api, id)).at(-1)).toEqual({ action: 'advisory.edited', actor_id: council.author.id });
    });

    it('narrows at once: a reader left out loses it immediately', async () => {
      const id = await steps.published();
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).not.toBeNull();
      const result = await api.gqlOk(UPDATE, { id, input: { audience: { regions: ['13'], noForeign: true } } }, council.author.token);
      expect(result.updateAdvisory).toMatchObject({ version: 2, audience: { regions: ['13'], noForeign: true } });
      expect((await api.gqlOk(ONE, { id }, council.reader.token)).advisory).toBeNull();
      expect((await api.gqlOk(ONE, { id }, council.colleague.token)).advisory).toMatchObject({ access: 'FULL' });
    });

    it('raises restrictions at once: a higher classification, a removed tear line', async () => {
      const id = await steps.published();
      const result = await api.gqlOk(
        UPDATE,
        { id, input: { full: { ...full, tlp: 'RED' }, removeTearLine: true, audience: { personIds: [council.reader.id] } } },
        council.author.token,
      );
      expect(result.updateAdvisory).toMatchObject({ version: 2, tlp: 'RED' });
    });

    it('refuses every kind of widening to the originator, and changes nothing', async () => {
      const foreignOrg = await insertOrganisation(api.dataSource, { foreign: true });
      const id = await steps.published(council.author, {
        full: { ...full, tlp: 'AMBER_STRICT' },
        tearLine: null,
        audience: {
          tiers: ['CLASS_1'],
          sectors: ['FINANCE'],
          regions: ['13'],
          organisationIds: [council.otherOrgId],
          personIds: [council.reader.id],
          noForeign: true,
        },
      });
      const widenings: Array<[Record<string, unknown>, string]> = [
        [{ full: { ...full, tlp: 'AMBER' } }, 'full.tlp'],
        [{ full: { ...full, tlp: 'AMBER_STRICT', classification: 'UNCLASSIFIED' } }, 'full.classification'],
        [{ tearLine: { ...tearLine, tlp: 'GREEN' } }, 'tearLine'],
        [{ audience: { tiers: [] } }, 'audience.tiers'],
        [{ audience: { tiers: ['CLASS_1', 'CLASS_2'] } }, 'audience.tiers'],
        [{ audience: { sectors: [] } }, 'audience.sectors'],
        [{ audience: { regions: ['13', '27'] } }, 'audience.regions'],
        [{ audience: { organisationIds: [council.otherOrgId, foreignOrg.id] } }, 'audience.organisationIds'],
        [{ audience: { personIds: [] } }, 'audience.personIds'],
        [{ audience: { noForeign: false } }, 'audience.noForeign'],
      ];
      for (const [input, field] of widenings) {
        for (const editor of [council.author, council.orgAdmin]) {
          const result = await api.gql(UPDATE, { id, input }, editor.token);
          const message = expectError(result, 'FORBIDDEN');
          expect(message).toMatch(/needs the originator organisation's consent to a secretariat proposal/);
          expect(result.errors?.[0]?.extensions?.details).toEqual({ widens: [expect.stringContaining(`${field}:`)] });
        }
      }
      expect((await api.gqlOk(ONE, { id }, council.author.token)).advisory.version).toBe(1);
      expect(await versionsOf(id)).toEqual([[1, 'PUBLISHED']]);
    });

    it('refuses releasing the tear line to non-member local governments', async () => {
      const id = await steps.published(council.author, { tearLine: { ...tearLine, tlp: 'CLEAR' } });
      const result = await api.gql(
        UPDATE,
        { id, input: { tearLine: { ...tearLine, tlp: 'CLEAR', releaseToNonMemberLocalGovernments: true } } },
        council.author.token,
      );
      expect(result.errors?.[0]?.extensions?.details).toEqual({
        widens: ['tearLine.releaseToNonMemberLocalGovernments: releases the tear line to non-member local governments'],
      });
    });

    it('writes advisory.updated when, and only when, an edit raises the severity', async () => {
      const id = await steps.published();
      await api.gqlOk(UPDATE, { id, input: { full: { ...full, body: 'More detail' } } }, council.author.token);
      await api.gqlOk(UPDATE, { id, input: { severity: 'LOW' } }, council.author.token);
      expect(await outboxOf(api, id)).toEqual([{ event: 'advisory.published', advisory_version: 1 }]);
      await api.gqlOk(UPDATE, { id, input: { severity: 'CRITICAL' } }, council.orgAdmin.token);
      expect(await outboxOf(api, id)).toEqual([
        { event: 'advisory.published', advisory_version: 1 },
        { event: 'advisory.updated', advisory_version: 4 },
      ]);
    });

    it('takes an edit that changes nothing as nothing: no version, no audit row', async () => {
      const id = await steps.published();
      const before = await auditOf(api, id);
      const result = await api.gqlOk(UPDATE, { id, input: { severity: 'MEDIUM', audience: { regions: [] } } }, council.author.token);
      expect(result.updateAdvisory.version).toBe(1);
      expect(await auditOf(api, id)).toEqual(before);
    });
  });

  describe('advisoryVersions', () => {
    it('is for the originator and the secretariat: a reader of the advisory is refused', async () => {
      const id = await steps.published();
      expect(expectError(await api.gql(VERSIONS, { id }, council.reader.token), 'FORBIDDEN')).toMatch(/secretariat and the originator/);
      expectError(await api.gql(VERSIONS, { id }, council.colleague.token), 'FORBIDDEN');
      expect(await versionsOf(id, council.secretariat.token)).toEqual([[1, 'PUBLISHED']]);
    });

    it('shows each version in a view only when the reader may read that view now and in that version', async () => {
      const id = await steps.published(council.clearedAuthor);
      await api.gqlOk(UPDATE, { id, input: { full: { ...full, classification: 'IESI' } } }, council.clearedAuthor.token);
      // ACCESS-POLICY.md "Every other path": no version gives more than advisory(id) gives now, so the
      // uncleared read the tear line of the earlier, COUNCIL_CONFIDENTIAL version too.
      for (const reader of [council.unclearedSecretariat, council.orgAdmin]) {
        const versions = await api.gqlOk(VERSIONS, { id }, reader.token);
        expect(
          versions.advisoryVersions.map((v: { advisory: { access: string; body: string | null } }) => [v.advisory.access, v.advisory.body]),
        ).toEqual([
          ['TEAR_LINE', null],
          ['TEAR_LINE', null],
        ]);
      }
      const asCleared = await api.gqlOk(VERSIONS, { id }, council.secretariat.token);
      expect(
        asCleared.advisoryVersions.map((v: { advisory: { access: string; body: string | null } }) => [v.advisory.access, v.advisory.body]),
      ).toEqual([
        ['FULL', 'Indicators and analysis.'],
        ['FULL', 'Indicators and analysis.'],
      ]);
    });

    it('records FULL reads of confidential versions in the access log', async () => {
      const id = await steps.published();
      await api.gqlOk(UPDATE, { id, input: { severity: 'HIGH' } }, council.author.token);
      const count = async () =>
        (
          await api.dataSource.query('SELECT advisory_version FROM access_log WHERE advisory_id = $1 AND person_id = $2 ORDER BY id', [
            id,
            council.secretariat.id,
          ])
        ).map((r: { advisory_version: number }) => r.advisory_version);
      const before = await count();
      await api.gqlOk(VERSIONS, { id }, council.secretariat.token);
      expect((await count()).slice(before.length).sort()).toEqual([1, 2]);
    });

    it('lists nothing for a draft, and a draft does not exist for the secretariat', async () => {
      const id = await steps.create(council.author);
      expect(await versionsOf(id)).toEqual([]);
      expectError(await api.gql(VERSIONS, { id }, council.secretariat.token), 'NOT_FOUND');
      await api.gqlOk(SUBMIT, { id }, council.author.token);
      expect(await versionsOf(id, council.secretariat.token)).toEqual([]);
    });
  });
});
