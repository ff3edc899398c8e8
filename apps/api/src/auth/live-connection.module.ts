import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { PersonEntity } from '@app/membership/people/person.entity';
import { LiveConnectionAuth } from './live-connection';

/** What the GraphQL module's graphql-ws options need: token verification and the people table. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity])],
  providers: [AccessTokenService, LiveConnectionAuth],
  exports: [LiveConnectionAuth, AccessTokenService],
})
export class LiveConnectionModule {}
