import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What routing reads of a submitted report. Kept structural so that the report entity (in
 * ../reports) satisfies it without this folder depending on its every column.
 */
export interface RoutableIncidentReport {
  id: string;
}

/**
 * One window (issue 6): a submitted report (FIRST, FOLLOW_UP or FINAL) goes to every reporting
 * authority it must reach. Called INSIDE the submit transaction, so the delivery rows it writes
 * are committed with the report or not at all; the worker's relay hands them to BullMQ.
 *
 * Skeleton: the routing rules and delivery rows follow.
 */
@Injectable()
export class IncidentRoutingService {
  async routeSubmission(_manager: EntityManager, _report: RoutableIncidentReport): Promise<void> {
    // Filled in by the routing work (authorities, rules, deliveries).
  }
}
