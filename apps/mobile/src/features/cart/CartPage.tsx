import { Empty, ErrorAlert, useFormat } from '@bodega/app-kit';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { cartTotalCents, clearCart, replaceCart, setQuantity, useCart } from '../../lib/cart';
import { ownCustomerQuery, statementQuery, useCurrency } from '../../lib/customer';
import { useOnline } from '../../lib/pwa';
import { useSignedIn } from '../../lib/session';
import type { QueuedOrder } from './queue';
import { refusalText } from './refusal';
import { queueFor, useQueueEntries } from './runtime';
import { IconX } from '../../components/icons';

const STATE_COLOR = { queued: 'yellow', sending: 'blue', placed: 'teal', refused: 'red' } as const;

/** One order waiting, being sent, placed or refused. */
function QueueEntry({ entry, currency }: { entry: QueuedOrder; currency: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useSignedIn();
  const queue = queueFor(user.id);
  const total = entry.lines.reduce((n, l) => n + l.priceCents * l.quantity, 0);
  const edit = () => {
    const taken = queue.takeForEdit(entry.id);
    if (taken) replaceCart(taken.lines.map((l) => ({ ...l })));
  };
  return (
    <Card withBorder padding="sm" data-testid="queue-entry" data-state={entry.state}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            {entry.order ? entry.order.number : format.dateTime(entry.queuedAt)}
          </Text>
          <Badge color={STATE_COLOR[entry.state]}>{t(`cart.queue.state.${entry.state}`)}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {entry.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}
          {currency ? ` · ${format.money(total, currency)}` : ''}
        </Text>
        {entry.state === 'refused' && (
          <Alert color="red" p="xs" role="alert">
            {refusalText(t, entry).map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
          </Alert>
        )}
        <Group gap="xs">
          {entry.state === 'placed' && entry.order && (
            <Button size="compact-sm" variant="light" component={Link} to={`/orders/${entry.order.id}`}>
              {t('cart.queue.view')}
            </Button>
          )}
          {entry.state === 'refused' && (
            <Button size="compact-sm" variant="light" onClick={edit}>
              {t('cart.queue.edit')}
            </Button>
          )}
          {entry.state !== 'sending' && (
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => queue.drop(entry.id)}>
              {entry.state === 'placed' ? t('cart.queue.dismiss') : t('cart.queue.drop')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export function CartPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const user = useSignedIn();
  const lines = useCart();
  const entries = useQueueEntries();
  const online = useOnline();
  const currency = useCurrency();
  const me = useQuery(ownCustomerQuery);
  const statement = useQuery({ ...statementQuery(me.data?.id ?? 0), enabled: me.data !== undefined });
  const [terms, setTerms] = useState<'cash' | 'credit'>('cash');
  const [notes, setNotes] = useState('');

  const creditLimit = me.data?.creditLimitCents ?? 0;
  const hasCredit = creditLimit > 0;
  const money = (cents: number) => (currency ? format.money(cents, currency) : '…');

  const checkout = async () => {
    const queue = queueFor(user.id);
    const entry = queue.enqueue(
      {
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        paymentTerms: hasCredit ? terms : 'cash',
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      },
      lines.map((l) => ({ ...l })),
    );
    clearCart();
    setNotes('');
    await queue.drain();
    const after = queue.get(entry.id);
    // Placed at once: the order's page says so, the queue need not.
    if (after?.state === 'placed' && after.order) {
      queue.drop(entry.id);
      await navigate(`/orders/${after.order.id}`);
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('cart.title')}</Title>
      {lines.length === 0 ? (
        <Empty>{t('cart.empty')}</Empty>
      ) : (
        <>
          {lines.map((line) => (
            <Card key={line.productId} withBorder padding="sm" data-testid="cart-line">
              <Group justify="space-between" wrap="nowrap" align="center">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fw={600} truncate>
                    {line.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {money(line.priceCents)}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <NumberInput
                    w={80}
                    min={0}
                    max={1_000_000}
                    allowDecimal={false}
                    aria-label={t('cart.quantityOf', { name: line.name })}
                    value={line.quantity}
                    onChange={(v) => setQuantity(line.productId, typeof v === 'number' ? v : Number(v) || 0)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('cart.remove', { name: line.name })}
                    onClick={() => setQuantity(line.productId, 0)}
                  >
                    <IconX size={20} />
                  </ActionIcon>
                </Group>
              </Group>
            </Card>
          ))}
          <Group justify="space-between">
            <Text fw={600}>{t('cart.total')}</Text>
            <Text fw={700} data-testid="cart-total">
              {money(cartTotalCents(lines))}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('cart.priceNote')}
          </Text>
          {me.error && <ErrorAlert error={me.error} />}
          {hasCredit && (
            <Stack gap={4}>
              <SegmentedControl
                aria-label={t('cart.paymentTerms')}
                value={terms}
                onChange={(v) => setTerms(v as 'cash' | 'credit')}
                data={[
                  { value: 'cash', label: t('cart.cash') },
                  { value: 'credit', label: t('cart.credit') },
                ]}
              />
              <Text size="sm" c="dimmed" data-testid="credit-info">
                {t('cart.creditInfo', {
                  limit: money(creditLimit),
                  balance: statement.data ? money(statement.data.closingBalanceCents) : '…',
                })}
              </Text>
            </Stack>
          )}
          <Textarea
            label={t('cart.notes')}
            autosize
            minRows={1}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
          <Button size="md" onClick={() => void checkout()}>
            {online ? t('cart.placeOrder') : t('cart.queueOrder')}
          </Button>
          {!online && (
            <Text size="sm" c="dimmed">
              {t('cart.offlineNote')}
            </Text>
          )}
        </>
      )}
      {entries.length > 0 && (
        <Stack gap="xs" data-testid="queue">
          <Title order={4}>{t('cart.queue.title')}</Title>
          {entries.map((entry) => (
            <QueueEntry key={entry.id} entry={entry} currency={currency} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
