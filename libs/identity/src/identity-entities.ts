import { InvitationEntity } from './invitations/invitation.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const IDENTITY_ENTITIES = [InvitationEntity];
