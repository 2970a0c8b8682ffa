import {
  createCustomerBody,
  customerCreditSchema,
  customerSchema,
  deleteCustomerBody,
  idParams,
  listCustomersQuery,
  ownCustomerSchema,
  pageOf,
  problemResponses,
  updateCustomerBody,
  updateOwnCustomerBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { metaOf } from '../../platform/request-meta';
import { createCustomer } from './create-customer';
import { customerCredit, findCustomer, listCustomers } from './customers.queries';
import { deleteCustomer } from './delete-customer';
import { updateCustomer } from './update-customer';
import { updateOwnCustomer } from './update-own-customer';

const tags = ['customers'];

export const customerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/customers/me',
      {
        config: { access: 'profile.own' },
        schema: {
          operationId: 'getOwnCustomer',
          tags,
          summary: "A customer's own record",
          response: { 200: ownCustomerSchema, ...problemResponses },
        },
      },
      async (request) => {
        const { customerId } = actorOf(request);
        if (customerId === null) throw notFound('Customer');
        return { ...(await findCustomer(ctx.db, customerId)), currency: ctx.config.currency };
      },
    );
    app.patch(
      '/customers/me',
      {
        config: { access: 'profile.own' },
        schema: {
          operationId: 'updateOwnCustomer',
          tags,
          summary: 'A customer edits their own contact details',
          body: updateOwnCustomerBody,
          response: { 200: ownCustomerSchema, ...problemResponses },
        },
      },
      async (request) => ({
        ...(await updateOwnCustomer(ctx, actorOf(request), request.body, metaOf(request))),
        currency: ctx.config.currency,
      }),
    );

    app.get(
      '/customers',
      {
        config: { access: 'customers.read' },
        schema: {
          operationId: 'listCustomers',
          tags,
          summary: 'Customers, searchable by name, code, email or tax id (deleted=true|any for deleted ones)',
          querystring: listCustomersQuery,
          response: { 200: pageOf(customerSchema), ...problemResponses },
        },
      },
      (request) => listCustomers(ctx.db, request.query),
    );
    app.post(
      '/customers',
      {
        config: { access: 'customers.write' },
        schema: {
          operationId: 'createCustomer',
          tags,
          summary: 'Add a customer',
          body: createCustomerBody,
          response: { 201: customerSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createCustomer(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.get(
      '/customers/:id',
      {
        config: { access: 'customers.read' },
        schema: {
          operationId: 'getCustomer',
          tags,
          summary: 'One customer (deleted ones too)',
          params: idParams,
          response: { 200: customerSchema, ...problemResponses },
        },
      },
      (request) => findCustomer(ctx.db, request.params.id),
    );
    app.get(
      '/customers/:id/credit',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'getCustomerCredit',
          tags,
          summary:
            "A customer's credit limit, balance, pending credit orders and available credit (customers: their own)",
          params: idParams,
          response: { 200: customerCreditSchema, ...problemResponses },
        },
      },
      (request) => customerCredit(ctx.db, actorOf(request), request.params.id),
    );
    app.patch(
      '/customers/:id',
      {
        config: { access: 'customers.write' },
        schema: {
          operationId: 'updateCustomer',
          tags,
          summary: 'Edit, deactivate (active: false) or reactivate a customer; `version` makes the write conditional',
          params: idParams,
          body: updateCustomerBody,
          response: { 200: customerSchema, ...problemResponses },
        },
      },
      (request) => updateCustomer(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );
    app.delete(
      '/customers/:id',
      {
        config: { access: 'customers.delete' },
        schema: {
          operationId: 'deleteCustomer',
          tags,
          summary: 'Soft-delete a customer with a reason (409 while orders are open or money is owed)',
          params: idParams,
          body: deleteCustomerBody,
          response: { 200: customerSchema, ...problemResponses },
        },
      },
      (request) => deleteCustomer(ctx, actorOf(request), request.params.id, request.body.reason, metaOf(request)),
    );
  };
