import { registerEnumType } from '@nestjs/graphql';
import { IncidentReportPurpose, IncidentReportStage, IncidentStatus, IncidentType } from '@app/platform/vocabulary';

registerEnumType(IncidentReportStage, {
  name: 'IncidentReportStage',
  description: 'FIRST opens an incident, FOLLOW_UP adds to it, FINAL closes it.',
});
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(IncidentType, { name: 'IncidentType' });
registerEnumType(IncidentReportPurpose, {
  name: 'IncidentReportPurpose',
  description: 'What the reporter allows the report to be used for.',
});
