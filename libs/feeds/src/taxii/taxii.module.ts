import { Module } from '@nestjs/common';
import { FeedsModule } from '../feeds.module';
import { TaxiiCollectionService } from './taxii-collection.service';
import { loadTaxiiSettings, TAXII_SETTINGS } from './taxii-settings';

/** The TAXII 2.1 server's domain side: the advisories collection, read through the policy. */
@Module({
  imports: [FeedsModule],
  providers: [{ provide: TAXII_SETTINGS, useFactory: () => loadTaxiiSettings() }, TaxiiCollectionService],
  exports: [TaxiiCollectionService, FeedsModule],
})
export class TaxiiModule {}
