import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembershipModule } from '@app/membership/membership.module';
import { IDENTITY_ENTITIES } from './identity-entities';
import { BootstrapAdminService } from './bootstrap/bootstrap-admin.service';
import { InvitationMailer } from './invitations/invitation-mailer';
import { InvitationRateLimiter } from './invitations/invitation-rate-limiter';
import { InvitationService } from './invitations/invitation.service';
import { LoginRateLimiter } from './login/login-rate-limiter';
import { LoginService } from './login/login.service';
import { PasswordService } from './passwords/password.service';
import { AccessTokenService } from './tokens/access-token.service';

/** Sign-in, access tokens, invitations, and the first secretariat person. */
@Module({
  imports: [MembershipModule, TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: [
    PasswordService,
    AccessTokenService,
    InvitationService,
    InvitationMailer,
    InvitationRateLimiter,
    LoginRateLimiter,
    LoginService,
    BootstrapAdminService,
  ],
  exports: [AccessTokenService, InvitationService, InvitationRateLimiter, LoginService, PasswordService],
})
export class IdentityModule {}
