import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsUUID } from 'class-validator';
import { Role } from '@app/platform/vocabulary';

@ArgsType()
export class SetPersonRolesArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;

  @Field(() => [Role])
  @IsEnum(Role, { each: true })
  @ArrayUnique({ message: '$property must not repeat a value' })
  @ArrayMaxSize(Object.keys(Role).length)
  roles: Role[];
}
