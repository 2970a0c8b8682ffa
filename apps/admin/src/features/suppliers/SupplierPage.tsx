import { isApiError, unwrap } from '@bodega/client';
import type { UpdateSupplierBody } from '@bodega/contract';
import { can } from '@bodega/domain';
import { Alert, Badge, Button, Group, Stack, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert, PageLoader } from '@bodega/app-kit';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { supplierQuery } from './queries';
import { SupplierForm } from './SupplierForm';
import { SupplierProducts } from './SupplierProducts';

export function SupplierPage() {
  const { t } = useTranslation();
  const id = Number(useParams()['id']);
  const user = useStaffUser();
  const manage = !!user && can(user.role, 'suppliers.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const supplier = useQuery(supplierQuery(id));

  const update = useMutation({
    mutationFn: (body: UpdateSupplierBody) =>
      unwrap(bodega.api.PATCH('/api/v1/suppliers/{id}', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['suppliers'] });
      notifications.show({ color: 'teal', message: t('suppliers.saved') });
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(bodega.api.DELETE('/api/v1/suppliers/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['suppliers'] });
      notifications.show({ color: 'teal', message: t('suppliers.deleted') });
      await navigate('/suppliers');
    },
  });

  if (supplier.isPending) return <PageLoader />;
  if (supplier.isError) return <ErrorAlert error={supplier.error} />;
  const s = supplier.data;
  const setActive = (active: boolean) => update.mutate({ active, version: s.version });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('suppliers.deleteTitle', { name: s.name }),
      children: t('suppliers.deleteText'),
      labels: { confirm: t('suppliers.delete'), cancel: t('suppliers.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{s.name}</Title>
          <Badge color={s.active ? 'teal' : 'gray'} variant="light">
            {s.active ? t('suppliers.activeBadge') : t('suppliers.inactiveBadge')}
          </Badge>
        </Group>
        {manage && (
          <Group>
            <Button variant="default" loading={update.isPending} onClick={() => setActive(!s.active)}>
              {s.active ? t('suppliers.deactivate') : t('suppliers.activate')}
            </Button>
            <Button color="red" variant="light" loading={remove.isPending} onClick={confirmDelete}>
              {t('suppliers.delete')}
            </Button>
          </Group>
        )}
      </Group>
      {isApiError(remove.error, 'supplier_in_use') ? (
        <Alert color="orange" role="alert" title={t('suppliers.inUseTitle')}>
          <Stack gap="xs">
            {t('suppliers.inUseText')}
            {s.active && manage && (
              <Group>
                <Button size="xs" variant="default" onClick={() => setActive(false)}>
                  {t('suppliers.deactivateInstead')}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      ) : remove.error ? (
        <ErrorAlert error={remove.error} />
      ) : null}
      <SupplierForm
        key={s.version}
        initial={s}
        readOnly={!manage}
        submitLabel={t('suppliers.save')}
        pending={update.isPending}
        error={update.error}
        onSubmit={(body) => {
          const { code, ...rest } = body;
          update.mutate({ ...rest, ...(code && code !== s.code ? { code } : {}), version: s.version });
        }}
      />
      <SupplierProducts supplierId={id} manage={manage} />
    </Stack>
  );
}
