/**
 * A JSON answer other than success, for the few routes scripts call (passkey ceremonies):
 * PageExceptionFilter sends it as it is instead of rendering an error page.
 */
export class JsonAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string; redirect?: string },
  ) {
    super(body.message ?? `redirect to ${body.redirect ?? ''}`);
    this.name = 'JsonAnswer';
  }
}
