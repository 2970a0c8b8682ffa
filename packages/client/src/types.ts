import type { Client, MethodResponse } from 'openapi-fetch';
import type { paths } from './generated/api';

export type { components, paths } from './generated/api';

/** The openapi-fetch client over Bodega's generated paths. */
export type ApiClient = Client<paths>;

/** What a sign-in (login, register, refresh, change-password) answers. */
export type AuthResult = MethodResponse<ApiClient, 'post', '/api/v1/auth/login'>;
/** The signed-in user, as the API describes it. */
export type SessionUser = AuthResult['user'];
export type LoginBody = NonNullable<paths['/api/v1/auth/login']['post']['requestBody']>['content']['application/json'];
export type RegisterBody = NonNullable<
  paths['/api/v1/auth/register']['post']['requestBody']
>['content']['application/json'];
export type ChangePasswordBody = NonNullable<
  paths['/api/v1/auth/change-password']['post']['requestBody']
>['content']['application/json'];
