import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { InvitationService } from '@app/identity/invitations/invitation.service';
import { LoginService } from '@app/identity/login/login.service';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { Public } from '@app/platform/http/public.decorator';
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
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel)
  async login(@Args() args: LoginArgs, @Context('req') request: Request): Promise<AuthPayloadModel> {
    const address = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const signedIn = await this.logins.login(args.email, args.password, address);
    return Object.assign(new AuthPayloadModel(), {
      accessToken: signedIn.accessToken,
      person: PersonModel.from(signedIn.person),
    });
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Sets the invited person\'s password; the token is then spent.' })
  async acceptInvitation(@Args() args: AcceptInvitationArgs): Promise<AuthPayloadModel> {
    const person = await this.invitations.accept(args.token, args.password);
    return Object.assign(new AuthPayloadModel(), {
      accessToken: this.tokens.issue(person.id),
      person: PersonModel.from(person),
    });
  }
}
