import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { LiveConnectionAuth } from './live-connection';
import { RequestAuthModule } from './request-auth.module';

/** What the GraphQL module's graphql-ws options need: token verification and the signed-in person (RequestAuthenticator). */
@Module({
  imports: [IdentityModule, RequestAuthModule],
  providers: [LiveConnectionAuth],
  exports: [LiveConnectionAuth],
})
export class LiveConnectionModule {}
