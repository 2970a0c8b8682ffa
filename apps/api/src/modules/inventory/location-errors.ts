import { AppError } from '../../platform/errors';

export const locationCodeTaken = () => new AppError('conflict', 409, 'Another location has this code');
