import { describe, expect, it } from "vitest";
import { buildStacks } from "../../stacks/app.js";
import { manifestOf, testApp } from "../helpers.js";

describe("buildStacks", () => {
  it("creates one data-<id> per region, one central and one warehouse", () => {
    const app = testApp();
    buildStacks(app, manifestOf());
    expect(app.node.children.map((c) => c.node.id).sort()).toEqual(["central", "data-eu", "data-jp", "data-kr", "data-us", "warehouse"]);
  });
});
