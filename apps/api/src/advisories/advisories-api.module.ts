import { Module } from '@nestjs/common';

/** Advisories over GraphQL: the feed, lifecycle and moderation. */
@Module({})
export class AdvisoriesApiModule {}
