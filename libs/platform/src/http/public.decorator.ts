import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'council:isPublic';

/** Marks an operation that needs no access token (login, acceptInvitation, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
