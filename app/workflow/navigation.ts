import type { Role } from "#db/schema";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** The main menu for a set of roles (a user may hold several). */
export function navigationFor(roles: readonly Role[], actingDelegate = false): NavItem[] {
  const items: NavItem[] = [];
  const has = (r: Role) => roles.includes(r);
  if (has("staff")) {
    items.push({ to: "/requests/new", label: "Log a request", end: true });
    items.push({ to: "/requests", label: "My requests", end: true });
  }
  if (has("procurement_manager")) {
    items.push({ to: "/queue", label: "Decision queue" });
    items.push({ to: "/delegation", label: "Delegate" });
  } else if (actingDelegate) {
    items.push({ to: "/queue", label: "Decision queue (acting)" });
    items.push({ to: "/delegation", label: "Acting for" });
  }
  if (has("procurement_manager") || has("auditor") || actingDelegate) {
    items.push({ to: "/requests/all", label: "All requests" });
    items.push({ to: "/register", label: "Register" });
  }
  if (has("procurement_manager") || has("auditor")) items.push({ to: "/audit", label: "Audit" });
  if (has("admin")) items.push({ to: "/admin", label: "Administration" });
  return items;
}

/** Where each person starts after signing in. */
export function homePathFor(roles: readonly Role[]): string {
  if (roles.includes("procurement_manager")) return "/queue";
  if (roles.includes("staff")) return "/requests";
  if (roles.includes("auditor")) return "/requests/all";
  if (roles.includes("admin")) return "/admin";
  return "/requests";
}
