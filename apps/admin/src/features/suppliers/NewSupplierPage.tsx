import { unwrap } from '@bodega/client';
import type { CreateSupplierBody } from '@bodega/contract';
import { Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { bodega } from '../../lib/bodega';
import { SupplierForm } from './SupplierForm';

export function NewSupplierPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: CreateSupplierBody) => unwrap(bodega.api.POST('/api/v1/suppliers', { body })),
    onSuccess: async (supplier) => {
      await queryClient.invalidateQueries({ queryKey: ['suppliers'] });
      notifications.show({ color: 'teal', message: t('suppliers.created', { name: supplier.name }) });
      await navigate(`/suppliers/${supplier.id}`);
    },
  });
  return (
    <Stack maw={820}>
      <Title order={2}>{t('suppliers.new')}</Title>
      <SupplierForm
        submitLabel={t('suppliers.create')}
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body)}
      />
    </Stack>
  );
}
