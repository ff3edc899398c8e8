import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AlertService } from '@app/alerts/alerts/alert.service';
import { AlertDeliveryViewService } from '@app/alerts/deliveries/alert-delivery-view.service';
import { AlertChannelService } from '@app/alerts/channels/alert-channel.service';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { AdvisoryModel } from '../advisories/models/advisory.model';
import { UuidPipe } from '../graphql/uuid.pipe';
import { AlertChannelInput } from './dto/alert-channel.input';
import { MyAlertsArgs } from './dto/my-alerts.args';
import { AlertChannelModel, AlertChannelWithSecretModel } from './models/alert-channel.model';
import { AlertDeliveryModel } from './models/alert-delivery.model';
import { AlertModel } from './models/alert.model';

@Resolver(() => AlertModel)
export class AlertsResolver {
  constructor(
    private readonly alerts: AlertService,
    private readonly channels: AlertChannelService,
    private readonly advisories: AdvisoryQueryService,
    private readonly deliveryViews: AlertDeliveryViewService,
  ) {}

  @Query(() => [AlertModel])
  async myAlerts(@Args() args: MyAlertsArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<AlertModel[]> {
    const alerts = await this.alerts.list(reader, args.first, args.unacknowledgedOnly);
    return alerts.map((alert) => AlertModel.from(alert));
  }

  @Query(() => [AlertChannelModel])
  async myAlertChannels(@CurrentPerson() reader: AuthenticatedPerson): Promise<AlertChannelModel[]> {
    return (await this.channels.list(reader)).map((channel) => AlertChannelModel.from(channel));
  }

  @Mutation(() => AlertChannelWithSecretModel)
  async addAlertChannel(
    @Args('input') input: AlertChannelInput,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertChannelWithSecretModel> {
    const { channel, signingSecret } = await this.channels.add(reader, input);
    return Object.assign(new AlertChannelWithSecretModel(), { channel: AlertChannelModel.from(channel), signingSecret });
  }

  @Mutation(() => Boolean)
  removeAlertChannel(@Args('id', { type: () => ID }, UuidPipe) id: string, @CurrentPerson() reader: AuthenticatedPerson): Promise<boolean> {
    return this.channels.remove(reader, id);
  }

  @Mutation(() => AlertChannelModel, {
    description: 'Mails a new confirmation link to one of your unverified EMAIL channels; the previous link stops working.',
  })
  async resendAlertChannelConfirmation(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertChannelModel> {
    return AlertChannelModel.from(await this.channels.resendConfirmation(reader, id));
  }

  @Mutation(() => AlertModel)
  async acknowledgeAlert(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertModel> {
    return AlertModel.from(await this.alerts.acknowledge(reader, id));
  }

  /** The advisory as the person may see it now; null once they no longer may. */
  @ResolveField(() => AdvisoryModel, { nullable: true })
  async advisory(@Parent() alert: AlertModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<AdvisoryModel | null> {
    const view = await this.advisories.findVisible(reader, alert.advisoryId);
    return view ? AdvisoryModel.fromView(view) : null;
  }

  /** What happened on each of the person's WEBHOOK and EMAIL channels (IN_APP needs no delivery). */
  @ResolveField(() => [AlertDeliveryModel])
  async deliveries(@Parent() alert: AlertModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<AlertDeliveryModel[]> {
    return (await this.deliveryViews.forAlert(reader, alert.id)).map((view) => AlertDeliveryModel.from(view));
  }
}
