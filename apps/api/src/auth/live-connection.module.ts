import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { MembershipModule } from '@app/membership/membership.module';
import { LiveConnectionAuth } from './live-connection';

/** What the GraphQL module's graphql-ws options need: token verification and the signed-in person. */
@Module({
  imports: [IdentityModule, MembershipModule],
  providers: [LiveConnectionAuth],
  exports: [LiveConnectionAuth],
})
export class LiveConnectionModule {}
