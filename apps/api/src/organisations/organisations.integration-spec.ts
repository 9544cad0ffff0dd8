import MailComposer from 'nodemailer/lib/mail-composer';
import { Client } from 'pg';
import request from 'supertest';
import { MailInService } from '../mail-in/mail-in.service';
import TestAgent from 'supertest/lib/agent';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент Ключів' };
const REGULAR_CATEGORY = 1;
const KEYS_CATEGORY = 3;

// Real, published codes: НЕК «Укренерго» and the Ukrainian IPS area; a second valid pair for another company.
const UKRENERGO = { nameUk: 'НЕК «Укренерго»', nameEn: 'NPC Ukrenergo', edrpou: '00100227', eic: '10Y1001C--00003F' };
const OTHER = { nameUk: 'ТОВ «Інша енергія»', edrpou: '32855961', eic: '10YUA-WEPS-----0' };

// argon2 is slow on purpose: creating a staff account on a busy machine needs more than jest's 5 s.
jest.setTimeout(60_000);

interface Session {
  http: TestAgent;
  csrf: string;
}

describe('organisations (issue 18)', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;

  async function signIn(credentials: { email: string; password: string }): Promise<Session> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    return { http, csrf: body.csrfToken };
  }
  const post = (s: Session, url: string, body: object) => s.http.post(url).set('X-CSRF-Token', s.csrf).send(body);
  const patch = (s: Session, url: string, body: object) => s.http.patch(url).set('X-CSRF-Token', s.csrf).send(body);
  const createOrganisation = async (body: object) => (await post(admin, '/api/staff/organisations', body).expect(201)).body as { id: number };
  const submit = async (email: string, categoryId?: number): Promise<string> => {
    const { body } = await t.http
      .post('/api/tickets')
      .send({ name: 'Учасник', email, subject: 'Питання щодо договору', message: 'Доброго дня, маю питання.', ...(categoryId ? { categoryId } : {}) })
      .expect(201);
    return body.trackingId;
  };
  const organisationOf = async (trackingId: string): Promise<number | null> =>
    (await t.db.query(`SELECT organisation_id FROM tickets WHERE tracking_id = $1`, [trackingId]))[0].organisation_id;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    await post(admin, '/api/staff/accounts', { ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agent = await signIn({ email: AGENT.email, password: AGENT.password });
  });
  afterAll(() => t.close());

  describe('permissions on every endpoint', () => {
    let id: number;
    let trackingId: string;
    beforeAll(async () => {
      id = (await createOrganisation({ nameUk: 'Права доступу' })).id;
      trackingId = await submit('someone@perm.test', KEYS_CATEGORY);
    });

    it('answers 401 to the signed-out, for reads and changes alike', async () => {
      const anonymous = request(t.app.getHttpServer());
      await anonymous.get('/api/staff/organisations').expect(401);
      await anonymous.get(`/api/staff/organisations/${id}`).expect(401);
      await anonymous.get('/api/staff/organisations/export.csv').expect(401);
      await anonymous.get(`/api/staff/tickets/${trackingId}/organisation`).expect(401);
      await anonymous.post('/api/staff/organisations').send({ nameUk: 'x' }).expect(401);
      await anonymous.patch(`/api/staff/organisations/${id}`).send({ nameUk: 'x' }).expect(401);
      await anonymous.post(`/api/staff/organisations/${id}/merge`).send({ intoId: id }).expect(401);
      await anonymous.post('/api/staff/organisations/import').send({ csv: 'name_uk\nx' }).expect(401);
    });

    it('lets an agent read but answers 403 to every change', async () => {
      await agent.http.get('/api/staff/organisations').expect(200);
      await agent.http.get(`/api/staff/organisations/${id}`).expect(200);
      await agent.http.get('/api/staff/organisations/export.csv').expect(200);
      await agent.http.get(`/api/staff/tickets/${trackingId}/organisation`).expect(200);
      const refused = await post(agent, '/api/staff/organisations', { nameUk: 'x' }).set('Accept-Language', 'en').expect(403);
      expect(refused.body).toMatchObject({ code: 'staff_forbidden', message: 'Only an administrator can do this.' });
      await patch(agent, `/api/staff/organisations/${id}`, { active: false }).expect(403);
      await post(agent, `/api/staff/organisations/${id}/merge`, { intoId: id }).expect(403);
      await post(agent, '/api/staff/organisations/import', { csv: 'name_uk\nx', dryRun: false }).expect(403);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM organisations WHERE name_uk = 'x'`);
      expect(count).toBe(0);
    });

    it('needs the CSRF token for changes', async () => {
      await admin.http.post('/api/staff/organisations').send({ nameUk: 'Без токена' }).expect(403);
    });
  });

  describe('create, edit, deactivate, search', () => {
    let id: number;

    it('creates an organisation with checked codes, domains and contacts, and audits it', async () => {
      const { body } = await post(admin, '/api/staff/organisations', {
        ...UKRENERGO,
        eic: ' 10y1001c--00003f ',
        emailDomains: ['@UA.Ukrenergo.test'],
        notes: 'Оператор системи передачі',
        contacts: [{ name: 'Олена', email: 'Olena@ua.ukrenergo.test', phone: '+380441234567' }],
      }).expect(201);
      id = body.id;
      expect(body).toMatchObject({ ...UKRENERGO, active: true, emailDomains: ['ua.ukrenergo.test'], contacts: [{ name: 'Олена', email: 'Olena@ua.ukrenergo.test', phone: '+380441234567' }] });
      const [audit] = await t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'organisation.created' AND details->>'organisationId' = $1`, [String(id)]);
      expect(audit.details).toMatchObject({ edrpou: UKRENERGO.edrpou, eic: UKRENERGO.eic });
    });

    it('refuses a wrong check digit or character with a message in the caller\'s language', async () => {
      const uk = await post(admin, '/api/staff/organisations', { nameUk: 'Помилка', edrpou: '00100228' }).expect(400);
      expect(uk.body).toMatchObject({ code: 'edrpou_checksum' });
      expect(uk.body.message).toContain('контрольна цифра');
      const en = await post(admin, '/api/staff/organisations', { nameUk: 'Помилка', eic: '10X1001C--00003F' }).set('Accept-Language', 'en').expect(400);
      expect(en.body).toMatchObject({ code: 'eic_checksum' });
      expect(en.body.message).toContain('check character');
      await post(admin, '/api/staff/organisations', { nameUk: 'Помилка', edrpou: '1234' }).expect(400);
      await post(admin, '/api/staff/organisations', { nameUk: 'Помилка', emailDomains: ['not a domain'] }).expect(400);
      await post(admin, '/api/staff/organisations', { nameUk: 'Помилка', contacts: [{ email: 'nobody' }] }).expect(400);
    });

    it('keeps ЄДРПОУ and EIC unique (409), on create and on edit', async () => {
      const taken = await post(admin, '/api/staff/organisations', { nameUk: 'Двійник', edrpou: UKRENERGO.edrpou }).expect(409);
      expect(taken.body.code).toBe('organisation_code_taken');
      const other = await createOrganisation({ nameUk: 'Інша' });
      await patch(admin, `/api/staff/organisations/${other.id}`, { eic: UKRENERGO.eic }).expect(409);
    });

    it('edits, deactivates and reactivates, each audited', async () => {
      const { body } = await patch(admin, `/api/staff/organisations/${id}`, { notes: 'Оновлено', emailDomains: ['ua.ukrenergo.test', 'ukrenergo.test'] }).expect(200);
      expect(body).toMatchObject({ notes: 'Оновлено', emailDomains: ['ua.ukrenergo.test', 'ukrenergo.test'], edrpou: UKRENERGO.edrpou });
      await patch(admin, `/api/staff/organisations/${id}`, { active: false }).expect(200);
      expect((await admin.http.get('/api/staff/organisations?q=Укренерго').expect(200)).body.items).toEqual([]);
      expect((await admin.http.get('/api/staff/organisations?q=Укренерго&all=true').expect(200)).body.items).toHaveLength(1);
      await patch(admin, `/api/staff/organisations/${id}`, { active: true }).expect(200);
      const actions = await t.db.query(`SELECT action FROM audit_log WHERE details->>'organisationId' = $1 ORDER BY id`, [String(id)]);
      // Issue 18: each contact who joins gains access to the organisation's shared requests, so is audited too.
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['organisation.contact_added', 'organisation.created', 'organisation.updated', 'organisation.deactivated', 'organisation.reactivated']);
    });

    it('finds by name in either language, ЄДРПОУ and EIC, partially', async () => {
      for (const q of ['укренерго', 'Ukrenergo', '0010022', '10Y1001C']) {
        const { body } = await agent.http.get(`/api/staff/organisations?q=${encodeURIComponent(q)}`).expect(200);
        expect(body.items.map((o: { id: number }) => o.id)).toEqual([id]);
      }
      // LIKE's wildcards are text here.
      expect((await agent.http.get('/api/staff/organisations?q=%25').expect(200)).body.items).toEqual([]);
    });

    it('answers 404 for an unknown or impossible id, never 500', async () => {
      await agent.http.get('/api/staff/organisations/999999').expect(404);
      await agent.http.get('/api/staff/organisations/99999999999').expect(404);
      await agent.http.get('/api/staff/organisations/abc').expect(404);
    });
  });

  describe('linking a new request (ORGANISATION_LINKING=auto)', () => {
    let byContact: number;
    let byDomain: number;

    beforeAll(async () => {
      byContact = (await createOrganisation({ nameUk: 'ТОВ «Контакт»', contacts: [{ email: 'Boss@shared.test' }, { email: 'two@two-orgs.test' }] })).id;
      byDomain = (await createOrganisation({ nameUk: 'ТОВ «Домен»', emailDomains: ['domain.test', 'shared.test'] })).id;
      await createOrganisation({ nameUk: 'ТОВ «Друга з контактом»', contacts: [{ email: 'two@two-orgs.test' }] });
      await createOrganisation({ nameUk: 'ТОВ «Спільний домен 1»', emailDomains: ['ambiguous.test'] });
      await createOrganisation({ nameUk: 'ТОВ «Спільний домен 2»', emailDomains: ['ambiguous.test'] });
    });

    it('links to the one organisation the sender is a contact of, in any case, before any domain', async () => {
      expect(await organisationOf(await submit('boss@SHARED.test'))).toBe(byContact);
    });

    it('links by domain when the sender is no one\'s contact', async () => {
      expect(await organisationOf(await submit('anyone@Domain.test'))).toBe(byDomain);
      expect(await organisationOf(await submit('other@shared.test'))).toBe(byDomain);
    });

    it('links nothing when two organisations match, or none, or the one is deactivated', async () => {
      expect(await organisationOf(await submit('two@two-orgs.test'))).toBeNull();
      expect(await organisationOf(await submit('x@ambiguous.test'))).toBeNull();
      expect(await organisationOf(await submit('x@nowhere.test'))).toBeNull();
      const inactive = await createOrganisation({ nameUk: 'Вимкнена', emailDomains: ['inactive.test'] });
      await patch(admin, `/api/staff/organisations/${inactive.id}`, { active: false }).expect(200);
      expect(await organisationOf(await submit('x@inactive.test'))).toBeNull();
    });

    it('links a request that came by e-mail the same way', async () => {
      const raw = await new MailComposer({ from: 'Бухгалтер <accounts@Domain.test>', to: 'support@localhost', subject: 'Рахунок', text: 'Доброго дня, питання щодо рахунку.' }).compile().build();
      const result = await t.app.get(MailInService).receive(raw, 'test');
      expect(result).toMatchObject({ status: 'processed' });
      const [row] = await t.db.query(`SELECT organisation_id FROM tickets WHERE id = $1`, [result.ticketId]);
      expect(row.organisation_id).toBe(byDomain);
    });

    it('is still one statement', async () => {
      const spy = jest.spyOn(Client.prototype, 'query');
      try {
        await submit('boss@shared.test');
        expect(spy.mock.calls).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('the request page and the queue', () => {
    let organisation: number;
    let keysTicket: string;
    let regularTicket: string;
    let olderKeysTicket: string;

    beforeAll(async () => {
      organisation = (await createOrganisation({ ...OTHER, emailDomains: ['other-energy.test'], contacts: [{ name: 'Петро', email: 'petro@other-energy.test' }] })).id;
      olderKeysTicket = await submit('a@other-energy.test', KEYS_CATEGORY);
      regularTicket = await submit('b@other-energy.test', REGULAR_CATEGORY);
      keysTicket = await submit('petro@other-energy.test', KEYS_CATEGORY);
    });

    it('shows the organisation with its codes, contacts and other requests, newest first', async () => {
      const { body } = await admin.http.get(`/api/staff/tickets/${keysTicket}/organisation`).expect(200);
      expect(body.organisation).toMatchObject({ id: organisation, ...OTHER, contacts: [{ name: 'Петро', email: 'petro@other-energy.test' }] });
      expect(body.otherTickets.map((x: { trackingId: string }) => x.trackingId)).toEqual([regularTicket, olderKeysTicket]);
      expect(body.otherTickets[0]).toMatchObject({ status: 'new', subject: 'Питання щодо договору' });
    });

    it('never shows an agent a request outside their categories through the panel', async () => {
      const { body } = await agent.http.get(`/api/staff/tickets/${keysTicket}/organisation`).expect(200);
      expect(body.otherTickets.map((x: { trackingId: string }) => x.trackingId)).toEqual([olderKeysTicket]);
      // Nor the panel of a request they cannot see.
      await agent.http.get(`/api/staff/tickets/${regularTicket}/organisation`).expect(404);
    });

    it('filters the queue by organisation and finds requests by its name, ЄДРПОУ and EIC', async () => {
      const ids = (body: { items: { trackingId: string }[] }) => body.items.map((x) => x.trackingId).sort();
      const all = [keysTicket, regularTicket, olderKeysTicket].sort();
      expect(ids((await admin.http.get(`/api/staff/tickets?organisationId=${organisation}`).expect(200)).body)).toEqual(all);
      expect(ids((await agent.http.get(`/api/staff/tickets?organisationId=${organisation}`).expect(200)).body)).toEqual([keysTicket, olderKeysTicket].sort());
      for (const q of ['Інша енергія', OTHER.edrpou, OTHER.eic, '10yua-weps']) {
        expect(ids((await admin.http.get(`/api/staff/tickets?q=${encodeURIComponent(q)}`).expect(200)).body)).toEqual(all);
      }
      const counts = (await admin.http.get(`/api/staff/tickets/counts?organisationId=${organisation}`).expect(200)).body;
      expect(counts.new).toBe(3);
      const { body } = await admin.http.get(`/api/staff/tickets/${keysTicket}`).set('Accept-Language', 'en').expect(200);
      expect(body.organisation).toEqual({ id: organisation, name: OTHER.nameUk });
    });

    it('lets staff set and clear a request\'s organisation, audited', async () => {
      const unlinked = await submit('stranger@elsewhere.test', KEYS_CATEGORY);
      const { body } = await patch(agent, `/api/staff/tickets/${unlinked}`, { organisationId: organisation }).expect(200);
      expect(body.organisation).toEqual({ id: organisation, name: OTHER.nameUk });
      await patch(agent, `/api/staff/tickets/${unlinked}`, { organisationId: null }).expect(200);
      expect(await organisationOf(unlinked)).toBeNull();
      await patch(agent, `/api/staff/tickets/${unlinked}`, { organisationId: 999999 }).expect(400);
      const audit = await t.db.query(
        `SELECT a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = 'ticket.organisation_changed' ORDER BY a.id`,
        [unlinked],
      );
      expect(audit.map((a: { details: { to: number | null } }) => a.details.to)).toEqual([organisation, null]);
    });
  });

  describe('merge', () => {
    it('moves contacts, domains, requests and missing codes into the other one, deletes it, and audits what it was', async () => {
      const source = await createOrganisation({ nameUk: 'Стара назва', edrpou: '43178370', emailDomains: ['old-name.test'], contacts: [{ email: 'c1@old-name.test' }], notes: 'стара примітка' });
      const target = await createOrganisation({ nameUk: 'Нова назва', eic: '10YDE-VE-------2', contacts: [{ email: 'c2@new-name.test' }] });
      const ticket = await submit('someone@old-name.test');
      expect(await organisationOf(ticket)).toBe(source.id);
      const { body } = await post(admin, `/api/staff/organisations/${source.id}/merge`, { intoId: target.id }).expect(201);
      expect(body).toMatchObject({ id: target.id, edrpou: '43178370', eic: '10YDE-VE-------2', emailDomains: ['old-name.test'], notes: 'стара примітка' });
      expect(body.contacts.map((c: { email: string }) => c.email).sort()).toEqual(['c1@old-name.test', 'c2@new-name.test']);
      expect(await organisationOf(ticket)).toBe(target.id);
      await admin.http.get(`/api/staff/organisations/${source.id}`).expect(404);
      const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'organisation.merged' AND details->>'organisationId' = $1`, [String(target.id)]);
      expect(audit.details).toMatchObject({ from: { id: source.id, nameUk: 'Стара назва', edrpou: '43178370' }, movedTickets: 1, movedContacts: 1 });
      await post(admin, `/api/staff/organisations/${target.id}/merge`, { intoId: target.id }).expect(400);
      await post(admin, `/api/staff/organisations/${target.id}/merge`, { intoId: 999999 }).expect(404);
    });
  });

  describe('CSV import and export', () => {
    const csv = [
      'name_uk,name_en,edrpou,eic,email_domains,contacts,notes,active',
      'ТОВ «Нова»,New LLC,37508470,,new-llc.test,first@new-llc.test; second@new-llc.test,,true',
      `НЕК «Укренерго» (оновлено),,${UKRENERGO.edrpou},,,,,`,
      'Погана,,37508471,,,,,',
      'Без коду EIC,,,10YUA-WEPS-----1,,,,',
      ',,,,,,,',
      'Двічі,,37508470,,,,,',
      'Дивна,,,,,,,maybe',
    ].join('\n');

    it('a dry run writes nothing and tells, per row, what would be created, updated or rejected and why', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS count FROM organisations`);
      const { body } = await post(admin, '/api/staff/organisations/import', { csv, dryRun: true }).set('Accept-Language', 'en').expect(201);
      expect(body).toMatchObject({ dryRun: true, created: 1, updated: 1, rejected: 5 });
      expect(body.rows.map((r: { line: number; action: string }) => [r.line, r.action])).toEqual([
        [2, 'create'],
        [3, 'update'],
        [4, 'reject'],
        [5, 'reject'],
        [6, 'reject'],
        [7, 'reject'],
        [8, 'reject'],
      ]);
      expect(body.rows[2].reasons[0]).toContain('check digit');
      expect(body.rows[3].reasons[0]).toContain('check character');
      expect(body.rows[4].reasons[0]).toContain('name in Ukrainian');
      expect(body.rows[5].reasons[0]).toContain('line 2');
      expect(body.rows[6].reasons[0]).toContain('true or false');
      expect(await t.db.query(`SELECT count(*)::int AS count FROM organisations`)).toEqual(before);
      const uk = await post(admin, '/api/staff/organisations/import', { csv }).expect(201);
      expect(uk.body.dryRun).toBe(true);
      expect(uk.body.rows[2].reasons[0]).toContain('контрольна цифра');
    });

    it('applying writes the valid rows and audits the import', async () => {
      const { body } = await post(admin, '/api/staff/organisations/import', { csv, dryRun: false }).expect(201);
      expect(body).toMatchObject({ dryRun: false, created: 1, updated: 1, rejected: 5 });
      const created = (await admin.http.get(`/api/staff/organisations/${body.rows[0].organisationId}`).expect(200)).body;
      expect(created).toMatchObject({ nameUk: 'ТОВ «Нова»', nameEn: 'New LLC', edrpou: '37508470', emailDomains: ['new-llc.test'] });
      expect(created.contacts.map((c: { email: string }) => c.email)).toEqual(['first@new-llc.test', 'second@new-llc.test']);
      const updated = (await admin.http.get(`/api/staff/organisations/${body.rows[1].organisationId}`).expect(200)).body;
      // What the row left empty stays as it was.
      expect(updated).toMatchObject({ nameUk: 'НЕК «Укренерго» (оновлено)', nameEn: UKRENERGO.nameEn, eic: UKRENERGO.eic, emailDomains: ['ua.ukrenergo.test', 'ukrenergo.test'] });
      expect(updated.contacts).toHaveLength(1);
      const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'organisation.imported' ORDER BY id DESC LIMIT 1`);
      expect(audit.details).toEqual({ created: 1, updated: 1, rejected: 5 });
    });

    it('issue 18: reads default_visibility (organisation or private, any case; empty keeps the choice), rejects another value with a row error in uk/en, and exports it', async () => {
      const file = [
        'name_uk,edrpou,default_visibility',
        'Спільна за замовчуванням,41094411,ORGANISATION',
        'Приватна за замовчуванням,42366106,private',
        'Невідома видимість,00032129,everyone',
        'Без вибору,40075815,',
      ].join('\n');
      const dry = await post(admin, '/api/staff/organisations/import', { csv: file, dryRun: true }).set('Accept-Language', 'en').expect(201);
      expect(dry.body.rows.map((r: { action: string }) => r.action)).toEqual(['create', 'create', 'reject', 'create']);
      expect(dry.body.rows[2].reasons).toEqual([expect.stringContaining('Column default_visibility: "everyone"')]);
      const uk = await post(admin, '/api/staff/organisations/import', { csv: file, dryRun: true }).set('Accept-Language', 'uk').expect(201);
      expect(uk.body.rows[2].reasons).toEqual([expect.stringContaining('Стовпець default_visibility: «everyone»')]);

      const { body } = await post(admin, '/api/staff/organisations/import', { csv: file, dryRun: false }).expect(201);
      expect(body).toMatchObject({ created: 3, rejected: 1 });
      const visibilityOf = async (id: number) => (await admin.http.get(`/api/staff/organisations/${id}`).expect(200)).body.defaultVisibility;
      expect(await visibilityOf(body.rows[0].organisationId)).toBe('organisation');
      expect(await visibilityOf(body.rows[1].organisationId)).toBe('private');
      // No choice: a new organisation starts private, as the form's does.
      expect(await visibilityOf(body.rows[3].organisationId)).toBe('private');
      expect(await t.db.query(`SELECT 1 FROM organisations WHERE edrpou = '00032129'`)).toEqual([]);

      // An update with the column empty keeps the organisation's choice; with a value, changes it.
      const again = await post(admin, '/api/staff/organisations/import', { csv: 'name_uk,edrpou,default_visibility\nСпільна за замовчуванням,41094411,\nБез вибору,40075815,organisation', dryRun: false }).expect(201);
      expect(again.body).toMatchObject({ updated: 2, rejected: 0 });
      expect(await visibilityOf(body.rows[0].organisationId)).toBe('organisation');
      expect(await visibilityOf(body.rows[3].organisationId)).toBe('organisation');

      const exported = (await agent.http.get('/api/staff/organisations/export.csv').expect(200)).text;
      expect(exported).toMatch(/Спільна за замовчуванням,,41094411,.*,organisation\r?\n/);
      expect(exported).toMatch(/Приватна за замовчуванням,,42366106,.*,private\r?\n/);
    });

    it('refuses a file without the header or unreadable, with a message', async () => {
      const { body } = await post(admin, '/api/staff/organisations/import', { csv: 'name,code\nx,y' }).set('Accept-Language', 'en').expect(400);
      expect(body.code).toBe('import_columns_missing');
      await post(admin, '/api/staff/organisations/import', { csv: 'name_uk\n"unterminated' }).expect(400);
    });

    it('exports every organisation in the columns the import reads, so an export imports back as updates', async () => {
      const response = await agent.http.get('/api/staff/organisations/export.csv').expect(200);
      expect(response.headers['content-type']).toMatch(/text\/csv/);
      const text = response.text.replace(/^\uFEFF/, '');
      expect(text.split('\n')[0]).toBe('name_uk,name_en,edrpou,eic,email_domains,contacts,notes,active,default_visibility');
      expect(text).toContain(`${UKRENERGO.edrpou},${UKRENERGO.eic}`);
      const { body } = await post(admin, '/api/staff/organisations/import', { csv: text, dryRun: true }).expect(201);
      expect(body.rejected).toBe(0);
      expect(body.rows.filter((r: { action: string; edrpou: string | null }) => r.edrpou).every((r: { action: string }) => r.action === 'update')).toBe(true);
    });
  });
});

describe('ORGANISATION_LINKING=suggest (issue 18)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', ORGANISATION_LINKING: 'suggest' });
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
    admin = { http, csrf: body.csrfToken };
  });
  afterAll(() => t.close());

  it('leaves the request unlinked and suggests the organisation on its page; staff link it', async () => {
    const { body: organisation } = await admin.http.post('/api/staff/organisations').set('X-CSRF-Token', admin.csrf).send({ nameUk: 'Пропонована', emailDomains: ['suggested.test'] }).expect(201);
    const { body: ticket } = await t.http.post('/api/tickets').send({ name: 'Учасник', email: 'x@suggested.test', subject: 'Тема', message: 'Текст повідомлення.' }).expect(201);
    const [{ organisation_id }] = await t.db.query(`SELECT organisation_id FROM tickets WHERE tracking_id = $1`, [ticket.trackingId]);
    expect(organisation_id).toBeNull();
    const { body: panel } = await admin.http.get(`/api/staff/tickets/${ticket.trackingId}/organisation`).expect(200);
    expect(panel).toEqual({ organisation: null, suggested: expect.objectContaining({ id: organisation.id, nameUk: 'Пропонована' }), otherTickets: [] });
    await admin.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', admin.csrf).send({ organisationId: organisation.id }).expect(200);
    const { body: linked } = await admin.http.get(`/api/staff/tickets/${ticket.trackingId}/organisation`).expect(200);
    expect(linked.organisation).toMatchObject({ id: organisation.id });
  });
});
