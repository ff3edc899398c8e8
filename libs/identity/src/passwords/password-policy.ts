/**
 * Length is the rule that matters for passphrases (NIST SP 800-63B); the cap keeps hashing cost
 * bounded whatever a client sends.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `password must be longer than or equal to ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `password must be shorter than or equal to ${MAX_PASSWORD_LENGTH} characters`;
  }
  return null;
}
