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
 * The `[databases]` section as a Terraform expression that renders one entry
 * per logical shard (`schema007 = host=<its database> port=... dbname=shards`)
 * inside Terraform, from a literal shard -> database index list and the list
 * of database endpoints. Why not render the 480 lines here: with endpoints as
 * Terraform references that is ~960 cdktf tokens in one string, and resolving
 * them cost most of a synth pass; this way the string holds one reference per
 * database endpoint (32 or 96), and Terraform does the expansion.
 * `endpoints` is a Terraform expression for the list of `host:port` in
 * database order: the fleet passes a local holding `databaseEndpoints(map)`
 * (inside an expression cdktf renders references bare, so they cannot sit in
 * quoted strings here); by default the map's endpoints as a literal list.
 *
 * The text is a Terraform string template (a JSON configuration string value):
 * use it as a `TerraformLocal`'s value, since cdktf refuses its double quotes
 * inside a function call. The separator is a newline spelled
 * `base64decode("Cg==")`, so no backslash escape has to survive the layers.
 */
export function poolerDatabasesExpression(map: ShardMap, endpoints = literalEndpoints(map)): string {
  const shards = map.shards.map((s) => `["${poolerDatabaseFor(s.shard, map)}", ${s.databaseIndex - 1}]`).join(", ");
  // An endpoint is `host:port` (RDS host names hold no colon); `...` spreads [host, port] into format's last two arguments.
  return `\${join(base64decode("Cg=="), [for p in [${shards}] : format("%s = host=%s port=%s dbname=${SHARD_DATABASE_NAME}", p[0], split(":", ${endpoints}[p[1]])...)])}`;
}

/** The map's database endpoints as a Terraform list literal (endpoints without Terraform references, e.g. in tests). */
function literalEndpoints(map: ShardMap): string {
  return `[${databaseEndpoints(map).map((e) => `"${e}"`).join(", ")}]`;
}

/** `host:port` of each database of the map, in database order. */
export function databaseEndpoints(map: ShardMap): string[] {
  const missing = map.databases.filter((d) => !d.endpoint).map((d) => d.identifier);
  if (missing.length > 0) throw new Error(`shard map databases without an endpoint: ${missing.join(", ")}; build the map with endpointOf`);
  return map.databases.map((d) => d.endpoint!);
}

/**
 * `pgbouncer.ini` for the serving shard map, whose databases carry endpoints
 * (`host:port`, Terraform references when synthesized). `databases` is the
 * `[databases]` section as Terraform renders it: by default the expression
 * itself (`poolerDatabasesExpression`), making the result a Terraform string
 * template; the fleet passes a reference to a local holding it.
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
export function pgbouncerIni(map: ShardMap, settings: PgbouncerSettings, databases = poolerDatabasesExpression(map)): string {
  return [
    `; shard map ${map.region} ${map.generation}, epoch ${map.epoch}: one entry per logical shard`,
    "[databases]",
    databases,
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
