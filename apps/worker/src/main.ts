import { PLATFORM } from '@app/platform';
console.log('worker', PLATFORM);
