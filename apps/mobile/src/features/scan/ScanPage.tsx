import { errorText } from '@bodega/app-kit';
import { isApiError } from '@bodega/client';
import { Alert, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { lookUpBarcode } from './api';
import { ScannerView } from './scanner/ScannerView';

/** Scan (camera, hardware scanner or typed) to open a product. */
export default function ScanPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onScan = (code: string) => {
    setProblem(null);
    setBusy(true);
    lookUpBarcode(queryClient, code).then(
      (product) => navigate(`/warehouse/products/${product.id}`),
      (err: unknown) => {
        setBusy(false);
        setProblem(isApiError(err) && err.status === 404 ? t('scan.notFound', { code }) : errorText(t, err));
      },
    );
  };

  return (
    <Stack>
      <Title order={2}>{t('scan.title')}</Title>
      <ScannerView onScan={onScan} paused={busy} />
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}
