import { ErrorAlert, useFormat } from '@bodega/app-kit';
import { BodegaApiError, unwrap } from '@bodega/client';
import { Alert, Button, FileInput, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { bodega } from '../../lib/bodega';
import type { ImportPreview, ImportResult } from './api';

type Progressing = { phase: 'validating' | 'importing'; processed: number; total: number };
type Line = { type: 'progress' } & Progressing;

const csvRequest = { headers: { 'content-type': 'text/csv; charset=utf-8' }, bodySerializer: (b: string) => b };

/** Checks the file without writing anything: every row's errors, or what the import would do. */
async function preview(text: string): Promise<ImportPreview> {
  const answer = await unwrap(
    bodega.api.POST('/api/v1/products/import', { params: { query: { dryRun: 'true' } }, body: text, ...csvRequest }),
  );
  if (typeof answer !== 'object' || !('dryRun' in answer)) throw new Error('expected a dry run');
  return answer;
}

/** The real import, reading the server's NDJSON progress lines as they come. */
async function runImport(text: string, onProgress: (p: Progressing) => void): Promise<ImportResult> {
  const { response, error } = await bodega.api.POST('/api/v1/products/import', {
    body: text,
    ...csvRequest,
    headers: { ...csvRequest.headers, accept: 'application/x-ndjson' },
    parseAs: 'stream',
  });
  if (!response.ok || !response.body) throw new BodegaApiError(response.status, error);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    const lines = buffered.split('\n');
    buffered = done ? '' : (lines.pop() ?? '');
    for (const raw of lines) {
      if (!raw.trim()) continue;
      const line = JSON.parse(raw) as
        Line | { type: 'result'; result: ImportResult } | { type: 'error'; status: number };
      if (line.type === 'progress') onProgress(line);
      else if (line.type === 'result') return line.result;
      else throw new BodegaApiError(line.status, line);
    }
    if (done) throw new Error('the import ended without a result');
  }
}

export function ImportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progressing | null>(null);

  const check = useMutation({ mutationFn: async (f: File) => preview(await f.text()) });
  const commit = useMutation({
    mutationFn: async (f: File) => runImport(await f.text(), setProgress),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      void queryClient.invalidateQueries({ queryKey: ['categories'] });
    },
  });
  const choose = (f: File | null) => {
    setFile(f);
    setProgress(null);
    check.reset();
    commit.reset();
    if (f) check.mutate(f);
  };
  const p = check.data;

  return (
    <Stack maw={900}>
      <Title order={2}>{t('products.import.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('products.import.help')}
      </Text>
      <FileInput
        label={t('products.import.file')}
        accept=".csv,text/csv"
        value={file}
        onChange={choose}
        clearable
        disabled={commit.isPending}
        maw={420}
      />
      {check.isPending && <Progress value={100} animated aria-label={t('products.import.checking')} />}
      {check.isError && <ErrorAlert error={check.error} />}
      {p && !p.valid && (
        <Stack data-testid="import-errors">
          <Alert color="red" role="alert">
            {t('products.import.invalid', { count: p.errorCount })}
          </Alert>
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('products.import.row')}</Table.Th>
                  <Table.Th>{t('products.import.line')}</Table.Th>
                  <Table.Th>{t('products.import.field')}</Table.Th>
                  <Table.Th>{t('products.import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.row ?? ''}</Table.Td>
                    <Table.Td>{e.line ?? ''}</Table.Td>
                    <Table.Td>{e.field ?? e.path}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      {p?.valid && p.result && !commit.isSuccess && (
        <Stack data-testid="import-preview">
          <Alert color="teal">
            {t('products.import.ready', {
              total: format.number(p.result.total),
              created: format.number(p.result.created),
              updated: format.number(p.result.updated),
              unchanged: format.number(p.result.unchanged),
              categories: format.number(p.result.categoriesCreated),
            })}
          </Alert>
          {commit.isError && <ErrorAlert error={commit.error} />}
          {commit.isPending && (
            <Progress
              value={progress && progress.total ? (100 * progress.processed) / progress.total : 0}
              animated
              aria-label={t('products.import.importing')}
            />
          )}
          <Group>
            <Button loading={commit.isPending} onClick={() => file && commit.mutate(file)}>
              {t('products.import.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
      {commit.data && (
        <Alert color="teal" role="status" data-testid="import-result">
          {t('products.import.done', {
            created: format.number(commit.data.created),
            updated: format.number(commit.data.updated),
            unchanged: format.number(commit.data.unchanged),
          })}{' '}
          <Link to="/products">{t('products.import.backToList')}</Link>
        </Alert>
      )}
    </Stack>
  );
}
