import { errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import {
  createLocationBody,
  updateLocationBody,
  type CreateLocationBody,
  type Location,
  type UpdateLocationBody,
} from '@bodega/contract';
import { can } from '@bodega/domain';
import { Alert, Badge, Button, Group, Modal, Stack, Switch, Table, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryTable } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

type Issues = Parameters<typeof zodErrors>[1];

export function LocationsPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'stock.write');
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const locations = useQuery({
    queryKey: ['locations', 'list'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/locations', { signal })),
  });
  const rows = locations.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('locations.title')}</Title>
        {canWrite && <Button onClick={() => setEditing('new')}>{t('locations.new')}</Button>}
      </Group>
      <QueryTable
        list={{ ...locations, rows }}
        empty={t('locations.empty')}
        minWidth={600}
        columns={[
          t('locations.code'),
          t('locations.name'),
          t('locations.address'),
          t('locations.status'),
          canWrite && t('locations.actions'),
        ]}
        striped
        data-testid="locations-table"
      >
        {(l) => (
          <Table.Tr key={l.id}>
            <Table.Td>{l.code}</Table.Td>
            <Table.Td>{l.name}</Table.Td>
            <Table.Td>{l.address}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Badge variant="dot" color={l.active ? 'teal' : 'gray'}>
                  {l.active ? t('locations.active') : t('locations.inactive')}
                </Badge>
                {l.isDefault && <Badge variant="light">{t('locations.default')}</Badge>}
              </Group>
            </Table.Td>
            {canWrite && (
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setEditing(l)}
                  aria-label={t('locations.editOne', { name: l.name })}
                >
                  {t('locations.edit')}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      </QueryTable>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('locations.new') : t('locations.editTitle')}
      >
        {editing !== null && (
          <LocationForm
            key={editing === 'new' ? 'new' : editing.id}
            location={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function LocationForm({ location, onDone }: { location: Location | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      code: location?.code ?? '',
      name: location?.name ?? '',
      address: location?.address ?? '',
      active: location?.active ?? true,
    },
  });
  const save = useMutation({
    mutationFn: (body: CreateLocationBody | UpdateLocationBody) =>
      location
        ? unwrap(bodega.api.PATCH('/api/v1/locations/{id}', { params: { path: { id: location.id } }, body }))
        : unwrap(bodega.api.POST('/api/v1/locations', { body: body as CreateLocationBody })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['locations'] });
      void queryClient.invalidateQueries({ queryKey: ['stock'] });
      notifications.show({
        color: 'teal',
        title: location ? t('locations.saved') : t('locations.created'),
        message: saved.name,
      });
      onDone();
    },
    onError: (e) => form.setErrors(fieldErrors(t, e)),
  });
  const submit = form.onSubmit((v) => {
    const body = {
      code: v.code,
      name: v.name,
      address: v.address.trim() ? v.address : null,
      ...(location ? { active: v.active } : {}),
    };
    const parsed = (location ? updateLocationBody : createLocationBody).safeParse(body);
    if (!parsed.success) return form.setErrors(zodErrors(t, parsed.error.issues as Issues));
    save.mutate(parsed.data);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.error ? (
          <Alert color="red" role="alert" data-testid="location-error">
            {errorText(t, save.error)}
          </Alert>
        ) : null}
        <TextInput
          label={t('locations.code')}
          description={t('locations.codeHint')}
          required
          {...form.getInputProps('code')}
        />
        <TextInput label={t('locations.name')} required {...form.getInputProps('name')} />
        <TextInput label={t('locations.address')} {...form.getInputProps('address')} />
        {location && (
          <Switch
            label={t('locations.activeLabel')}
            description={location.isDefault ? t('locations.defaultStaysActive') : t('locations.deactivateHint')}
            disabled={location.isDefault}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('locations.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('locations.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
