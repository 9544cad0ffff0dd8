import type { SecretsService } from '../secrets/secrets.service';

/** The participant of the manual (1.2), used across tests. */
export const manualParticipant = {
  name: 'Тестовий контрагент',
  email: 'test_partner@oree.com.ua',
  subject: 'Проблема з підписом заявки',
  message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
};

/** For a unit test of one class that renders e-mails whose payloads hold nothing sealed: what is stored is what is read. */
export const unsealedSecrets = { open: (_column: unknown, _rowId: string, stored: string) => stored } as unknown as SecretsService;
