import pg from "pg";
import { quoteIdentifier } from "../regions/shard-access.js";
import { endpointDatabase, type Endpoint } from "./fleet.js";

export { quoteIdentifier as qi };

/** A SQL string literal (standard_conforming_strings is on in every supported Postgres). */
export function ql(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function passwordOf(e: { passwordEnv?: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return e.passwordEnv ? env[e.passwordEnv] : undefined;
}

/** libpq connection string of an endpoint, for CREATE SUBSCRIPTION and pg_dump. */
export function conninfo(e: Endpoint, env: NodeJS.ProcessEnv = process.env): string {
  const kv = (k: string, v: string) => `${k}='${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const password = passwordOf(e, env);
  return [kv("host", e.host), kv("port", String(e.port)), kv("dbname", endpointDatabase(e)), kv("user", e.user), ...(password ? [kv("password", password)] : [])].join(" ");
}

export async function connect(e: Endpoint, applicationName: string, timeoutMs = 5000): Promise<pg.Client> {
  const client = new pg.Client({ host: e.host, port: e.port, database: endpointDatabase(e), user: e.user, password: passwordOf(e), application_name: applicationName, connectionTimeoutMillis: timeoutMs });
  // A server that goes away mid-step surfaces as a failed query; without this handler it would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
