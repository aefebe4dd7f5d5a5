import { gunzipSync } from "node:zlib";
import { ALL_AWS_REGION_CODES } from "../../regions/aws-regions.js";

/**
 * What a string says about places: AWS region codes, accounts, partitions, hosts, S3 buckets.
 * Read by shape, not by attribute name, after decoding what hides text (JSON documents, `\u`
 * escapes, percent-encoding, base64, string literals inside Terraform expressions).
 */

const KNOWN_REGIONS = new Set(ALL_AWS_REGION_CODES);

/**
 * What a string says is a pure function of its text, and the same texts recur across a stack's
 * resources, across the stacks of a synth and across re-analyses of a changed stack: each reader is
 * memoized by text (bounded; results are frozen so no caller can change a shared answer).
 */
function memo<T>(fn: (text: string) => T[], worth: (text: string) => boolean): (text: string) => readonly T[] {
  const cache = new Map<string, readonly T[]>();
  const none: readonly T[] = Object.freeze([]);
  return (text) => {
    // Most strings name nothing: a cheap test answers them without hashing the text.
    if (!worth(text)) return none;
    let hit = cache.get(text);
    if (hit === undefined) {
      hit = Object.freeze(fn(text));
      if (cache.size >= 50_000) cache.clear();
      cache.set(text, hit);
    }
    return hit;
  };
}

export const regionCodesIn = memo(regionCodesInOf, (t) => DASH_DIGIT.test(t) || UNDERSCORE_DIGIT.test(t) || t.includes("-az"));
export const accountsIn = memo(accountsInOf, (t) => TWELVE_DIGITS.test(t));
export const arnsIn = memo(arnsInOf, (t) => t.includes("arn:"));
export const hostsIn = memo(hostsInOf, (t) => t.includes("://") || TLD_PORT.test(t));
export const bareDestinationsIn = memo(bareDestinationsInOf, (t) => t.includes(".") || t.includes(":"));
export const bucketsIn = memo(bucketsInOf, (t) => t.includes("s3"));
const decodedFormsMemo = memo(decodedFormsOf, (t) => !plainText(t));
/** The text a string hides: itself, plus its decoded forms when it may hide any (see decodedFormsOf). */
export const decodedForms = (s: string): readonly string[] => (plainText(s) ? [s] : decodedFormsMemo(s));


/**
 * Anything shaped like an AWS region code, in any partition, case-insensitive; the shape catches
 * codes AWS adds after this list was written. Not inside a longer word (`xus-west-2`) or number
 * (`us-west-22`); an availability zone (`us-west-2a`) names its region.
 */
const REGION_SHAPE =
  /(?<![a-z0-9])(?:us|eu|ap|sa|ca|me|af|il|mx|cn|eusc)(?:-(?:gov|iso|isob|isoe|isof|[a-z]{2}))?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}(?!\d)/gi;

/** Cheap tests first: most strings name no place at all. */
const DASH_DIGIT = /-\d/;
const TWELVE_DIGITS = /\d{12}/;
/** A `host.tld:port` needs a dot, two letters and a colon before a digit. */
const TLD_PORT = /\.[a-z]{2,}:\d/i;
const UUID_HEAD = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-$/i;

const ACCOUNT = /(?<![0-9])\d{12}(?![0-9])/g;
const ARN = /arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9*?-]*):([0-9]{12}|aws|\*|[^:]*)?:([^\s"',]*)/gi;
// A backslash ends the authority as WHATWG URL parsing does for special schemes (`https://a.io\\@b` is a.io).
const URL_SHAPE = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/\\"'?#<>,;]+)/gi;
const HOST_PORT = /(?<![\w.@/-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}):(\d{2,5})(?!\d)/gi;

/** Snowflake names AWS regions `AWS_US_EAST_1` (account locators, failover targets): the same region. */
const SNOWFLAKE_REGION =
  /(?<![a-z0-9])AWS_((?:us|eu|ap|sa|ca|me|af|il|mx)(?:_gov)?_(?:north|south|east|west|central|northeast|southeast|northwest|southwest)_\d{1,2})(?![0-9])/gi;

/**
 * Availability Zone IDs name their region in short form (`use1-az4` is us-east-1, `apne1-az1`
 * ap-northeast-1, `euc1-az2` eu-central-1): read as that region.
 */
const AZ_ID = /(?<![a-z0-9])(us|eu|ap|ca|sa|me|af|il|mx|cn)(ne|nw|se|sw|e|w|n|s|c)(\d{1,2})-az\d{1,2}(?![a-z0-9])/gi;
const AZ_DIRECTION: Readonly<Record<string, string>> = { ne: "northeast", nw: "northwest", se: "southeast", sw: "southwest", e: "east", w: "west", n: "north", s: "south", c: "central" };

function regionCodesInOf(text: string): string[] {
  const out: string[] = [];
  if (text.includes("-az")) for (const m of text.matchAll(AZ_ID)) out.push(`${m[1]!.toLowerCase()}-${AZ_DIRECTION[m[2]!.toLowerCase()]}-${m[3]}`);
  if (DASH_DIGIT.test(text)) for (const m of text.matchAll(REGION_SHAPE)) out.push(m[0].toLowerCase());
  if (UNDERSCORE_DIGIT.test(text)) for (const m of text.matchAll(SNOWFLAKE_REGION)) out.push(m[1]!.toLowerCase().replace(/_/g, "-"));
  return out;
}
const UNDERSCORE_DIGIT = /_\d/;

export const isKnownRegion = (code: string): boolean => KNOWN_REGIONS.has(code);

function accountsInOf(text: string): string[] {
  if (!TWELVE_DIGITS.test(text)) return [];
  // The last group of a UUID (a KMS key id) is twelve hex digits too: not an account.
  // Twelve digits inside a hex digest (sha256 image digests, git SHAs: 32+ hex characters with a letter) are not an account either.
  return [...text.matchAll(ACCOUNT)]
    .filter((m) => !UUID_HEAD.test(text.slice(Math.max(0, m.index! - 24), m.index)) && !inHexDigest(text, m.index!, m.index! + 12) && !QUANTITY_BEFORE.test(text.slice(Math.max(0, m.index! - 40), m.index)))
    .map((m) => m[0]);
}

/** A 12-digit quantity in properties or JSON text (`log.retention.bytes=107374182400`): a size, not an account. */
const QUANTITY_BEFORE = /(?:bytes|size|\.ms|_ms|millis|seconds|count|limit)["']?\s*[:=]\s*["']?$/i;
/** Keys whose values are quantities (`retention.bytes`, `max_size`...): twelve digits there are not an account. */
export const QUANTITY_KEY = /(?:bytes|size|\.ms|_ms|millis|seconds|count|limit)$/i;
const HEX = /[0-9a-f]/i;
function inHexDigest(text: string, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a > 0 && HEX.test(text[a - 1]!)) a--;
  while (b < text.length && HEX.test(text[b]!)) b++;
  return b - a >= 32 && /[a-f]/i.test(text.slice(a, b));
}

export interface ArnRef {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
  readonly text: string;
}

function arnsInOf(text: string): ArnRef[] {
  const out: ArnRef[] = [];
  if (!text.includes("arn:")) return out;
  for (const m of text.matchAll(ARN))
    out.push({ partition: m[1]!.toLowerCase(), service: m[2]!.toLowerCase(), region: m[3]!.toLowerCase(), account: m[4] ?? "", resource: m[5] ?? "", text: m[0] });
  return out;
}

export interface HostRef {
  readonly scheme?: string;
  readonly host: string;
  readonly text: string;
}

/** Hosts named by URLs (`https://x`, `s3://bucket` excluded: buckets are read separately) and `host:port` pairs. */
function hostsInOf(text: string): HostRef[] {
  const out: HostRef[] = [];
  const url = text.includes("://");
  if (!url && !TLD_PORT.test(text)) return out;
  if (url) for (const m of text.matchAll(URL_SHAPE)) {
    const scheme = m[1]!.toLowerCase();
    if (S3_SCHEMES.has(scheme)) continue;
    const host = m[2]!.replace(/^[^@]*@/, "").replace(/:\d+$/, "").toLowerCase();
    if (host.includes("${") || host.length === 0) continue;
    out.push({ scheme, host, text: m[0] });
  }
  for (const m of text.matchAll(HOST_PORT)) out.push({ host: m[1]!.toLowerCase(), text: m[0] });
  return out;
}

/**
 * Destinations without a URL: a DNS name under a public top-level domain anywhere in a string
 * (`SINK_HOST=ingest.vendor.io`, `Host logs.example.net`, a DSN's `user/pw@db.vendor.io:1521/X`),
 * a public IP address (a CIDR is a range, not a destination), and remotes of non-HTTP schemes
 * (`gcs:bucket/path`, rclone/JDBC/SFTP style). File names do not end in these domains.
 */
const PUBLIC_TLDS =
  // Not the top-level domains that are also file extensions (`.sh`, `.so`, `.pl`, `.in`, `.am`, `.cc`): a
  // script name is not a host; those domains are still read in URLs and host:port pairs.
  "com|net|org|io|co|ai|dev|app|cloud|biz|info|xyz|me|tech|online|site|eu|de|fr|uk|nl|ch|se|no|fi|dk|it|es|jp|kr|cn|ru|br|au|ca|us|sg|hk|tw|gg|ly|tv|ws|to|fm|vc|tk|gov|edu|mil|int|one|run|page|host|email|link|live|pro|systems|services|network|digital|global|world|company|inc|ltd|aws";
// Not after `/`: a path segment (`/app/entrypoint.sh`, an S3 key) is a file, not a host.
const BARE_HOST = new RegExp(`(?<![\\w./-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${PUBLIC_TLDS}))(?![\\w-]|\\.[a-z0-9])`, "gi");
const IPV4 = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.]|\/\d)/g;
const OTHER_SCHEME = /(?<![\w.-])(gcs|gs|az|azure|azureblob|wasbs?|abfss?|sftp|ftps?|jdbc|b2|dropbox|drive|swift|oci|hdfs|webdav|smb|scp):(?!\/\/)[^\s"']+/gi;

function bareDestinationsInOf(text: string): HostRef[] {
  const out: HostRef[] = [];
  if (text.includes(".")) {
    for (const m of text.matchAll(BARE_HOST)) out.push({ host: m[1]!.toLowerCase(), text: m[0] });
    for (const m of text.matchAll(IPV4)) if (m[1] !== "0.0.0.0") out.push({ host: m[1]!, text: m[0] });
  }
  if (text.includes(":")) for (const m of text.matchAll(OTHER_SCHEME)) out.push({ scheme: m[1]!.toLowerCase(), host: m[0], text: m[0] });
  return out;
}

const S3_SCHEMES = new Set(["s3", "s3a", "s3n"]);
const S3_URI = /\bs3[an]?:\/\/([^/\s"'$]+)(\/[^\s"']*)?/gi;

/** Buckets named by `s3://bucket/key` and `arn:aws:s3:::bucket/key`, with the key. */
function bucketsInOf(text: string): Array<{ bucket: string; key: string; text: string }> {
  const out: Array<{ bucket: string; key: string; text: string }> = [];
  if (!text.includes("s3")) return out;
  for (const m of text.matchAll(S3_URI)) out.push({ bucket: m[1]!.toLowerCase(), key: (m[2] ?? "").replace(/^\//, ""), text: m[0] });
  for (const a of arnsIn(text)) {
    if (a.service !== "s3" || a.region || a.account) continue;
    const [bucket, ...key] = a.resource.split("/");
    if (bucket) out.push({ bucket: bucket.toLowerCase(), key: key.join("/"), text: a.text });
  }
  return out;
}

/** AWS endpoints: any host under these domains; other partitions' domains are outside by themselves. */
const AWS_DOMAINS = [".amazonaws.com", ".api.aws", ".on.aws", ".amazonaws.com.cn", ".amazonaws.eu", ".c2s.ic.gov", ".sc2s.sgov.gov"];
const OTHER_PARTITION_DOMAINS = [".amazonaws.com.cn", ".amazonaws.eu", ".c2s.ic.gov", ".sc2s.sgov.gov"];
/** Global AWS endpoints that hold no data of their own. */
const GLOBAL_AWS_HOSTS = new Set(["sts.amazonaws.com", "iam.amazonaws.com", "route53.amazonaws.com", "organizations.amazonaws.com"]);
/** In-cluster and in-VPC names. */
const PRIVATE_SUFFIXES = [".svc", ".svc.cluster.local", ".cluster.local", ".internal", ".local"];

export type HostVerdict = { readonly place: "aws"; readonly regions: readonly string[] } | { readonly place: "private" } | { readonly place: "external"; readonly why: string };

export function judgeHost(host: string): HostVerdict {
  const h = host.replace(/\.$/, "").toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) {
    const [a, b] = h.split(".").map(Number) as [number, number];
    // RFC 1918, loopback, link-local (instance metadata, the VPC DNS resolver).
    const priv = a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
    return priv ? { place: "private" } : { place: "external", why: `public IP address ${h}` };
  }
  // A single-label name resolves only through the resolver's search domains (a Kubernetes Service in the
  // namespace, a VPC name): it cannot name a host on the internet.
  if (h.startsWith("[")) {
    // An IPv6 literal: private only for loopback, unique-local (fc00::/7) and link-local (fe80::/10).
    const a = h.slice(1).replace(/\].*$/, "");
    return a === "::1" || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) ? { place: "private" } : { place: "external", why: `public IPv6 address ${a}` };
  }
  // A number (`1113982867`, `0x42661b93`) is an IPv4 address in integer form: not a name.
  if (/^(?:\d+|0x[0-9a-f]+)$/.test(h)) return { place: "external", why: `${h} is an IP address in integer form` };
  if (h === "localhost" || !h.includes(".") || PRIVATE_SUFFIXES.some((s) => h.endsWith(s))) return { place: "private" };
  if (OTHER_PARTITION_DOMAINS.some((d) => h.endsWith(d))) return { place: "external", why: `${h} is in another AWS partition` };
  if (AWS_DOMAINS.some((d) => h.endsWith(d))) {
    const regions = regionCodesIn(h);
    if (regions.length === 0 && !GLOBAL_AWS_HOSTS.has(h)) return { place: "external", why: `${h} is an AWS endpoint without a region (a global endpoint: where it lands cannot be proven)` };
    return { place: "aws", regions };
  }
  return { place: "external", why: `${h} is not an AWS endpoint of this jurisdiction` };
}

/**
 * Cross-region inference profiles route model calls across a geography's regions (`eu.`, `us.`,
 * `apac.`, `global.` model ids): where the prompt is processed cannot be pinned to the jurisdiction.
 */
export const INFERENCE_HINT = /\.(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|twelvelabs|stability|openai|qwen)\./i;
export const CROSS_REGION_INFERENCE = /(?<![a-z0-9.])(?:global|us|eu|apac|jp|au|ca|us-gov)\.(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|twelvelabs|stability|openai|qwen)\.[a-z0-9.:-]+/i;

/**
 * The text a string hides: itself plus its decoded forms, decoded again until nothing new appears
 * (base64 of percent-encoding of JSON...), bounded so a hostile string cannot make it loop.
 */
function decodedFormsOf(s: string): string[] {
  const first = decodeOnce(s);
  if (first.length === 1) return first;
  const seen = new Set(first);
  const out = [...first];
  for (let i = 1; i < out.length && out.length < 32; i++) for (const t of decodeOnce(out[i]!)) if (!seen.has(t)) (seen.add(t), out.push(t));
  return out;
}

/** Base64 wrapped at a fixed width (MIME, cloud-init): the lines joined. */
const WRAPPED_BASE64 = /^[A-Za-z0-9+/]{16,}(?:\r?\n[A-Za-z0-9+/]+)+={0,2}\s*$/;

/** Full stops WHATWG URL parsing maps to `.` (ideographic, fullwidth, halfwidth ideographic). */
const UNICODE_DOTS = /[\u3002\uFF0E\uFF61]/g;
/** A token that may be unpadded or URL-safe base64, or hex: letters, digits, `-`, `_` only. */
const ENCODED_TOKEN = /^[A-Za-z0-9_-]+={0,2}$/;
/** A script decoding or reversing text it then runs or sends (`echo <b64> | base64 -d | sh`, `echo <reversed> | rev`). */
const DECODING_PIPE = /\bbase64\s+(?:-d|-D|--decode)\b|\|\s*rev\b/;

/** A string that cannot hide text: no escape, percent, entity, interpolation, decoding pipe, and not shaped like an encoding. */
function plainText(s: string): boolean {
  if (s.includes("\\") || s.includes("%") || s.includes("${") || s.includes("&#")) return false;
  if (s.length >= 16 && (s.length % 4 === 0 || s.includes("\n") || ENCODED_TOKEN.test(s))) return false;
  UNICODE_DOTS.lastIndex = 0;
  return !UNICODE_DOTS.test(s) && !DECODING_PIPE.test(s);
}

/** Decoded bytes as text when nearly all of it is printable (anything else is binary, not a hidden string). */
function printableText(bytes: Buffer): string | undefined {
  const text = bytes.toString("utf8");
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return text.length > 0 && printable / text.length > 0.95 ? text : undefined;
}

function decodeOnce(s: string): string[] {
  // Fast path without allocation: most strings hide nothing.
  if (plainText(s)) return [s];
  const out: string[] = [s];
  const push = (t: string) => out.push(t);
  if (s.includes("\\")) {
    if (s.includes("\\u") || s.includes("\\x"))
      push(s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  }
  if (s.includes("%") && PERCENT.test(s)) {
    try {
      push(decodeURIComponent(s));
    } catch {
      push(s.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
    }
  }
  const compact = s.length >= 16 && s.includes("\n") && WRAPPED_BASE64.test(s) ? s.replace(/\s+/g, "") : s;
  if (compact.length >= 16 && compact.length % 4 === 0 && BASE64.test(compact)) {
    const bytes = Buffer.from(compact, "base64");
    // gzip (cloud-init `user_data_base64`, `base64gzip(...)`): the compressed text.
    let text = bytes.toString("utf8");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        text = gunzipSync(bytes).toString("utf8");
      } catch {
        text = "";
      }
    }
    let printable = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
    }
    if (text.length > 0 && printable / text.length > 0.95) push(text);
  } else if (compact.length >= 16 && ENCODED_TOKEN.test(compact)) {
    // Hex, and base64 without padding or in the URL-safe alphabet.
    const hex = /^(?:[0-9a-fA-F]{2})+$/.test(compact) ? printableText(Buffer.from(compact, "hex")) : undefined;
    if (hex) push(hex);
    const b64url = printableText(Buffer.from(compact.replace(/=+$/, ""), "base64url"));
    if (b64url) push(b64url);
  }
  // XML/HTML character references (`collect&#46;vendor&#x2E;com`).
  if (s.includes("&#")) push(s.replace(/&#(\d{1,6});/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&#x([0-9a-fA-F]{1,6});/g, (_, h) => String.fromCodePoint(parseInt(h, 16))));
  UNICODE_DOTS.lastIndex = 0;
  if (UNICODE_DOTS.test(s)) push(s.replace(UNICODE_DOTS, "."));
  if (DECODING_PIPE.test(s)) {
    // What a script decodes before running it: every base64 token in it, and the text reversed (`rev`).
    for (const m of s.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
      const t = printableText(Buffer.from(m[0], m[0].includes("-") || m[0].includes("_") ? "base64url" : "base64"));
      if (t) push(t);
    }
    if (/\|\s*rev\b/.test(s)) push([...s].reverse().join(""));
  }
  if (s.includes("${") && FUNCTION_CALL.test(s)) {
    // `${join("-", ["us", "east", "1"])}`, `${format("%s-east-1", "us")}`: the literals, joined both ways.
    const literals = [...s.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    if (literals.length > 1) {
      push(literals.join(""));
      push(literals.join("-"));
      push(literals.map((l) => l.replace(/%s/g, "")).join(""));
    }
  }
  return out;
}

const PERCENT = /%[0-9a-fA-F]{2}/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const FUNCTION_CALL = /\$\{[a-z0-9_]+\(/;

/** A JSON document held as a string, parsed; undefined when it is not one. */
export function jsonIn(s: string): unknown {
  const c = s.charCodeAt(0);
  // `{` or `[` first, or whitespace before them: anything else is not a document.
  if (c !== 123 && c !== 91 && c !== 32 && c !== 10 && c !== 9 && c !== 13) return undefined;
  const t = s.trimStart();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}
