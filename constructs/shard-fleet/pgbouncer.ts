import { poolerDatabaseFor } from "../../regions/shard-access.js";
import { POOLER_PORT, SHARD_DATABASE_NAME, type ShardMap } from "../../regions/shard-map.js";

export { POOLER_PORT, SHARD_DATABASE_NAME };
/** Login PgBouncer uses to look up client credentials (`auth_query`); created by the database bootstrap, password in Secrets Manager. */
export const POOLER_AUTH_USER = "pgbouncer_auth";

export interface PgbouncerSettings {
  /** Server connections per physical database and user, shared by the pools of its schemas. */
  readonly defaultPoolSize: number;
  /** Client connections per PgBouncer instance. */
  readonly maxClientConnections: number;
}

/**
 * `pgbouncer.ini` for the serving shard map, whose databases carry endpoints
 * (`host:port`, Terraform references when synthesized).
 *
 * Routing is by pooler database, never by `search_path`: one `[databases]`
 * entry per logical shard (`schema007 = host=<its database> ...`), and
 * applications qualify every table (`"schema007"."block"`, see
 * regions/shard-access.ts). In transaction pooling a server connection serves
 * a different client after each transaction, so a `SET search_path` leaks to
 * the next client and an ignored `search_path` startup parameter silently
 * does nothing; PgBouncer refuses startup parameters it is not told to
 * ignore, so a client that still sends `search_path` fails at connect. A
 * reshard's cut-over rewrites the entries' hosts (PAUSE, RELOAD, RESUME) and
 * clients keep their connection strings.
 *
 * Transaction pooling; TLS required on both sides (the databases set
 * `rds.force_ssl`); credentials are looked up in Postgres with `auth_query`,
 * so no application password is stored on the pooler.
 */
export function pgbouncerIni(map: ShardMap, settings: PgbouncerSettings): string {
  const databases = map.shards.map((shard) => {
    const d = map.databases[shard.databaseIndex - 1]!;
    if (!d.endpoint) throw new Error(`shard map database ${d.identifier} has no endpoint; build the map with endpointOf`);
    const sep = d.endpoint.lastIndexOf(":");
    return `${poolerDatabaseFor(shard.shard, map)} = host=${d.endpoint.slice(0, sep)} port=${d.endpoint.slice(sep + 1)} dbname=${SHARD_DATABASE_NAME}`;
  });
  return [
    `; shard map ${map.region} ${map.generation}, epoch ${map.epoch}: one entry per logical shard`,
    "[databases]",
    ...databases,
    "",
    "[pgbouncer]",
    `listen_addr = 0.0.0.0`,
    `listen_port = ${POOLER_PORT}`,
    "pool_mode = transaction",
    `max_client_conn = ${settings.maxClientConnections}`,
    // Pools are per shard entry: a database's schemas together stay near defaultPoolSize server connections.
    `default_pool_size = ${Math.max(1, Math.ceil(settings.defaultPoolSize / map.shardsPerDatabase))}`,
    "auth_type = scram-sha-256",
    "auth_file = /etc/pgbouncer/userlist.txt",
    `auth_user = ${POOLER_AUTH_USER}`,
    "auth_query = SELECT usename, passwd FROM pgbouncer.user_lookup($1)",
    "client_tls_sslmode = require",
    "client_tls_key_file = /etc/pgbouncer/tls.key",
    "client_tls_cert_file = /etc/pgbouncer/tls.crt",
    "server_tls_sslmode = require",
    "server_tls_protocols = secure",
    "ignore_startup_parameters = extra_float_digits",
    "admin_users =",
    "",
  ].join("\n");
}

/**
 * Boot script of a pooler instance: install PgBouncer, write the config, fetch
 * the auth user's password from Secrets Manager (in-region endpoint), make a
 * self-signed certificate for client TLS, start the service.
 */
export function poolerUserData(ini: string, authSecretArn: string, awsRegion: string): string {
  const script = [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y pgbouncer openssl",
    "install -d -m 0750 -o pgbouncer -g pgbouncer /etc/pgbouncer",
    "cat > /etc/pgbouncer/pgbouncer.ini <<'INI'",
    ini,
    "INI",
    // No double quotes or backslashes in this script: it passes through a Terraform function call unescaped.
    `aws secretsmanager get-secret-value --region ${awsRegion} --secret-id '${authSecretArn}' --query SecretString --output text | python3 -c 'import sys; q = chr(34); print(q + sys.argv[1] + q, q + sys.stdin.read().strip() + q)' ${POOLER_AUTH_USER} > /etc/pgbouncer/userlist.txt`,
    "openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj /CN=pgbouncer -keyout /etc/pgbouncer/tls.key -out /etc/pgbouncer/tls.crt",
    "chown pgbouncer:pgbouncer /etc/pgbouncer/* && chmod 0600 /etc/pgbouncer/userlist.txt /etc/pgbouncer/tls.key",
    "systemctl enable --now pgbouncer",
    "",
  ].join("\n");
  const unsafe = [...new Set(script.match(/["\\]|%\{/g) ?? [])];
  if (unsafe.length > 0) throw new Error(`pooler user data must not contain ${unsafe.join(" or ")}: Terraform would misread it`);
  return script;
}
