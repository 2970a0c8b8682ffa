import { Button, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconBackspace, IconPlusMinus, IconX } from '../../../components/icons';

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** Shows a ± key (adjustments are signed). */
  signed?: boolean;
};

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** A quantity typed with big keys (gloves, one hand) or the phone's numeric keyboard. */
export function QuantityPad({ label, value, onChange, error, signed = false }: Props) {
  const { t } = useTranslation();
  const press = (key: string) => onChange(value === '0' ? key : value + key);
  const clean = (raw: string) => raw.replace(signed ? /[^\d-]|(?!^)-/g : /\D/g, '').slice(0, 7);
  return (
    <Stack gap={6}>
      <TextInput
        label={label}
        value={value}
        error={error}
        onChange={(e) => onChange(clean(e.currentTarget.value))}
        inputMode="numeric"
        autoComplete="off"
        size="xl"
        styles={{ input: { textAlign: 'center', fontSize: 32, fontVariantNumeric: 'tabular-nums' } }}
      />
      <SimpleGrid cols={3} spacing={6} verticalSpacing={6}>
        {KEYS.map((key) => (
          <Button key={key} size="xl" variant="default" onClick={() => press(key)} tabIndex={-1}>
            {key}
          </Button>
        ))}
        {signed ? (
          <Button
            size="xl"
            variant="default"
            tabIndex={-1}
            aria-label={t('scan.pad.sign')}
            onClick={() => onChange(value.startsWith('-') ? value.slice(1) : `-${value}`)}
          >
            <IconPlusMinus size={28} />
          </Button>
        ) : (
          <Button
            size="xl"
            variant="default"
            tabIndex={-1}
            aria-label={t('scan.pad.clear')}
            onClick={() => onChange('')}
          >
            <IconX size={28} />
          </Button>
        )}
        <Button size="xl" variant="default" onClick={() => press('0')} tabIndex={-1}>
          0
        </Button>
        <Button
          size="xl"
          variant="default"
          tabIndex={-1}
          aria-label={t('scan.pad.backspace')}
          onClick={() => onChange(value.slice(0, -1))}
        >
          <IconBackspace size={28} />
        </Button>
      </SimpleGrid>
    </Stack>
  );
}

/** The pad's text as an integer, or null when it is not one. */
export function padNumber(value: string): number | null {
  return /^-?\d+$/.test(value) ? Number(value) : null;
}
