import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The `?` dialog: every shortcut the shell answers, with its keys. */
export function ShortcutsHelp({ rows, onClose }: { rows: readonly [string[], string][]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('palette.shortcuts.title')}>
      <Table>
        <Table.Tbody>
          {rows.map(([keys, label]) => (
            <Table.Tr key={label}>
              <Table.Td>
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(label)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
