import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planner settings for the policy's queries over `advisories` (measured with npm run bench:feed
 * at national scale, 1,000,000 advisories; results do not change, only plans):
 *
 * - No JIT in this database. The policy's WHERE clause and access-level CASE are large
 *   expressions; whenever a plan's cost passes jit_above_cost (a filtered page of a sparse reader,
 *   a totalCount), PostgreSQL spent 60-150 ms compiling them to machine code, more than the query
 *   itself: a non-member municipality's page filtered to CRITICAL took 177 ms, 27 ms without; a
 *   typical member's count 1.3 s, 0.8 s without.
 * - No parallel plans on advisories. When a filter made the planner expect a long walk of the
 *   (sort_at, id) index, it split the walk over parallel workers, whose start-up (35-250 ms on a
 *   busy 2-core machine) dwarfed the walk (2-6 ms for a typical member's page published after a
 *   date). The feed serves many readers at once, where parallel workers add no throughput.
 */
export class FeedPlannerSettings1795603500000 implements MigrationInterface {
  name = 'FeedPlannerSettings1795603500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$`);
    await q.query(`ALTER TABLE "advisories" SET (parallel_workers = 0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "advisories" RESET (parallel_workers)`);
    await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$`);
  }
}
