import { Field, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../membership/models/person.model';

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Send as "Authorization: Bearer <accessToken>"; short-lived.' }) accessToken: string;
  @Field(() => PersonModel) person: PersonModel;
}
