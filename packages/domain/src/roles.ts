export const ROLES = ['admin', 'warehouse_manager', 'sales_staff', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['admin', 'warehouse_manager', 'sales_staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isStaffRole(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}
