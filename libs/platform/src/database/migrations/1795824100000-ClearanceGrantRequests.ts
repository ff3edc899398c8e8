import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACCESS-POLICY.md "Clearances and accounts": a clearance is granted by two secretariat people, one
 * requesting and another approving. A request waits here until it is approved or rejected; at most
 * one request per person is pending at a time.
 */
export class ClearanceGrantRequests1795824100000 implements MigrationInterface {
  name = 'ClearanceGrantRequests1795824100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "clearance_grant_requests" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "person_id" uuid NOT NULL,
            "level" character varying(8) NOT NULL,
            "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "requested_by_id" uuid NOT NULL,
            "status" character varying(16) NOT NULL DEFAULT 'PENDING',
            "decided_by_id" uuid,
            "decided_at" TIMESTAMP WITH TIME ZONE,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "PK_clearance_grant_requests" PRIMARY KEY ("id"),
            CONSTRAINT "clearance_grant_requests_status" CHECK ("status" IN ('PENDING', 'APPROVED', 'REJECTED')),
            CONSTRAINT "clearance_grant_requests_decided" CHECK (("status" = 'PENDING') = ("decided_by_id" IS NULL AND "decided_at" IS NULL)),
            CONSTRAINT "FK_302359878654ee36c8f86779b4c" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE RESTRICT,
            CONSTRAINT "FK_510ad8f3eae5486e19c06401d7a" FOREIGN KEY ("requested_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT,
            CONSTRAINT "FK_bb2111aa06817fea2f5ba278ff5" FOREIGN KEY ("decided_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT
        )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "clearance_grant_requests_one_pending" ON "clearance_grant_requests" ("person_id") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_clearance_grant_requests_person" ON "clearance_grant_requests" ("person_id", "created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "clearance_grant_requests"`);
  }
}
