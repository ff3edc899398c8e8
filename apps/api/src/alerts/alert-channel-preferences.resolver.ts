import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { AlertChannelService } from '@app/alerts/channels/alert-channel.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { AlertChannelPreferencesInput } from './dto/alert-channel.input';
import { AlertChannelModel } from './models/alert-channel.model';

/** "Each person chooses what reaches them": a channel's severity, sector and region filters and digest. */
@Resolver(() => AlertChannelModel)
export class AlertChannelPreferencesResolver {
  constructor(private readonly channels: AlertChannelService) {}

  @Mutation(() => AlertChannelModel, {
    description: 'Changes one of your alert channels: minimum severity, sector and region filters, daily digest, enabled.',
  })
  async updateAlertChannel(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: AlertChannelPreferencesInput,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AlertChannelModel> {
    return AlertChannelModel.from(await this.channels.updatePreferences(reader, id, input));
  }
}
