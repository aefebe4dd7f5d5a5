import { describe, expect, it } from "vitest";
import { classifyString, eventProblems, sanitizeEvent } from "../../logging-api/sanitizer.js";

const WS = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";
const USER = "5b6c7d8e-9f00-4a1b-8c2d-3e4f5a6b7c8d";
const base = { event_id: "0f1e2d3c-4b5a-4968-8776-655443322110", workspace_id: WS, user_id: USER, timestamp: "2026-12-03T08:00:00.000Z" };

describe("sanitizer", () => {
  it("keeps a clean page view as it is", () => {
    const event = { ...base, event_type: "page.viewed", client: { platform: "web", app_version: "2.41.0", os: "macOS" }, properties: { source: "sidebar", load_ms: 312, cached: true, view: "board" } };
    const { event: out, redactions } = sanitizeEvent(event);
    expect(out).toEqual(event);
    expect(redactions).toEqual([]);
  });

  it("redacts what a developer logged by mistake in a share dialog event", () => {
    const { event, redactions } = sanitizeEvent({
      ...base,
      event_type: "share.invite_sent",
      properties: {
        invitee: "jane.doe+work@acme-corp.co.uk",
        page_id: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        page_url: "https://www.notion.so/acme/Q3-layoffs-plan-9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d",
        page_title: "Q3 layoffs plan",
        message: "Hi Jane, please review before Friday",
        role: "editor",
        invite_count: 1,
      },
    });
    expect(event.properties).toEqual({
      invitee: "[redacted:email]",
      page_id: "[redacted:uuid]",
      page_url: "[redacted:uuid]",
      page_title: "[redacted:text]",
      message: "[redacted:text]",
      role: "editor",
      invite_count: 1,
    });
    expect(redactions.map((r) => `${r.path}:${r.kind}`).sort()).toEqual(
      ["properties.invitee:email", "properties.message:text", "properties.page_id:uuid", "properties.page_title:text", "properties.page_url:uuid"].sort()
    );
    // The redaction list names paths and kinds, never values.
    expect(JSON.stringify(redactions)).not.toMatch(/jane|layoffs|9a8b7c6d/i);
  });

  it("redacts credentials in an integration error event, by key name and by value shape", () => {
    const { event } = sanitizeEvent({
      ...base,
      event_type: "integration.sync_failed",
      properties: {
        provider: "github",
        access_token: "short",
        error: "401 for Bearer ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
        header_dump: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl",
        aws: "AKIAIOSFODNN7EXAMPLE",
        notion_key: "ntn_4f9aK2mQ8xL1pR7sT3vW6yZ0bC5dE8gH",
        digest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
        retry: 3,
      },
    });
    expect(event.properties).toEqual({
      provider: "github",
      access_token: "[redacted:secret]",
      error: "[redacted:secret]",
      header_dump: "[redacted:secret]",
      aws: "[redacted:secret]",
      notion_key: "[redacted:secret]",
      digest: "[redacted:secret]",
      retry: 3,
    });
  });

  it("keeps long snake_case names and version strings (not mistaken for secrets)", () => {
    expect(classifyString("editor_toolbar_formatting_button_clicked_v2")).toBeUndefined();
    expect(classifyString("2.41.0-beta.3")).toBeUndefined();
    expect(classifyString("en-US")).toBeUndefined();
  });

  it("drops fields outside the allow-list, content-like keys, and what nests too deep", () => {
    const { event, redactions } = sanitizeEvent({
      ...base,
      event_type: "search.performed",
      query: "salary spreadsheet 2026",
      client: { platform: "ios", device_name: "Jane's iPhone" },
      properties: { "Budget 2026": 1, filters: { type: "page", nested: { deeper: { deepest: "x" } } }, results: 12 },
    });
    expect(event).not.toHaveProperty("query");
    expect(event.client).toEqual({ platform: "ios" });
    expect(event.properties).toEqual({ filters: { type: "page", nested: {} }, results: 12 });
    expect(redactions.map((r) => r.kind).sort()).toEqual(["depth", "field", "field", "key"]);
    expect(JSON.stringify(redactions)).not.toMatch(/Budget|salary|iPhone/);
  });

  it("fails an event with every problem at once, without echoing values", () => {
    const problems = eventProblems({ event_id: "x", workspace_id: "7d9e1f20-3a4b-4c5d-9e6f-708192a3b4c5", event_type: "Page Viewed by jane@x.io", timestamp: "yesterday", properties: [] }, "events[2]", WS);
    expect(problems).toEqual([
      "events[2].event_id: not a lower-case UUID",
      "events[2].workspace_id: differs from the x-workspace-id header; one request carries one workspace's events",
      "events[2].event_type: invalid; expected dotted snake_case such as page.viewed",
      "events[2].timestamp: invalid; expected ISO-8601 with a zone, such as 2026-12-03T08:00:00.000Z",
      "events[2].properties: must be a JSON object",
    ]);
    expect(eventProblems("nope", "events[0]", WS)).toEqual(["events[0]: must be a JSON object"]);
  });
});
