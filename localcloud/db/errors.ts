/** An error reply of the database API: `{ code, message }` as the SDK expects it. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
