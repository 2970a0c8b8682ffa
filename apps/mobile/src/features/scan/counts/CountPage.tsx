import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { idempotencyKey, isApiError, unwrap } from '@bodega/client';
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bodega } from '../../../lib/bodega';
import { lookUpBarcode, stockLevelQuery, type Product } from '../api';
import { IconX } from '../../../components/icons';
import { LocationSelect } from '../parts/LocationSelect';
import { padNumber, QuantityPad } from '../parts/QuantityPad';
import { useRememberedLocation } from '../parts/useRememberedLocation';
import { ScannerView } from '../scanner/ScannerView';
import { difference, markSubmitted, recordCount, removeCount, startSession, type CountSession } from './count-session';
import { useCountSession } from './useCountSession';

/**
 * Count sessions: pick a location, scan, type what is on the shelf, next. Review the differences
 * against on hand (live), then submit every count. The session lives on the device until then.
 */
export default function CountPage() {
  const { t } = useTranslation();
  const [session, update] = useCountSession();
  const [reviewing, setReviewing] = useState(false);
  const [finished, setFinished] = useState<number | null>(null);

  if (!session) return <StartCount finished={finished} onStart={(s) => (setFinished(null), update(() => s))} />;
  return (
    <Stack>
      <Title order={2}>{t(reviewing ? 'scan.count.reviewTitle' : 'scan.count.title')}</Title>
      {reviewing ? (
        <Review
          session={session}
          update={update}
          onBack={() => setReviewing(false)}
          onDone={(n) => {
            setReviewing(false);
            setFinished(n);
            update(() => null);
          }}
        />
      ) : (
        <Counting session={session} update={update} onReview={() => setReviewing(true)} />
      )}
    </Stack>
  );
}

type Update = (change: (s: CountSession | null) => CountSession | null) => void;

function StartCount({ onStart, finished }: { onStart: (s: CountSession) => void; finished: number | null }) {
  const { t } = useTranslation();
  const { locations, locationId, choose } = useRememberedLocation();
  if (locations.isPending) return <PageLoader />;
  if (locations.isError) return <ErrorAlert error={locations.error} />;
  return (
    <Stack>
      <Title order={2}>{t('scan.count.title')}</Title>
      {finished !== null && (
        <Alert color="green" role="status">
          {t('scan.count.submitted', { count: finished })}
        </Alert>
      )}
      <Text>{t('scan.count.intro')}</Text>
      <LocationSelect locations={locations.data} value={locationId} onChange={choose} />
      <Button
        size="xl"
        disabled={locationId === null}
        onClick={() => locationId && onStart(startSession(locationId, new Date()))}
      >
        {t('scan.count.start')}
      </Button>
    </Stack>
  );
}

function Counting({ session, update, onReview }: { session: CountSession; update: Update; onReview: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const { locations } = useRememberedLocation();
  const [current, setCurrent] = useState<Product | null>(null);
  const [qty, setQty] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [qtyError, setQtyError] = useState<string | undefined>();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const level = useQuery({ ...stockLevelQuery(current?.id ?? 0, session.locationId), enabled: current !== null });
  const location = locations.data?.find((l) => l.id === session.locationId);

  const onScan = (code: string) => {
    setProblem(null);
    lookUpBarcode(queryClient, code).then(
      (product) => {
        setCurrent(product);
        const earlier = session.lines.find((l) => l.productId === product.id);
        setQty(earlier ? String(earlier.counted) : '');
        setQtyError(undefined);
      },
      (err: unknown) =>
        setProblem(isApiError(err) && err.status === 404 ? t('scan.notFound', { code }) : errorText(t, err)),
    );
  };
  const next = (e: FormEvent) => {
    e.preventDefault();
    const n = padNumber(qty);
    if (!current) return;
    if (n === null || n < 0) return setQtyError(t('validation.invalid'));
    update((s) => s && recordCount(s, current, n, idempotencyKey()));
    setCurrent(null);
    setQty('');
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Badge size="lg" variant="light">
          {location ? location.name : '…'}
        </Badge>
        <Text size="sm" c="dimmed">
          {t('scan.count.lines', { count: session.lines.length })}
        </Text>
      </Group>
      <ScannerView onScan={onScan} paused={current !== null} />
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {current && (
        <Card withBorder>
          <form onSubmit={next}>
            <Stack gap="sm">
              <div>
                <Text fw={700} size="lg">
                  {current.name}
                </Text>
                <Text size="sm" c="dimmed">
                  {current.sku}
                </Text>
              </div>
              <Text data-testid="count-on-hand">
                {t('scan.count.onHandNow', { onHand: level.data ? fmt.number(level.data.onHand) : '…' })}
              </Text>
              <QuantityPad label={t('scan.count.counted')} value={qty} onChange={setQty} error={qtyError} />
              <Group grow>
                <Button variant="default" size="lg" onClick={() => setCurrent(null)}>
                  {t('scan.cancel')}
                </Button>
                <Button type="submit" size="lg">
                  {t('scan.count.next')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
      {session.lines.length > 0 && (
        <Stack gap={4}>
          {session.lines.map((l) => (
            <Group key={l.productId} justify="space-between" wrap="nowrap">
              <Text size="sm" lineClamp={1}>
                {l.name}
              </Text>
              <Text fw={700}>{fmt.number(l.counted)}</Text>
            </Group>
          ))}
        </Stack>
      )}
      <Group grow>
        <Button
          variant={confirmDiscard ? 'filled' : 'subtle'}
          color="red"
          size="md"
          onClick={() => (confirmDiscard ? update(() => null) : setConfirmDiscard(true))}
          onBlur={() => setConfirmDiscard(false)}
        >
          {t(confirmDiscard ? 'scan.count.discardConfirm' : 'scan.count.discard')}
        </Button>
        <Button size="lg" disabled={session.lines.length === 0 || current !== null} onClick={onReview}>
          {t('scan.count.review')}
        </Button>
      </Group>
    </Stack>
  );
}

function Review({
  session,
  update,
  onBack,
  onDone,
}: {
  session: CountSession;
  update: Update;
  onBack: () => void;
  onDone: (n: number) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const levels = useQueries({
    queries: session.lines.map((l) => stockLevelQuery(l.productId, session.locationId)),
  });
  const submit = useMutation({
    mutationFn: async () => {
      let latest = session;
      for (const line of session.lines) {
        if (line.submitted) continue;
        await unwrap(
          bodega.api.POST('/api/v1/stock/counts', {
            body: { productId: line.productId, locationId: session.locationId, countedQuantity: line.counted },
            headers: { 'Idempotency-Key': line.key },
          }),
        );
        latest = markSubmitted(latest, line.productId);
        update(() => latest);
      }
      return latest.lines.length;
    },
    onSettled: () => {
      for (const root of ['stock', 'movements', 'alerts']) void queryClient.invalidateQueries({ queryKey: [root] });
    },
    onSuccess: onDone,
  });

  return (
    <Stack>
      <Table.ScrollContainer minWidth={320}>
        <Table striped verticalSpacing="xs" data-testid="count-review">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('scan.count.product')}</Table.Th>
              <Table.Th ta="right">{t('scan.count.counted')}</Table.Th>
              <Table.Th ta="right">{t('scan.onHand')}</Table.Th>
              <Table.Th ta="right">{t('scan.count.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {session.lines.map((l, i) => {
              const d = difference(l.counted, levels[i]?.data?.onHand);
              return (
                <Table.Tr key={l.productId}>
                  <Table.Td>
                    <Text size="sm">{l.name}</Text>
                    <Text size="xs" c="dimmed">
                      {l.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{fmt.number(l.counted)}</Table.Td>
                  <Table.Td ta="right">{levels[i]?.data ? fmt.number(levels[i].data.onHand) : '…'}</Table.Td>
                  <Table.Td ta="right">
                    {l.submitted ? (
                      <Badge color="green">{t('scan.count.sent')}</Badge>
                    ) : d === null ? (
                      '…'
                    ) : (
                      <Text fw={700} c={d === 0 ? undefined : d > 0 ? 'teal' : 'red'}>
                        {d > 0 ? `+${fmt.number(d)}` : fmt.number(d)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!l.submitted && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        aria-label={t('scan.count.remove', { name: l.name })}
                        onClick={() => update((s) => s && removeCount(s, l.productId))}
                      >
                        <IconX size={18} />
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {submit.isError && (
        <Alert color="red" role="alert">
          {errorText(t, submit.error)}
        </Alert>
      )}
      <Group grow>
        <Button variant="default" size="lg" onClick={onBack} disabled={submit.isPending}>
          {t('scan.count.backToScan')}
        </Button>
        <Button
          size="lg"
          onClick={() => submit.mutate()}
          loading={submit.isPending}
          disabled={session.lines.length === 0}
        >
          {t('scan.count.submit', { count: session.lines.filter((l) => !l.submitted).length })}
        </Button>
      </Group>
    </Stack>
  );
}
