import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { EmailSecurityService } from '@app/alerts/email-security/email-security.service';
import { MAX_ARMORED_KEY_CHARS } from '@app/alerts/email-security/openpgp-key';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { EmailSecurityModel } from './models/email-security.model';

/** Issue 4: e-mail alerts encrypted with the person's OpenPGP public key; encryption can be required. */
@Resolver(() => EmailSecurityModel)
export class EmailSecurityResolver {
  constructor(private readonly emailSecurity: EmailSecurityService) {}

  @Query(() => EmailSecurityModel, { description: 'Your OpenPGP key (its fingerprint) and whether you require encrypted e-mail.' })
  async myEmailSecurity(@CurrentPerson() reader: AuthenticatedPerson): Promise<EmailSecurityModel> {
    return EmailSecurityModel.from(await this.emailSecurity.view(reader));
  }

  @Mutation(() => EmailSecurityModel, {
    description: `Registers (or replaces) your OpenPGP public key, armored (at most ${MAX_ARMORED_KEY_CHARS} characters). It must be one public key (never a private key), not expired or revoked, able to encrypt. Alert e-mails are then encrypted to it.`,
  })
  async setMyOpenPgpKey(@Args('armoredKey') armoredKey: string, @CurrentPerson() reader: AuthenticatedPerson): Promise<EmailSecurityModel> {
    return EmailSecurityModel.from(await this.emailSecurity.setKey(reader, armoredKey));
  }

  @Mutation(() => EmailSecurityModel, {
    description: 'Removes your OpenPGP public key. If you require encrypted e-mail, no e-mail is sent to you until you register one.',
  })
  async removeMyOpenPgpKey(@CurrentPerson() reader: AuthenticatedPerson): Promise<EmailSecurityModel> {
    return EmailSecurityModel.from(await this.emailSecurity.removeKey(reader));
  }

  @Mutation(() => EmailSecurityModel, {
    description:
      'true: no plaintext e-mail is ever sent to you; without a usable key, e-mail deliveries fail (FAILED, with the reason) instead.',
  })
  async requireEncryptedEmail(
    @Args('required') required: boolean,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<EmailSecurityModel> {
    return EmailSecurityModel.from(await this.emailSecurity.requireEncryption(reader, required));
  }
}
