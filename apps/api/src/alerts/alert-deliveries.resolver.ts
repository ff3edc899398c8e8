import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AlertDeliveryViewService } from '@app/alerts/deliveries/alert-delivery-view.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { DeliveriesPageArgs } from './dto/deliveries.args';
import { AlertDeliveryModel } from './models/alert-delivery.model';

/** ALERTS.md: a delivery that failed for good is "visible to the person and the secretariat". */
@Resolver(() => AlertDeliveryModel)
export class AlertDeliveriesResolver {
  constructor(private readonly deliveries: AlertDeliveryViewService) {}

  @Query(() => [AlertDeliveryModel], { description: 'Your own alert deliveries that failed for good, newest first.' })
  async myFailedDeliveries(@Args() args: DeliveriesPageArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<AlertDeliveryModel[]> {
    return (await this.deliveries.myFailed(reader, args.first)).map((view) => AlertDeliveryModel.from(view));
  }

  @Query(() => [AlertDeliveryModel], {
    description: 'Secretariat only: the failed and the cancelled deliveries of the alerts of one advisory, newest first.',
  })
  async failedAlertDeliveries(
    @Args('advisoryId', { type: () => ID }, UuidPipe) advisoryId: string,
    @Args() args: DeliveriesPageArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertDeliveryModel[]> {
    return (await this.deliveries.failedForAdvisory(reader, advisoryId, args.first)).map((view) => AlertDeliveryModel.from(view));
  }

  @Mutation(() => AlertDeliveryModel, {
    description: 'Secretariat only: sends a FAILED delivery again (same delivery id, a fresh retry schedule).',
  })
  async retryAlertDelivery(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertDeliveryModel> {
    return AlertDeliveryModel.from(await this.deliveries.retry(reader, id));
  }
}
