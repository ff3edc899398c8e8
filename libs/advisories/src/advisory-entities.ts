import { AdvisoryVersionEntity } from './entities/advisory-version.entity';
import { AdvisoryEntity } from './entities/advisory.entity';
import { WideningProposalEntity } from './entities/widening-proposal.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const ADVISORY_ENTITIES = [AdvisoryEntity, AdvisoryVersionEntity, WideningProposalEntity];
