import { isStaffRole, type Role } from '@bodega/domain';

/** Staff see costs and archived products; anyone else gets the customer view. */
export type ProductView = 'staff' | 'customer';
export const viewFor = (role: Role): ProductView => (isStaffRole(role) ? 'staff' : 'customer');
