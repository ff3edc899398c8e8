import { Module } from '@nestjs/common';
import { TaxiiModule } from '@app/feeds/taxii/taxii.module';
import { TaxiiController } from './taxii.controller';

/** The TAXII 2.1 server over HTTP, under /taxii2/. */
@Module({
  imports: [TaxiiModule],
  controllers: [TaxiiController],
})
export class TaxiiApiModule {}
