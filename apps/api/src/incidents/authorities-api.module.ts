import { Module } from '@nestjs/common';
import { IncidentsModule } from '@app/incidents/incidents.module';
import { AuthorityDeliveriesResolver } from './authority-deliveries.resolver';
import { AuthoritiesResolver } from './authorities.resolver';
import { DeadlinesResolver } from './deadlines.resolver';

/**
 * The one window over GraphQL: reporting authorities and their routing rules (secretariat),
 * IncidentReport.deliveries, failed deliveries and their retry, follow-up deadlines, the overdue
 * list and IncidentReport.followUp.
 */
@Module({
  imports: [IncidentsModule],
  providers: [AuthoritiesResolver, AuthorityDeliveriesResolver, DeadlinesResolver],
})
export class AuthoritiesApiModule {}
