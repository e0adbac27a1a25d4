/** An error the user can fix: printed as one line, no stack trace, non-zero exit. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
