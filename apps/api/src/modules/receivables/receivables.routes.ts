import {
  agingQuery,
  agingReportSchema,
  debtorSchema,
  debtSchema,
  idempotencyHeaders,
  idParams,
  listDebtorsQuery,
  listDebtsQuery,
  listPaymentsQuery,
  manualDebtBody,
  pageOf,
  paymentSchema,
  problemResponses,
  problemSchema,
  recordPaymentBody,
  statementQuery,
  statementSchema,
  voidPaymentBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { langOf } from '../../platform/pdf';
import { sendReport } from '../../platform/report-format';
import { metaOf } from '../../platform/request-meta';
import { sendSerialized, serializeWith, UnchangedCache } from '../../platform/unchanged-cache';
import { today } from '../settings/settings.queries';
import { createManualDebt } from './create-manual-debt';
import {
  agingReport,
  customerStatement,
  listDebtors,
  listDebts,
  listPayments,
  loadDebt,
  loadPayment,
} from './receivables.queries';
import { recordPayment } from './record-payment';
import { renderStatement } from './render-statement';
import { voidPayment } from './void-payment';

const tags = ['receivables'];

const STATEMENT_COLUMNS = ['date', 'kind', 'reference', 'description', 'debitCents', 'creditCents', 'balanceCents'];
const AGING_COLUMNS = [
  'customerId',
  'code',
  'name',
  'currentCents',
  'days1to30Cents',
  'days31to60Cents',
  'days61to90Cents',
  'over90Cents',
  'totalCents',
];

export const receivableRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const day = () => today(ctx.db, ctx.now().toISOString());
    const agingPages = new UnchangedCache<Buffer>(ctx.db, 8);

    app.get(
      '/debts',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'listDebts',
          tags,
          summary: 'Debts (customers: their own)',
          querystring: listDebtsQuery,
          response: { 200: pageOf(debtSchema), ...problemResponses },
        },
      },
      async (request) => listDebts(ctx.db, request.query, actorOf(request), await day()),
    );
    app.get(
      '/debts/:id',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'getDebt',
          tags,
          summary: 'One debt',
          params: idParams,
          response: { 200: debtSchema, ...problemResponses },
        },
      },
      async (request) => loadDebt(ctx.db, request.params.id, actorOf(request), await day()),
    );
    app.post(
      '/debts',
      {
        config: { access: 'debts.manual' },
        schema: {
          operationId: 'createManualDebt',
          tags,
          summary: 'Record a manual debt (an opening balance), with a note',
          body: manualDebtBody,
          response: { 201: debtSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createManualDebt(ctx, actorOf(request), request.body, metaOf(request))),
    );

    app.get(
      '/payments',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'listPayments',
          tags,
          summary: 'Payments, newest first (customers: their own)',
          querystring: listPaymentsQuery,
          response: { 200: pageOf(paymentSchema), ...problemResponses },
        },
      },
      (request) => listPayments(ctx.db, request.query, actorOf(request)),
    );
    app.get(
      '/payments/:id',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'getPayment',
          tags,
          summary: 'One payment with its allocations',
          params: idParams,
          response: { 200: paymentSchema, ...problemResponses },
        },
      },
      (request) => loadPayment(ctx.db, request.params.id, actorOf(request)),
    );
    app.post(
      '/payments',
      {
        config: { access: 'receivables.manage' },
        schema: {
          operationId: 'recordPayment',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Record a payment; allocated oldest due first unless allocations are given',
          description: 'Paying more than is owed is 409 `overpayment`. Supports `Idempotency-Key` like POST /orders.',
          headers: idempotencyHeaders,
          body: recordPaymentBody,
          response: { 201: paymentSchema, 200: paymentSchema, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { payment, replayed } = await recordPayment(
          ctx,
          actorOf(request),
          request.body,
          request.headers['idempotency-key'],
          metaOf(request),
        );
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(payment);
      },
    );
    app.post(
      '/payments/:id/void',
      {
        config: { access: 'receivables.manage' },
        schema: {
          operationId: 'voidPayment',
          tags,
          summary: 'Void a payment with a reason (its allocations are reversed)',
          params: idParams,
          body: voidPaymentBody,
          response: { 200: paymentSchema, ...problemResponses },
        },
      },
      (request) => voidPayment(ctx, actorOf(request), request.params.id, request.body.reason, metaOf(request)),
    );

    app.get(
      '/debtors',
      {
        config: { access: 'receivables.manage' },
        schema: {
          operationId: 'listDebtors',
          tags,
          summary: 'Customers who owe money: balance, overdue, oldest due date, last payment (format=csv)',
          querystring: listDebtorsQuery,
          response: { 200: pageOf(debtorSchema), ...problemResponses },
        },
      },
      async (request, reply) =>
        sendReport(reply, request.query.format, {
          json: async () => listDebtors(ctx.db, request.query, await day()),
          csv: async () => ({
            fileName: 'debtors.csv',
            columns: Object.keys(debtorSchema.shape),
            rows: (await listDebtors(ctx.db, { ...request.query, limit: 1_000_000, cursor: undefined }, await day()))
              .items,
          }),
        }),
    );

    app.get(
      '/customers/:id/statement',
      {
        config: { access: 'receivables.read' },
        schema: {
          operationId: 'getCustomerStatement',
          tags,
          summary: "A customer's statement with a running balance (format=json|csv|pdf; customers: their own)",
          params: idParams,
          querystring: statementQuery,
          response: { 200: statementSchema.or(z.any()), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { from, to, format, lang } = request.query;
        const statement = await customerStatement(
          ctx.db,
          actorOf(request),
          id,
          { from, to: to ?? (await day()) },
          ctx.config.currency,
        );
        return sendReport(reply, format, {
          json: () => statement,
          csv: () => ({ fileName: `statement-${id}.csv`, columns: STATEMENT_COLUMNS, rows: statement.entries }),
          pdf: async () => ({
            fileName: `statement-${id}.pdf`,
            pdf: await renderStatement(ctx.db, statement, langOf(lang, request.headers['accept-language'])),
          }),
        });
      },
    );

    app.get(
      '/reports/receivables-aging',
      {
        config: { access: 'reports.receivables' },
        schema: {
          operationId: 'getReceivablesAging',
          tags: ['reports'],
          summary: 'Open balances by days overdue: current, 1–30, 31–60, 61–90, over 90 (format=csv)',
          querystring: agingQuery,
          response: { 200: agingReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const asOf = request.query.asOf ?? (await day());
        return sendReport(reply, request.query.format, {
          // A row per customer owing: thousands of rows, so serialised once through the schema
          // and served again while nothing changes (decision 0011).
          json: async () =>
            sendSerialized(
              reply,
              await agingPages.get(
                asOf,
                async () => serializeWith(agingReportSchema, await agingReport(ctx.db, asOf, ctx.config.currency)),
                request.changeStamp,
              ),
            ),
          csv: async () => {
            const report = await agingReport(ctx.db, asOf, ctx.config.currency);
            return {
              fileName: `aging-${report.asOf}.csv`,
              columns: AGING_COLUMNS,
              rows: [...report.customers, { customerId: '', code: '', name: 'TOTAL', ...report.totals }],
            };
          },
        });
      },
    );
  };
