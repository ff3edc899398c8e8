import { Module } from '@nestjs/common';
import { StixImportModule } from '@app/feeds/stix/import/stix-import.module';
import { AdvisoriesApiModule } from '../../advisories/advisories-api.module';
import { StixImportResolver } from './stix-import.resolver';

/** importStixBundle over GraphQL. */
@Module({
  imports: [StixImportModule, AdvisoriesApiModule],
  providers: [StixImportResolver],
})
export class StixImportApiModule {}
