import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { PageArgs } from '../../graphql/page.args';
import { IncidentReportFilterInput } from './incident-report-filter.input';

@ArgsType()
export class IncidentReportsArgs extends PageArgs {
  @Field(() => IncidentReportFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentReportFilterInput)
  filter?: IncidentReportFilterInput | null;
}
