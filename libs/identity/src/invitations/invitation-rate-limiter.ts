import { Inject, Injectable } from '@nestjs/common';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { RateLimits, type RateLimit } from '@app/platform/rate-limits/rate-limits';

const HOUR = 3600;

/**
 * Invitations issued (invitePerson, renewInvitation) per inviting person and per client address,
 * and acceptance attempts per client address and per token: a stolen account cannot mass-invite,
 * and nobody can grind through tokens or make the server hash passwords without end. Every
 * attempt counts, refused or not.
 */
@Injectable()
export class InvitationRateLimiter {
  private readonly issuedPerPerson: RateLimit;
  private readonly issuedPerAddress: RateLimit;
  private readonly acceptsPerAddress: RateLimit;
  private readonly acceptsPerToken: RateLimit;

  constructor(
    @Inject(COUNCIL_CONFIG) config: CouncilConfig,
    private readonly limits: RateLimits,
  ) {
    const settings = config.invitationLimits;
    this.issuedPerPerson = limits.define({ name: 'invitations-person', points: settings.perInviterPerHour, windowSeconds: HOUR });
    this.issuedPerAddress = limits.define({ name: 'invitations-address', points: settings.perAddressPerHour, windowSeconds: HOUR });
    this.acceptsPerAddress = limits.define({
      name: 'invitation-accepts-address',
      points: settings.acceptsPerAddressPerHour,
      windowSeconds: HOUR,
    });
    this.acceptsPerToken = limits.define({
      name: 'invitation-accepts-token',
      points: settings.acceptsPerTokenPerHour,
      windowSeconds: HOUR,
    });
  }

  async assertMayIssue(inviterId: string, address: string): Promise<void> {
    await this.limits.charge(
      [
        [this.issuedPerPerson, inviterId],
        [this.issuedPerAddress, address],
      ],
      'Too many invitations issued',
    );
  }

  async assertMayAccept(token: string, address: string): Promise<void> {
    await this.limits.charge(
      [
        [this.acceptsPerAddress, address],
        [this.acceptsPerToken, token],
      ],
      'Too many attempts to accept an invitation',
    );
  }
}
