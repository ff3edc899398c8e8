import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { MembershipModule } from '@app/membership/membership.module';
import { RequestAuthenticator } from './request-authenticator';

/** Who is asking: the access-token check and the signed-in person, for the guard and the feed cache. */
@Module({
  imports: [IdentityModule, MembershipModule],
  providers: [RequestAuthenticator],
  exports: [RequestAuthenticator],
})
export class RequestAuthModule {}
