import { Field, ObjectType } from '@nestjs/graphql';
import type { EmailSecurityView } from '@app/alerts/email-security/email-security.service';

/** Your e-mail security: the OpenPGP key alert e-mails are encrypted to, and whether you require encryption. */
@ObjectType('EmailSecurity')
export class EmailSecurityModel {
  @Field(() => String, { nullable: true, description: 'Fingerprint (hex) of your registered OpenPGP public key; null when none.' })
  openPgpFingerprint: string | null;

  @Field(() => Date, { nullable: true, description: 'When your key expires; null when it never does or when none is registered.' })
  openPgpKeyExpiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When you registered your key.' })
  openPgpKeyAddedAt: Date | null;

  @Field(() => Boolean, { description: 'Your key can encrypt now: alert e-mails (and digests) are sent to you encrypted (PGP/MIME).' })
  openPgpKeyUsable: boolean;

  @Field(() => Boolean, {
    description:
      'You require encrypted e-mail: without a usable key, e-mail deliveries to you fail (visible as FAILED) and nothing is sent.',
  })
  encryptionRequired: boolean;

  static from(view: EmailSecurityView): EmailSecurityModel {
    return Object.assign(new EmailSecurityModel(), view);
  }
}
