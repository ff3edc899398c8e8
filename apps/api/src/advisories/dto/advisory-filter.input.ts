import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AdvisoryStatus, Sector, Severity } from '@app/platform/vocabulary';

@InputType('AdvisoryFilter')
export class AdvisoryFilterInput {
  @Field(() => [AdvisoryStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(AdvisoryStatus, { each: true })
  status?: AdvisoryStatus[] | null;

  @Field(() => Severity, { nullable: true })
  @IsOptional()
  @IsEnum(Severity)
  minSeverity?: Severity | null;

  @Field(() => [Sector], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  publishedAfter?: Date | null;

  @Field(() => String, { nullable: true, description: 'Searches the title and summary of the view you may read (Japanese or English).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string | null;
}
