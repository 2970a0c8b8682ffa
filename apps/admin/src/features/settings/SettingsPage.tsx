import { ErrorAlert, errorText, fieldErrors, PageLoader, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { updateSettingsBody, type Settings } from '@bodega/contract';
import { Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bodega } from '../../lib/bodega';

const TEXT_FIELDS = ['businessName', 'businessTaxId', 'businessAddress', 'businessEmail', 'businessPhone'] as const;

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...zones])];
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Settings>(settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zones = useMemo(() => timeZones(settings.timeZone), [settings.timeZone]);
  const changes = Object.fromEntries(
    (Object.keys(form) as (keyof Settings)[]).filter((k) => form[k] !== settings[k]).map((k) => [k, form[k]]),
  );
  const save = useMutation({
    mutationFn: (body: Partial<Settings>) => unwrap(bodega.api.PATCH('/api/v1/settings', { body })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['settings'], saved);
      // Time zone and business name reach every report and the dashboard.
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
      notifications.show({ color: 'teal', message: t('settings.saved') });
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });
  const set = (patch: Partial<Settings>) => setForm((f) => ({ ...f, ...patch }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = updateSettingsBody.safeParse(changes);
    if (!parsed.success) return setErrors(zodErrors(t, parsed.error.issues));
    setErrors({});
    save.mutate(parsed.data);
  };
  const generic = save.isError && Object.keys(fieldErrors(t, save.error)).length === 0;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={820}>
        {generic && (
          <Alert color="red" role="alert">
            {errorText(t, save.error)}
          </Alert>
        )}
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('settings.business')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {TEXT_FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`settings.fields.${field}`)}
                required={field === 'businessName'}
                value={form[field]}
                error={errors[field]}
                onChange={(e) => set({ [field]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('settings.operation')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('settings.fields.timeZone')}
              description={t('settings.timeZoneHint')}
              searchable
              allowDeselect={false}
              value={form.timeZone}
              data={zones}
              error={errors['timeZone']}
              onChange={(v) => v && set({ timeZone: v })}
            />
            <NumberInput
              label={t('settings.fields.pendingOrderLifetimeMinutes')}
              description={t('settings.lifetimeHint')}
              min={5}
              max={43_200}
              allowDecimal={false}
              value={form.pendingOrderLifetimeMinutes}
              error={errors['pendingOrderLifetimeMinutes']}
              onChange={(v) => set({ pendingOrderLifetimeMinutes: typeof v === 'number' ? v : Number(v) })}
            />
            <NumberInput
              label={t('settings.fields.maxPendingOrdersPerCustomer')}
              description={t('settings.maxPendingHint')}
              min={1}
              max={1000}
              allowDecimal={false}
              value={form.maxPendingOrdersPerCustomer}
              error={errors['maxPendingOrdersPerCustomer']}
              onChange={(v) => set({ maxPendingOrdersPerCustomer: typeof v === 'number' ? v : Number(v) })}
            />
          </SimpleGrid>
        </Card>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={Object.keys(changes).length === 0}>
            {t('settings.save')}
          </Button>
          <Button variant="default" disabled={Object.keys(changes).length === 0} onClick={() => setForm(settings)}>
            {t('settings.discard')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The installation's settings (GET/PATCH /settings); only the fields changed are sent. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/settings', { signal })),
  });
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      )}
    </Stack>
  );
}
