import { registerEnumType } from '@nestjs/graphql';
import {
  AccessLevel,
  AdvisoryStatus,
  AlertChannelKind,
  Classification,
  ClearanceLevel,
  MembershipTier,
  OrganisationKind,
  Role,
  Sector,
  Severity,
  Tlp,
} from '@app/platform/vocabulary';

// The contract's enums, spelled as in contract.graphql.
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(MembershipTier, { name: 'MembershipTier' });
registerEnumType(Sector, { name: 'Sector' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(ClearanceLevel, { name: 'ClearanceLevel' });
registerEnumType(Classification, { name: 'Classification' });
registerEnumType(Tlp, { name: 'Tlp' });
registerEnumType(Severity, { name: 'Severity' });
registerEnumType(AdvisoryStatus, { name: 'AdvisoryStatus' });
registerEnumType(AccessLevel, { name: 'AccessLevel' });
registerEnumType(AlertChannelKind, { name: 'AlertChannelKind' });
