/** A page that needs a session, and the browser has no tokens: go to /login?next=…. */
export class LoginRequiredError extends Error {
  constructor() {
    super('login required');
    this.name = 'LoginRequiredError';
  }
}

/** The refresh token was refused: cookies are cleared, the user logs in again. */
export class SessionExpiredError extends Error {
  constructor() {
    super('session expired');
    this.name = 'SessionExpiredError';
  }
}
