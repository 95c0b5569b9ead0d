/**
 * The account rules (等保 2.0 level 3, OWASP ASVS L2), as settings with the required defaults. Tests
 * and deployments change them; nothing else holds these numbers.
 */
export interface AuthSettings {
  /** a password: at least this many characters… */
  minLength: number;
  /** …from at least this many of the four classes (lower case, upper case, digits, other) */
  minClasses: number;
  /** the last N passwords may not be used again */
  historySize: number;
  /** a password older than this must be changed */
  maxAgeDays: number;
  /** this many failed logins in a row lock the account… */
  maxFailures: number;
  /** …for this long */
  lockMinutes: number;
  /** a session unused this long ends */
  idleMinutes: number;
  /** a session ends this long after login, used or not */
  absoluteHours: number;
  /** login attempts per IP address per minute */
  loginPerMinute: number;
  /** the session cookie's name */
  cookie: string;
}

export const DEFAULT_AUTH: AuthSettings = {
  minLength: 12,
  minClasses: 3,
  historySize: 5,
  maxAgeDays: 90,
  maxFailures: 5,
  lockMinutes: 30,
  idleMinutes: 30,
  absoluteHours: 12,
  loginPerMinute: 10,
  cookie: 'jb_session',
};
