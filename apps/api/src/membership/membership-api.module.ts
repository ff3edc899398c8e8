import { Module } from '@nestjs/common';
import { MeResolver } from './me.resolver';

/** Organisations, people, pledges and clearances over GraphQL. */
@Module({ providers: [MeResolver] })
export class MembershipApiModule {}
