/** Small IPv4 CIDR helpers: enough to validate the manifest and carve subnets without a Terraform function call. */
export interface Cidr {
  readonly base: number; // network address as an unsigned 32-bit integer
  readonly prefix: number;
}

export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join(".")}/${c.prefix}`;
}

const size = (c: Cidr): number => 2 ** (32 - c.prefix);

/** True when the address part has no bits set below the prefix. */
export function isNetworkAddress(c: Cidr): boolean {
  return c.base % size(c) === 0;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((t) => parseCidr(t)!);

/** RFC 1918: the whole block lies inside one private range. */
export function isPrivate(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => c.prefix >= r.prefix && c.base >= r.base && c.base + size(c) <= r.base + size(r));
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** Terraform's cidrsubnet(prefix, newbits, netnum), computed here so the JSON shows literal blocks. */
export function subnet(c: Cidr, newBits: number, netNum: number): Cidr {
  const prefix = c.prefix + newBits;
  if (prefix > 32 || netNum < 0 || netNum >= 2 ** newBits) throw new RangeError(`cannot carve subnet ${netNum} of /${prefix} from ${formatCidr(c)}`);
  return { base: c.base + netNum * 2 ** (32 - prefix), prefix };
}
