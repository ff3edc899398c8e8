import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CouncilError } from '@app/platform/errors/council-error';

function describe(errors: ValidationError[], path: string[] = []): string[] {
  return errors.flatMap((error) => {
    const here = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => `${here.join('.')}: ${message}`);
    return [...own, ...describe(error.children ?? [], here)];
  });
}

/**
 * class-validator at the edge. Its failures become BAD_USER_INPUT errors whose message names every
 * field and rule ("input.name: name must be shorter than or equal to 200 characters"), instead of
 * Nest's bare "Bad Request Exception".
 */
export function councilValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = describe(errors);
      return CouncilError.badInput(`Invalid input: ${problems.join('; ')}`, { problems });
    },
  });
}
