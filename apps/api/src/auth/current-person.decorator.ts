import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CouncilError } from '@app/platform/errors/council-error';
import { requestOf, type AuthenticatedPerson } from './request-context';

/** The signed-in person of this request (the guard has loaded them). */
export const CurrentPerson = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedPerson => {
  const person = requestOf(context).person;
  if (!person) throw new CouncilError('UNAUTHENTICATED', 'Sign in first');
  return person;
});
