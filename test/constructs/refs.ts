import type { Synthesized } from "../helpers.js";

/** Logical name of the one resource of a type whose construct path starts with `pathPrefix` (e.g. `Keys_Streaming`). */
export function logicalId(syn: Synthesized, type: string, pathPrefix: string): string {
  const ids = Object.keys(syn.resources(type)).filter(
    (id) => id === pathPrefix || (id.startsWith(`${pathPrefix}_`) && !id.slice(pathPrefix.length + 1).includes("_")),
  );
  if (ids.length !== 1) throw new Error(`expected one ${type} at ${pathPrefix}, found ${ids.join(", ") || "none"}`);
  return ids[0]!;
}

/** `${type.logicalId.attr}`: how the synthesized JSON refers to an attribute of that resource. */
export function ref(syn: Synthesized, type: string, pathPrefix: string, attr: string): string {
  return `\${${type}.${logicalId(syn, type, pathPrefix)}.${attr}}`;
}

export function resourceAt(syn: Synthesized, type: string, pathPrefix: string): Record<string, any> {
  return syn.resources(type)[logicalId(syn, type, pathPrefix)]!;
}
