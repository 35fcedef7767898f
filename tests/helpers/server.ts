import { freePort, startApp as startAppProcess, type RunningApp as AppProcess } from "~/cli/runApp";
import { createEmptyDatabase, databaseUrl, dropDatabase, postgresUrl } from "./postgres";

// The tests start the app the same way the screenshots and the bench do.
export { freePort };

export interface RunningApp extends AppProcess {
  /** On the PostgreSQL run, the app's database; null on SQLite. */
  databaseUrl: string | null;
  /** kill -9 of the app and all its processes, as a crash would; resolves once they are gone. */
  crash: () => Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` with its own empty database: on the PostgreSQL run a database
 * of its own on the test cluster (dropped by stop), unless `env` names one.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const ownDatabase = postgresUrl !== null && env.DATABASE_URL === undefined ? await createEmptyDatabase() : null;
  const url = env.DATABASE_URL ?? (ownDatabase === null ? null : databaseUrl(ownDatabase));
  const dropOwn = async () => {
    if (ownDatabase !== null) await dropDatabase(ownDatabase);
  };
  let app: AppProcess;
  try {
    app = await startAppProcess(url === null ? env : { ...env, DATABASE_URL: url });
  } catch (error) {
    await dropOwn();
    throw error;
  }
  return {
    ...app,
    databaseUrl: url,
    crash: async () => {
      process.kill(-app.pid, "SIGKILL");
      for (let waited = 0; isAlive(app.pid) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    },
    stop: async () => {
      await app.stop();
      await dropOwn();
    },
  };
}
