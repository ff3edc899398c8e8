import { PLATFORM } from '@app/platform';
console.log('api', PLATFORM);
