import type { AdvisoryContent } from '../lifecycle/advisory-content';

/** How a version came to be: first publication, an originator's edit, or a consented widening. */
export enum AdvisoryVersionChange {
  PUBLISHED = 'PUBLISHED',
  EDITED = 'EDITED',
  WIDENED = 'WIDENED',
}

/** What advisory_versions.snapshot holds: the content as it was at that version. */
export interface AdvisoryVersionSnapshot {
  change: AdvisoryVersionChange;
  content: AdvisoryContent;
}
