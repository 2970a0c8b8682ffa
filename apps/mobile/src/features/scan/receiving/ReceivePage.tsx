import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { idempotencyKey, isApiError, unwrap } from '@bodega/client';
import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { bodega } from '../../../lib/bodega';
import { lookUpBarcode, purchaseOrderQuery, type PurchaseOrder } from '../api';
import { padNumber } from '../parts/QuantityPad';
import { ScannerView } from '../scanner/ScannerView';
import { addUnit, overReceipts, receiptLines, setQuantity, type ReceiptDraft } from './receipt-draft';
import { IconMinus, IconPlus } from '../../../components/icons';

const draftKey = (id: number) => `bodega.mobile.receipt.${id}`;

function storedDraft(id: number): ReceiptDraft {
  try {
    return (JSON.parse(localStorage.getItem(draftKey(id)) ?? '{}') as ReceiptDraft) ?? {};
  } catch {
    return {};
  }
}

/** Receive against one purchase order: scan each item (a unit per scan), see what is still owed. */
export default function ReceivePage() {
  const id = Number(useParams().id);
  const po = useQuery(purchaseOrderQuery(id));
  if (po.isPending) return <PageLoader />;
  if (po.isError) return <ErrorAlert error={po.error} />;
  return <Receive key={po.data.id} po={po.data} />;
}

function Receive({ po }: { po: PurchaseOrder }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ReceiptDraft>(() => storedDraft(po.id));
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lastScan, setLastScan] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (Object.keys(draft).length) localStorage.setItem(draftKey(po.id), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(po.id));
  }, [draft, po.id]);

  const over = overReceipts(draft, po.lines);
  const lines = receiptLines(draft);
  const units = lines.reduce((sum, l) => sum + l.quantity, 0);

  // One Idempotency-Key per receipt, renewed once recorded (a refused try keeps nothing).
  const [key, setKey] = useState(idempotencyKey);
  const receive = useMutation({
    mutationFn: (allowOverReceipt: boolean) =>
      unwrap(
        bodega.api.POST('/api/v1/purchase-orders/{id}/receipts', {
          params: { path: { id: po.id }, header: { 'idempotency-key': key } },
          body: {
            lines,
            ...(allowOverReceipt ? { allowOverReceipt: true } : {}),
            ...(reference.trim() ? { reference: reference.trim() } : {}),
          },
        }),
      ),
    onSuccess: (result) => {
      setKey(idempotencyKey());
      setConfirming(false);
      setDraft({});
      setReference('');
      queryClient.setQueryData(purchaseOrderQuery(po.id).queryKey, result.purchaseOrder);
      setDone(t('scan.receive.done', { count: units }));
      for (const root of ['purchase-orders', 'stock', 'movements', 'alerts', 'products'])
        void queryClient.invalidateQueries({ queryKey: [root] });
    },
    onError: (err) => {
      // Someone else received meanwhile: the same confirmation, with fresh outstanding quantities.
      if (isApiError(err) && err.code === 'over_receipt') {
        void queryClient.invalidateQueries({ queryKey: ['purchase-orders', po.id] });
        setConfirming(true);
      } else setConfirming(false);
    },
  });

  const onScan = (code: string) => {
    setProblem(null);
    lookUpBarcode(queryClient, code).then(
      (product) => {
        if (!po.lines.some((l) => l.productId === product.id))
          return setProblem(t('scan.receive.notOnOrder', { name: product.name, number: po.number }));
        // Functional: scans can come faster than renders.
        setDraft((d) => addUnit(d, po.lines, product.id) ?? d);
        setDone(null);
        setLastScan(product.name);
      },
      (err: unknown) =>
        setProblem(isApiError(err) && err.status === 404 ? t('scan.notFound', { code }) : errorText(t, err)),
    );
  };
  const submit = () => (over.length ? setConfirming(true) : receive.mutate(false));

  return (
    <Stack>
      <div>
        <Title order={2}>{po.number}</Title>
        <Text size="sm">{po.supplierName}</Text>
      </div>
      {!po.receivable ? (
        <Alert color="gray">{t('scan.receive.notReceivable', { status: t(`scan.receive.status.${po.status}`) })}</Alert>
      ) : (
        <ScannerView onScan={onScan} defaultMode="continuous" paused={receive.isPending || confirming} />
      )}
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      {lastScan && !problem && (
        <Text size="sm" c="teal" role="status">
          {t('scan.receive.added', { name: lastScan })}
        </Text>
      )}
      {po.lines.map((line) => {
        const now = draft[line.id] ?? 0;
        const excess = now - line.outstandingQuantity;
        return (
          <Card key={line.id} withBorder padding="sm" data-testid={`po-line-${line.sku}`}>
            <Group justify="space-between" wrap="nowrap" align="start">
              <div style={{ minWidth: 0 }}>
                <Text fw={700} lineClamp={2}>
                  {line.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {line.sku}
                </Text>
                <Text size="sm">
                  {t('scan.receive.progress', {
                    ordered: fmt.number(line.quantity),
                    received: fmt.number(line.receivedQuantity),
                  })}
                </Text>
                <Text size="sm" fw={700} data-testid="outstanding">
                  {t('scan.receive.outstanding', { count: line.outstandingQuantity })}
                </Text>
                {excess > 0 && <Badge color="orange">{t('scan.receive.over', { count: excess })}</Badge>}
              </div>
              {po.receivable && (
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    size={48}
                    variant="default"
                    aria-label={t('scan.receive.less', { name: line.name })}
                    onClick={() => setDraft(setQuantity(draft, line.id, now - 1))}
                  >
                    <IconMinus size={24} />
                  </ActionIcon>
                  <TextInput
                    w={64}
                    size="lg"
                    inputMode="numeric"
                    aria-label={t('scan.receive.receiving', { name: line.name })}
                    value={String(now)}
                    onChange={(e) => setDraft(setQuantity(draft, line.id, padNumber(e.currentTarget.value) ?? 0))}
                    styles={{ input: { textAlign: 'center' } }}
                  />
                  <ActionIcon
                    size={48}
                    variant="default"
                    aria-label={t('scan.receive.more', { name: line.name })}
                    onClick={() => setDraft(setQuantity(draft, line.id, now + 1))}
                  >
                    <IconPlus size={24} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
          </Card>
        );
      })}
      {po.receivable && (
        <>
          <TextInput
            size="md"
            label={t('scan.receive.reference')}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
          {receive.isError && !confirming && (
            <Alert color="red" role="alert">
              {errorText(t, receive.error)}
            </Alert>
          )}
          <Button size="xl" disabled={units === 0} loading={receive.isPending && !confirming} onClick={submit}>
            {t('scan.receive.submit', { count: units })}
          </Button>
        </>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('scan.receive.overTitle')} centered>
        <Stack>
          <Text size="sm">{t('scan.receive.overText')}</Text>
          {over.map(({ line, excess }) => (
            <Text key={line.id} size="sm" fw={700}>
              {t('scan.receive.overLine', { name: line.name, count: excess })}
            </Text>
          ))}
          <Group grow>
            <Button variant="default" size="md" onClick={() => setConfirming(false)}>
              {t('scan.cancel')}
            </Button>
            <Button color="orange" size="md" loading={receive.isPending} onClick={() => receive.mutate(true)}>
              {t('scan.receive.overConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
