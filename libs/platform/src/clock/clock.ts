import { Injectable } from '@nestjs/common';

/**
 * The one source of "now". Expiry of pledges, agreements and clearances is decided against it, so
 * tests can pin it instead of sleeping.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
