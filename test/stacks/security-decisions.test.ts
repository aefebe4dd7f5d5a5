import { describe, expect, it } from "vitest";
import { manifestOf, synthCentral, synthRegion } from "../helpers.js";

const manifest = manifestOf();
const stacks = [...manifest.regions.map((r) => [`data-${r.id}`, synthRegion(r.id, manifest)] as const), ["central", synthCentral(manifest)] as const];

describe("security decisions documented in the README", () => {
  it.each(stacks)("%s has no S3 event notification (nothing consumes object events; it would be one more data path)", (_, s) => {
    expect(Object.keys(s.resources("aws_s3_bucket_notification"))).toEqual([]);
  });

  it("lets RDS own and rotate every shard database's master password", () => {
    const [, eu] = stacks.find(([name]) => name === "data-eu")!;
    const databases = Object.values(eu.resources("aws_db_instance"));
    expect(databases.length).toBeGreaterThan(0);
    for (const db of databases) {
      expect(db.manage_master_user_password).toBe(true);
      expect(db.password).toBeUndefined();
    }
  });
});
