/**
 * Who works with the platform. A citizen registers; staff accounts are created by an admin.
 * Changing a role's name is a data migration (users.role holds it).
 */
export const ROLES = [
  'citizen',
  'clerk',
  'supervisor',
  'inspector',
  'cashier',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the city's own people: created by an admin, may be required to use two factors. */
export const STAFF_ROLES = ROLES.filter((r): r is Exclude<Role, 'citizen'> => r !== 'citizen');
export type StaffRole = (typeof STAFF_ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The authenticated person a request acts for, as every service receives it. */
export interface RequestActor {
  userId: string;
  role: Role;
}
