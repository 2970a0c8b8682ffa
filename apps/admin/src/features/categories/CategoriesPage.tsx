import { ErrorAlert, errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { createCategoryBody } from '@bodega/contract';
import { can } from '@bodega/domain';
import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import type { components } from '@bodega/client';

type Category = components['schemas']['Category'];
type Node = Category & { children: Node[]; path: string };
/** What the dialog is doing: a new category (maybe under a parent) or a change of one. */
type Editing = { mode: 'create'; parentId: number | null } | { mode: 'edit'; category: Category };

const categoriesQuery = {
  queryKey: ['categories', 'list'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(bodega.api.GET('/api/v1/categories', { signal })),
};

function buildTree(items: readonly Category[]): { roots: Node[]; all: Node[] } {
  const nodes = new Map<number, Node>(items.map((c) => [c.id, { ...c, children: [], path: c.name }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const all: Node[] = [];
  const walk = (list: Node[], prefix: string) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of list) {
      n.path = prefix ? `${prefix} › ${n.name}` : n.name;
      all.push(n);
      walk(n.children, n.path);
    }
  };
  walk(roots, '');
  return { roots, all };
}

export function CategoriesPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'catalog.write');
  const queryClient = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const tree = useMemo(() => buildTree(categories.data?.items ?? []), [categories.data]);
  const [editing, setEditing] = useState<Editing | null>(null);

  const remove = useMutation({
    mutationFn: (id: number) => unwrap(bodega.api.DELETE('/api/v1/categories/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['categories'] }),
  });
  const confirmDelete = (c: Category) =>
    modals.openConfirmModal({
      title: t('categories.deleteTitle'),
      children: <Text size="sm">{t('categories.deleteText', { name: c.name })}</Text>,
      labels: { confirm: t('categories.delete'), cancel: t('categories.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(c.id),
    });

  const renderNode = (node: Node, depth: number) => (
    <div key={node.id}>
      <Paper withBorder p="xs" ml={depth * 24} data-testid="category-node">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={500}>{node.name}</Text>
            <Badge variant="light" color="gray">
              {t('categories.products', { count: node.productCount ?? 0 })}
            </Badge>
          </Group>
          {canWrite && (
            <Group gap={4} wrap="nowrap">
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => setEditing({ mode: 'create', parentId: node.id })}
              >
                {t('categories.addChild')}
              </Button>
              <Button size="compact-sm" variant="subtle" onClick={() => setEditing({ mode: 'edit', category: node })}>
                {t('categories.edit')}
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => confirmDelete(node)}>
                {t('categories.delete')}
              </Button>
            </Group>
          )}
        </Group>
      </Paper>
      {node.children.map((child) => renderNode(child, depth + 1))}
    </div>
  );

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>{t('categories.title')}</Title>
        {canWrite && (
          <Button onClick={() => setEditing({ mode: 'create', parentId: null })}>{t('categories.new')}</Button>
        )}
      </Group>
      {remove.isError && (
        <Alert color="red" role="alert" withCloseButton onClose={() => remove.reset()}>
          {errorText(t, remove.error)}
        </Alert>
      )}
      <QueryList list={{ ...categories, rows: tree.roots }} empty={t('categories.empty')}>
        {(rows) => (
          <Stack gap={6} role="tree" aria-label={t('categories.title')}>
            {rows.map((root) => renderNode(root, 0))}
          </Stack>
        )}
      </QueryList>
      {editing && <CategoryDialog editing={editing} all={tree.all} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function CategoryDialog({ editing, all, onClose }: { editing: Editing; all: Node[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = editing.mode === 'edit' ? editing.category : undefined;
  const form = useForm({
    initialValues: {
      name: current?.name ?? '',
      parentId: (editing.mode === 'create' ? editing.parentId : (current?.parentId ?? null))?.toString() ?? null,
    },
    validate: (values) => {
      const parsed = createCategoryBody.safeParse({ name: values.name });
      return parsed.success ? {} : zodErrors(t, parsed.error.issues);
    },
  });
  const save = useMutation({
    mutationFn: (values: { name: string; parentId: string | null }) => {
      const body = { name: values.name, parentId: values.parentId ? Number(values.parentId) : null };
      return current
        ? unwrap(bodega.api.PATCH('/api/v1/categories/{id}', { params: { path: { id: current.id } }, body }))
        : unwrap(bodega.api.POST('/api/v1/categories', { body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['categories'] });
      onClose();
    },
    onError: (err) => form.setErrors(fieldErrors(t, err)),
  });
  const parents = all.filter((c) => c.id !== current?.id).map((c) => ({ value: String(c.id), label: c.path }));

  return (
    <Modal opened onClose={onClose} title={t(current ? 'categories.editTitle' : 'categories.newTitle')}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          {save.isError && <ErrorAlert error={save.error} />}
          <TextInput label={t('categories.name')} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('categories.parent')}
            placeholder={t('categories.noParent')}
            clearable
            searchable
            data={parents}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('parentId')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('categories.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('categories.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
