import { AppError } from '../../platform/errors';

export const supplierCodeTaken = () =>
  new AppError('conflict', 409, 'Another supplier has this code (codes ignore case)');
