/** The participant of the manual (1.2), used across tests. */
export const manualParticipant = {
  name: 'Тестовий контрагент',
  email: 'test_partner@oree.com.ua',
  subject: 'Проблема з підписом заявки',
  message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
};
