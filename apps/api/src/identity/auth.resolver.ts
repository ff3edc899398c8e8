import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { InvitationRateLimiter } from '@app/identity/invitations/invitation-rate-limiter';
import { InvitationService } from '@app/identity/invitations/invitation.service';
import { LoginService } from '@app/identity/login/login.service';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { Public } from '@app/platform/http/public.decorator';
import { clientAddress } from '../auth/request-context';
import { PersonModel } from '../membership/models/person.model';
import { AcceptInvitationArgs } from './dto/accept-invitation.args';
import { LoginArgs } from './dto/login.args';
import { AuthPayloadModel } from './models/auth-payload.model';

/** The two operations that need no access token. */
@Resolver()
export class AuthResolver {
  constructor(
    private readonly logins: LoginService,
    private readonly invitations: InvitationService,
    private readonly tokens: AccessTokenService,
    private readonly invitationLimiter: InvitationRateLimiter,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel)
  async login(@Args() args: LoginArgs, @Context('req') request: Request): Promise<AuthPayloadModel> {
    const signedIn = await this.logins.login(args.email, args.password, clientAddress(request));
    return Object.assign(new AuthPayloadModel(), {
      accessToken: signedIn.accessToken,
      person: PersonModel.from(signedIn.person),
    });
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: "Sets the invited person's password; the token is then spent." })
  async acceptInvitation(@Args() args: AcceptInvitationArgs, @Context('req') request: Request): Promise<AuthPayloadModel> {
    await this.invitationLimiter.assertMayAccept(args.token, clientAddress(request));
    const person = await this.invitations.accept(args.token, args.password);
    return Object.assign(new AuthPayloadModel(), {
      accessToken: this.tokens.issue(person.id),
      person: PersonModel.from(person),
    });
  }
}
