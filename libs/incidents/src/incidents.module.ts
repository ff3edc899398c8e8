import { Module } from '@nestjs/common';

/**
 * Incident reports: submission (FIRST → FOLLOW_UP → FINAL), the policy-bound reads, feedback
 * threads and the secretariat's triage; reporting authorities, routing, deliveries and deadlines.
 */
@Module({
  providers: [],
  exports: [],
})
export class IncidentsModule {}
