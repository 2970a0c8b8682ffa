import { errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { createUserBody, type CreateUserBody } from '@bodega/contract';
import { isStaffRole, ROLES, STAFF_ROLES, USER_STATUSES, type StaffRole, type UserStatus } from '@bodega/domain';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUrlFilters, useUrlSearch } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

type Role = (typeof ROLES)[number];
const PAGE = 50;
const EMPTY_FORM: CreateUserBody = { email: '', name: '', role: 'sales_staff', password: '' };

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CreateUserBody>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => unwrap(bodega.api.POST('/api/v1/users', { body })),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: t('users.created', { email: user.email }) });
      setForm(EMPTY_FORM);
      onClose();
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });
  const set = (patch: Partial<CreateUserBody>) => setForm((f) => ({ ...f, ...patch }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createUserBody.safeParse({ ...form, email: form.email.trim(), name: form.name.trim() });
    if (!parsed.success) return setErrors(zodErrors(t, parsed.error.issues));
    setErrors({});
    create.mutate(parsed.data);
  };
  const generic = create.isError && Object.keys(fieldErrors(t, create.error)).length === 0;

  return (
    <Modal opened={opened} onClose={onClose} title={t('users.create')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {generic && (
            <Alert color="red" role="alert">
              {errorText(t, create.error)}
            </Alert>
          )}
          <TextInput
            label={t('users.name')}
            required
            value={form.name}
            error={errors['name']}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
          <TextInput
            label={t('users.email')}
            type="email"
            required
            value={form.email}
            error={errors['email']}
            onChange={(e) => set({ email: e.currentTarget.value })}
          />
          <Select
            label={t('users.role')}
            required
            allowDeselect={false}
            value={form.role}
            error={errors['role']}
            data={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onChange={(v) => v && set({ role: v as StaffRole })}
          />
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            required
            value={form.password}
            error={errors['password']}
            onChange={(e) => set({ password: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('users.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('users.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Staff and customer accounts: an admin invites staff, changes a role, disables or enables an account. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useStaffUser();
  const queryClient = useQueryClient();
  const filter = useUrlFilters();
  const search = useUrlSearch(filter);
  const { q } = search;
  const [failure, setFailure] = useState<unknown>(null);
  const role = (filter.params.get('role') as Role | null) ?? undefined;
  const status = (filter.params.get('status') as UserStatus | null) ?? undefined;

  const users = useKeysetList({
    queryKey: ['users', 'list', { q, role, status }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/users', {
          params: {
            query: {
              limit: PAGE,
              ...(q ? { q } : {}),
              ...(role ? { role } : {}),
              ...(status ? { status } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ),
  });

  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: number; role?: StaffRole; status?: UserStatus }) =>
      unwrap(bodega.api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onMutate: () => setFailure(null),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: t('users.updated', { email: user.email }) });
    },
    onError: (error) => setFailure(error),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        <Button onClick={() => filter.set('new', '1')}>{t('users.create')}</Button>
      </Group>
      <Group align="flex-end">
        <TextInput label={t('users.search')} {...search.input} maw={280} />
        <Select
          label={t('users.role')}
          clearable
          placeholder={t('users.any')}
          value={role ?? null}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={(v) => filter.set('role', v)}
          maw={220}
        />
        <Select
          label={t('users.status')}
          clearable
          placeholder={t('users.any')}
          value={status ?? null}
          data={USER_STATUSES.map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))}
          onChange={(v) => filter.set('status', v)}
          maw={180}
        />
      </Group>
      {failure !== null && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setFailure(null)}>
          {errorText(t, failure)}
        </Alert>
      )}
      <QueryTable
        list={users}
        empty={t('users.empty')}
        minWidth={640}
        columns={[t('users.name'), t('users.email'), t('users.role'), t('users.status'), '']}
        striped
      >
        {(u) => (
          <Table.Tr key={u.id} data-testid={`user-${u.email}`}>
            <Table.Td>{u.name}</Table.Td>
            <Table.Td>{u.email}</Table.Td>
            <Table.Td>
              {isStaffRole(u.role) ? (
                <Select
                  size="xs"
                  aria-label={t('users.roleOf', { email: u.email })}
                  allowDeselect={false}
                  value={u.role}
                  data={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  onChange={(v) => v && v !== u.role && update.mutate({ id: u.id, role: v as StaffRole })}
                  w={200}
                />
              ) : (
                t(`roles.${u.role}`)
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={u.status === 'active' ? 'teal' : 'gray'}>{t(`users.statuses.${u.status}`)}</Badge>
            </Table.Td>
            <Table.Td>
              {u.id !== me?.id && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => update.mutate({ id: u.id, status: u.status === 'active' ? 'disabled' : 'active' })}
                >
                  {u.status === 'active' ? t('users.disable') : t('users.enable')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
      <CreateUserModal opened={filter.params.get('new') === '1'} onClose={() => filter.set('new', null)} />
    </Stack>
  );
}
