import type { Client } from 'pg';
import type { Reader, ReaderOrganisation } from '@app/policy/reader';
import type { BenchReaders } from './dataset';

/** The reader classes of BENCHMARKS.md "feed", in report order. */
export const READER_CLASSES: ReadonlyArray<readonly [keyof BenchReaders, string]> = [
  ['typicalMember', 'typical member'],
  ['clearedMember', 'cleared member'],
  ['secretariat', 'secretariat'],
  ['nonMemberMunicipality', 'non-member municipality'],
  ['namedOnRed', 'person named on TLP RED items'],
];

/** The readers the seed chose (bench_meta), as the policy's Reader, loaded as the platform does: current state. */
export async function loadReaders(client: Client): Promise<Record<keyof BenchReaders, Reader>> {
  const meta = await client
    .query<{ value: BenchReaders }>(`SELECT value FROM bench_meta WHERE key = 'readers'`)
    .catch(() => ({ rows: [] }));
  if (meta.rows.length === 0) throw new Error('this database was not built by npm run bench:seed (no bench_meta)');
  const ids = meta.rows[0].value;
  const out = {} as Record<keyof BenchReaders, Reader>;
  for (const [key] of READER_CLASSES) out[key] = await loadReader(client, ids[key]);
  return out;
}

/** A row of loadReader's query: the person's columns, then their organisation's (null when none). */
interface ReaderRow {
  id: string;
  active: boolean;
  roles: Reader['roles'];
  individual_tier: Reader['individualTier'];
  pledge_expires_at: Date | null;
  clearance_level: Reader['clearanceLevel'];
  clearance_expires_at: Date | null;
  clearance_suspended: boolean;
  o_id: string | null;
  kind: ReaderOrganisation['kind'];
  tier: ReaderOrganisation['tier'];
  sectors: ReaderOrganisation['sectors'];
  prefecture: string | null;
  municipality: string | null;
  foreign: boolean;
  o_active: boolean;
  agreement_expires_at: Date | null;
  facility_clearance_expires_at: Date | null;
}

export async function loadReader(client: Client, id: string): Promise<Reader> {
  const { rows } = await client.query<ReaderRow>(
    `SELECT p.id, p.active, p.roles, p.individual_tier, p.pledge_expires_at, p.clearance_level,
            p.clearance_expires_at, p.clearance_suspended,
            o.id AS o_id, o.kind, o.tier, o.sectors, o.prefecture, o.municipality, o.foreign, o.active AS o_active,
            o.agreement_expires_at, o.facility_clearance_expires_at
       FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
      WHERE p.id = $1`,
    [id],
  );
  if (rows.length === 0) throw new Error(`no person ${id}`);
  const r = rows[0];
  return {
    id: r.id,
    active: r.active,
    roles: r.roles,
    individualTier: r.individual_tier,
    pledgeExpiresAt: r.pledge_expires_at,
    clearanceLevel: r.clearance_level,
    clearanceExpiresAt: r.clearance_expires_at,
    clearanceSuspended: r.clearance_suspended,
    organisation: r.o_id
      ? {
          id: r.o_id,
          kind: r.kind,
          tier: r.tier,
          sectors: r.sectors,
          prefecture: r.prefecture,
          municipality: r.municipality,
          foreign: r.foreign,
          active: r.o_active,
          agreementExpiresAt: r.agreement_expires_at,
          facilityClearanceExpiresAt: r.facility_clearance_expires_at,
        }
      : null,
  };
}
