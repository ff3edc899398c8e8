import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { AuthResolver } from './auth.resolver';
import { InvitationResolver } from './invitation.resolver';

/** Sign-in and invitations over GraphQL: login, acceptInvitation, invitePerson, renewInvitation. */
@Module({ imports: [IdentityModule], providers: [AuthResolver, InvitationResolver] })
export class IdentityApiModule {}
