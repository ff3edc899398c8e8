import { Module } from '@nestjs/common';
import { StixImportModule } from '@app/feeds/stix/import/stix-import.module';
import { StixImportResolver } from './stix-import.resolver';

/** importStixBundle over GraphQL. */
@Module({
  imports: [StixImportModule],
  providers: [StixImportResolver],
})
export class StixImportApiModule {}
