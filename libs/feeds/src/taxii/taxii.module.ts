import { Module } from '@nestjs/common';
import { FeedsModule } from '../feeds.module';
import { TaxiiCollectionService } from './taxii-collection.service';

/** The TAXII 2.1 server's domain side: the advisories collection, read through the policy. */
@Module({
  imports: [FeedsModule],
  providers: [TaxiiCollectionService],
  exports: [TaxiiCollectionService, FeedsModule],
})
export class TaxiiModule {}
