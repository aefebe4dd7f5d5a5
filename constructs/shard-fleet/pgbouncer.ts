import type { ShardMap } from "../../regions/shard-map.js";

/** Port clients use for the pooler (PgBouncer's conventional port). */
export const POOLER_PORT = 6432;
/** Postgres database (inside each physical instance) that holds the shard schemas. */
export const SHARD_DATABASE_NAME = "shards";
/** Login PgBouncer uses to look up client credentials (`auth_query`); created by the database bootstrap, password in Secrets Manager. */
export const POOLER_AUTH_USER = "pgbouncer_auth";

/** PgBouncer's name for a physical database: `shard001`. Clients pick the physical database by this name and the schema with `search_path`. */
export function poolerDatabaseName(index: number): string {
  return `shard${String(index).padStart(3, "0")}`;
}

export interface PgbouncerSettings {
  /** Server connections per database and user. */
  readonly defaultPoolSize: number;
  /** Client connections per PgBouncer instance. */
  readonly maxClientConnections: number;
}

/**
 * `pgbouncer.ini` for a shard map whose databases carry endpoints (`host:port`,
 * Terraform references when synthesized). Transaction pooling; TLS required on
 * both sides (the databases set `rds.force_ssl`); credentials are looked up in
 * Postgres with `auth_query`, so no application password is stored on the pooler.
 */
export function pgbouncerIni(map: ShardMap, settings: PgbouncerSettings): string {
  const databases = map.databases.map((d) => {
    if (!d.endpoint) throw new Error(`shard map database ${d.identifier} has no endpoint; build the map with endpointOf`);
    const sep = d.endpoint.lastIndexOf(":");
    return `${poolerDatabaseName(d.index)} = host=${d.endpoint.slice(0, sep)} port=${d.endpoint.slice(sep + 1)} dbname=${SHARD_DATABASE_NAME}`;
  });
  return [
    "[databases]",
    ...databases,
    "",
    "[pgbouncer]",
    `listen_addr = 0.0.0.0`,
    `listen_port = ${POOLER_PORT}`,
    "pool_mode = transaction",
    `max_client_conn = ${settings.maxClientConnections}`,
    `default_pool_size = ${settings.defaultPoolSize}`,
    "auth_type = scram-sha-256",
    "auth_file = /etc/pgbouncer/userlist.txt",
    `auth_user = ${POOLER_AUTH_USER}`,
    "auth_query = SELECT usename, passwd FROM pgbouncer.user_lookup($1)",
    "client_tls_sslmode = require",
    "client_tls_key_file = /etc/pgbouncer/tls.key",
    "client_tls_cert_file = /etc/pgbouncer/tls.crt",
    "server_tls_sslmode = require",
    "server_tls_protocols = secure",
    "ignore_startup_parameters = extra_float_digits,search_path",
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
