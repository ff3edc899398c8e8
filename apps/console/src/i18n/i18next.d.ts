import 'i18next';
import type { ja } from './ja';

// Every key used with t() must exist in the Japanese messages (and so, by its type, in English).
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof ja };
    returnNull: false;
  }
}
