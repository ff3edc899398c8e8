import { Module } from '@nestjs/common';

/** Sign-in and invitations over GraphQL: login, acceptInvitation. */
@Module({})
export class IdentityApiModule {}
