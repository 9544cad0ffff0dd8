import { queueFilters } from '../core/queue-query';
import { fromForm, parseContacts, toForm } from './organisation-form';

describe('the organisation form (issue 18)', () => {
  it('reads contacts one per line as e-mail; name; phone, skipping empty lines', () => {
    expect(parseContacts('olena@ukrenergo.test; Олена; +380441234567\n\n  petro@ukrenergo.test \nivan@x.test;Іван')).toEqual([
      { email: 'olena@ukrenergo.test', name: 'Олена', phone: '+380441234567' },
      { email: 'petro@ukrenergo.test', name: '', phone: null },
      { email: 'ivan@x.test', name: 'Іван', phone: null },
    ]);
  });

  it('sends empty codes as none and splits domains on commas, semicolons and spaces', () => {
    const request = fromForm({ nameUk: ' НЕК «Укренерго» ', nameEn: '', edrpou: ' 00100227 ', eic: '', domains: 'ua.energy, ukrenergo.test;x.test', contacts: '', notes: '', defaultVisibility: 'organisation' });
    expect(request).toEqual({ nameUk: 'НЕК «Укренерго»', nameEn: null, edrpou: '00100227', eic: null, emailDomains: ['ua.energy', 'ukrenergo.test', 'x.test'], contacts: [], notes: '', defaultVisibility: 'organisation' });
  });

  it('shows a stored organisation so that saving it unchanged sends the same contacts back', () => {
    const stored = {
      id: 1, nameUk: 'A', nameEn: null, edrpou: null, eic: '10YUA-WEPS-----0', active: true, defaultVisibility: 'private' as const, emailDomains: ['a.test'], notes: '', createdAt: '', updatedAt: '',
      contacts: [{ id: 1, name: 'Олена', email: 'o@a.test', phone: null }, { id: 2, name: '', email: 'p@a.test', phone: '+380' }],
    };
    expect(fromForm(toForm(stored)).contacts).toEqual([{ email: 'o@a.test', name: 'Олена', phone: null }, { email: 'p@a.test', name: '', phone: '+380' }]);
  });

  it('passes the queue\'s organisation filter on, and drops a bad one', () => {
    expect(queueFilters({ organisationId: '7' })).toMatchObject({ organisationId: 7 });
    expect(queueFilters({ organisationId: 'x' })).not.toHaveProperty('organisationId');
  });
});
