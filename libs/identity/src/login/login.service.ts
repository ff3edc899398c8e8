import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import { CouncilError } from '@app/platform/errors/council-error';
import { MAX_PASSWORD_LENGTH } from '../passwords/password-policy';
import { PasswordService } from '../passwords/password.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { LoginRateLimiter } from './login-rate-limiter';

export interface SignedIn {
  accessToken: string;
  person: PersonEntity;
}

/** One message for every refusal, so that it never tells whether an address has an account. */
const BAD_CREDENTIALS = 'The e-mail address or password is not correct';

@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: AccessTokenService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async login(email: string, password: string, address: string): Promise<SignedIn> {
    const account = email.trim().toLowerCase();
    await this.limiter.charge(account, address);
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('p.email = :account', { account })
      .getOne();
    const usable = person !== null && person.active && person.passwordHash !== null && password.length <= MAX_PASSWORD_LENGTH;
    const correct = usable
      ? await this.passwords.verify(person.passwordHash as string, password)
      : await this.passwords.verifyNothing(password.slice(0, MAX_PASSWORD_LENGTH));
    if (!correct || !person) throw new CouncilError('UNAUTHENTICATED', BAD_CREDENTIALS);
    await this.limiter.recordSuccess(account, address);
    const signedIn = await this.dataSource
      .getRepository(PersonEntity)
      .findOneOrFail({ where: { id: person.id }, relations: { organisation: true } });
    return { accessToken: this.tokens.issue(person.id), person: signedIn };
  }
}
