/*
 * The member of staff behind a request: the session token's user (`sub`, Shopify's user id). An
 * online session carries the user's name and email; the app's offline session does not, and then
 * the id alone identifies them.
 */

interface AssociatedUser {
  id: number;
  first_name?: string;
  last_name?: string;
  email?: string;
}

export interface StaffSource {
  sessionToken?: { sub?: string } | null;
  session: { onlineAccessInfo?: { associated_user?: AssociatedUser } | null };
}

export interface StaffIdentity {
  id: string;
  name: string | null;
  email: string | null;
}

/** null when the request carries no user (a token without `sub`): nobody to record as acting. */
export function staffFrom({ sessionToken, session }: StaffSource): StaffIdentity | null {
  const user = session.onlineAccessInfo?.associated_user;
  const id = sessionToken?.sub ?? (user ? String(user.id) : null);
  if (!id) return null;
  const sameUser = user && String(user.id) === id;
  const name = sameUser ? [user.first_name, user.last_name].filter(Boolean).join(" ").trim() : "";
  return { id, name: name || null, email: (sameUser && user.email) || null };
}

/** Who did it, for the pages: the name when known, else the Shopify user id, else the app itself. */
export function staffLabel(staffName: string | null, staffId: string | null): string {
  if (staffName) return staffName;
  if (staffId) return `Staff member ${staffId}`;
  return "Shelfwise (automatic)";
}
