import { Field, Int, ObjectType } from '@nestjs/graphql';
import { IncidentType, Sector } from '@app/platform/vocabulary';
import '../incident-enums';

@ObjectType('IncidentTypeCount')
export class IncidentTypeCountModel {
  @Field(() => IncidentType, { nullable: true, description: 'Null: not stated by the reporter.' })
  incidentType: IncidentType | null;
  @Field(() => Int) count: number;
}

@ObjectType('IncidentSectorCount')
export class IncidentSectorCountModel {
  @Field(() => Sector) sector: Sector;
  @Field(() => Int) count: number;
}

@ObjectType('IncidentStatistics', {
  description: "Incidents whose latest report allows STATISTICS, each counted once with its latest report's type and sectors.",
})
export class IncidentStatisticsModel {
  @Field(() => Int) counted: number;
  @Field(() => Int, { description: 'Incidents left out because their reporters did not allow STATISTICS.' })
  withheld: number;
  @Field(() => [IncidentTypeCountModel]) byType: IncidentTypeCountModel[];
  @Field(() => [IncidentSectorCountModel]) bySector: IncidentSectorCountModel[];
}
