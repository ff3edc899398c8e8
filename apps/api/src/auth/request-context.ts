import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { PersonEntity } from '@app/membership/people/person.entity';

/** The signed-in person, loaded with their organisation on this request. */
export type AuthenticatedPerson = PersonEntity;

export interface CouncilRequest extends Request {
  person?: AuthenticatedPerson;
}

export function requestOf(context: ExecutionContext): CouncilRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: CouncilRequest }>().req;
  }
  return context.switchToHttp().getRequest<CouncilRequest>();
}

/** The client's address as Express sees it (behind a proxy: set Express's trust proxy), for rate limits. */
export function clientAddress(request: Request | undefined): string {
  return request?.ip ?? request?.socket?.remoteAddress ?? 'unknown';
}
