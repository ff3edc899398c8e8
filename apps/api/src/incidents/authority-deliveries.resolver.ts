import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentDeliveryViewService } from '@app/incidents/deliveries/incident-delivery-view.service';
import { DeliveriesPageArgs } from '../alerts/dto/deliveries.args';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { IncidentDeliveryModel } from './models/authority-delivery.model';
import { IncidentReportModel } from './models/incident-report.model';

/** Where a report went: per authority status for whoever reads the report; the secretariat's failures and retries. */
@Resolver(() => IncidentReportModel)
export class AuthorityDeliveriesResolver {
  constructor(private readonly views: IncidentDeliveryViewService) {}

  @ResolveField(() => [IncidentDeliveryModel], {
    description: 'This report to each reporting authority it was routed to: status, attempts, last error.',
  })
  async deliveries(@Parent() report: IncidentReportModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<IncidentDeliveryModel[]> {
    return (await this.views.forReport(reader, report.id)).map((view) => IncidentDeliveryModel.from(view));
  }

  @Query(() => [IncidentDeliveryModel], { description: 'Secretariat only: incident deliveries that failed for good, newest first.' })
  async failedIncidentDeliveries(
    @Args() args: DeliveriesPageArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<IncidentDeliveryModel[]> {
    return (await this.views.failed(reader, args.first)).map((view) => IncidentDeliveryModel.from(view));
  }

  @Mutation(() => IncidentDeliveryModel, {
    description: 'Secretariat only: sends a FAILED incident delivery again (same deliveryId, a fresh retry schedule).',
  })
  async retryIncidentDelivery(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<IncidentDeliveryModel> {
    return IncidentDeliveryModel.from(await this.views.retry(reader, id));
  }
}
