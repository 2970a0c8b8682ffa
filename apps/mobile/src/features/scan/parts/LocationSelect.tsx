import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Location } from '../api';

/** Big location picker; the choice is the caller's (usually useRememberedLocation). */
export function LocationSelect({
  locations,
  value,
  onChange,
  disabled,
}: {
  locations: readonly Location[];
  value: number | null;
  onChange: (id: number) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      size="md"
      label={t('scan.location')}
      data={locations.map((l) => ({ value: String(l.id), label: `${l.name} (${l.code})` }))}
      value={value === null ? null : String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
