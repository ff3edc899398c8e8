import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { StixImportService } from './stix-import.service';

/** STIX 2.1 bundles in: drafts created through the advisory lifecycle. */
@Module({
  imports: [AdvisoriesModule],
  providers: [StixImportService],
  exports: [StixImportService],
})
export class StixImportModule {}
