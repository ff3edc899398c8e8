import { ValidateBy, type ValidationOptions } from 'class-validator';
import { characterCount } from '@app/advisories/lifecycle/advisory-limits';

/**
 * RUNNING.md counts characters as a reader does (code points): class-validator's MaxLength counts
 * UTF-16 units and would refuse a 300-character title written in emoji or rare kanji.
 */
export function MaxCharacters(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCharacters',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && characterCount(value) <= max,
        defaultMessage: () => `must be at most ${max} characters`,
      },
    },
    options,
  );
}

/** A text that carries something: not empty, not only whitespace. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => 'must not be empty',
      },
    },
    options,
  );
}
