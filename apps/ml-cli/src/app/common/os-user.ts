import { userInfo } from 'node:os';

/**
 * The OS user as MLflow's Python client finds it (getpass.getuser: LOGNAME, USER, LNAME,
 * USERNAME, then the password database), for `mlflow.user` and the run's `user_id`.
 */
export function osUser(): string {
  const { LOGNAME, USER, LNAME, USERNAME } = process.env;
  const fromEnv = LOGNAME || USER || LNAME || USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
