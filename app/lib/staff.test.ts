import { describe, expect, it } from "vitest";
import { staffFrom, staffLabel } from "./staff";

describe("staffFrom", () => {
  it("takes the session token's user id, with no name on an offline session", () => {
    expect(staffFrom({ sessionToken: { sub: "42" }, session: {} })).toEqual({
      id: "42",
      name: null,
      email: null,
    });
  });

  it("adds the name and email an online session carries for the same user", () => {
    const session = {
      onlineAccessInfo: {
        associated_user: { id: 42, first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
      },
    };
    expect(staffFrom({ sessionToken: { sub: "42" }, session })).toEqual({
      id: "42",
      name: "Ada Lovelace",
      email: "ada@example.com",
    });
  });

  it("never lends another user's name to the token's user", () => {
    const session = {
      onlineAccessInfo: { associated_user: { id: 7, first_name: "Grace", last_name: "Hopper" } },
    };
    expect(staffFrom({ sessionToken: { sub: "42" }, session })).toEqual({
      id: "42",
      name: null,
      email: null,
    });
  });

  it("is null without any user", () => {
    expect(staffFrom({ sessionToken: null, session: {} })).toBeNull();
  });
});

describe("staffLabel", () => {
  it("prefers the name, then the id, then says the app did it", () => {
    expect(staffLabel("Ada Lovelace", "42")).toBe("Ada Lovelace");
    expect(staffLabel(null, "42")).toBe("Staff member 42");
    expect(staffLabel(null, null)).toBe("Shelfwise (automatic)");
  });
});
